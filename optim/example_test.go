package optim_test

import (
	"fmt"

	"github.com/deeptheory/deeptheory/autograd"
	"github.com/deeptheory/deeptheory/optim"
	"github.com/deeptheory/deeptheory/tensor"
)

// Minimize f(θ) = Σ (θ − 3)² with Nesterov momentum; the loop is the one every
// training run has: reset the tape, compute the loss, step.
func ExampleSGD() {
	theta := tensor.FromSlice([]float64{0, 10}, 2)
	params := []autograd.Param[float64]{{Name: "theta", Value: theta}}
	opt := optim.NewSGD(params, optim.SGDConfig{LR: 0.1, Momentum: 0.9, Nesterov: true})
	tp := autograd.NewTape[float64]()
	for range 100 {
		tp.Reset()
		loss := autograd.Sum(autograd.Square(autograd.AddScalar(tp.Param(theta), -3)))
		opt.Step(loss)
	}
	fmt.Printf("θ = [%.4f %.4f] after %d steps\n", theta.At(0), theta.At(1), opt.Steps())
	// Output: θ = [3.0000 3.0000] after 100 steps
}

// A schedule maps the step count to a learning rate: here a linear warm-up
// over 5 steps into a cosine decay from 0.1 to 0.01 over 100.
func ExampleWarmup() {
	lr := optim.Warmup(optim.Cosine(0.1, 0.01, 100), 5, 0)
	for _, step := range []int{0, 2, 5, 50, 100} {
		fmt.Printf("step %3d: lr %.4f\n", step, lr(step))
	}
	// Output:
	// step   0: lr 0.0000
	// step   2: lr 0.0400
	// step   5: lr 0.0994
	// step  50: lr 0.0550
	// step 100: lr 0.0100
}
