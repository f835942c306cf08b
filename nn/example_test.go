package nn_test

import (
	"fmt"
	"math/rand/v2"

	"github.com/deeptheory/deeptheory/autograd"
	"github.com/deeptheory/deeptheory/nn"
	"github.com/deeptheory/deeptheory/optim"
	"github.com/deeptheory/deeptheory/tensor"
)

// Train a two-layer ReLU classifier on the XOR of the quadrants: class 1
// where x₁·x₂ > 0.
func Example() {
	r := rand.New(rand.NewPCG(1, 2))
	x, y := tensor.RandN[float64](r, 200, 2), tensor.Zeros[float64](200)
	for i := range 200 {
		if x.At(i, 0)*x.At(i, 1) > 0 {
			y.Data()[i] = 1
		}
	}

	model := nn.NewSequential[float64](nn.NewDense[float64](r, 2, 32, true), nn.ReLU[float64]{}, nn.NewDense[float64](r, 32, 2, true))
	params := nn.Tensors(model.Params())
	opt := optim.NewAdam[float64](optim.AdamDefaults(0.02))
	tp := autograd.NewTape[float64]()
	for range 300 {
		tp.Reset()
		loss := nn.CrossEntropyLoss(model.Forward(tp, tp.Const(x)), y)
		opt.Step(params, nn.Gradients(loss, params))
	}

	accuracy := nn.Accuracy(model.Forward(nil, autograd.Const(x)).Value(), y)
	fmt.Printf("training accuracy %.0f%%\n", 100*accuracy)
	// Output: training accuracy 100%
}
