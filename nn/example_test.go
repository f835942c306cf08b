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
// where x₁·x₂ > 0. The loop is the one of the package doc and README.
func Example() {
	r := rand.New(rand.NewPCG(1, 2))
	x, labels := tensor.RandN[float64](r, 200, 2), make([]int, 200)
	for i := range labels {
		if x.At(i, 0)*x.At(i, 1) > 0 {
			labels[i] = 1
		}
	}

	model := nn.NewSequential[float64](
		nn.NewDense[float64](r, 2, 16, true), nn.ReLU[float64]{},
		nn.NewDense[float64](r, 16, 2, true))
	opt := optim.NewSGD(model.Params(), optim.SGDConfig{LR: 0.1, Momentum: 0.9})
	tp := autograd.NewTape[float64]()
	for range 300 {
		tp.Reset()
		loss := nn.CrossEntropy(model.Forward(tp.Const(x)), labels)
		opt.Step(loss)
	}
	pred := model.Forward(autograd.Const(x)).Value() // inference: no tape

	fmt.Printf("training accuracy %.0f%%\n", 100*nn.Accuracy(pred, labels))
	// Output: training accuracy 100%
}
