package torchref

import (
	"fmt"
	"math"

	"github.com/deeptheory/deeptheory/autograd"
	"github.com/deeptheory/deeptheory/nn"
	"github.com/deeptheory/deeptheory/tensor"
)

// lossFunc is a loss as the traj/ cases store it: the network's output and
// a target tensor y, class indices held as floats for cross_entropy.
type lossFunc func(out *autograd.Var[float64], y *tensor.Tensor[float64]) *autograd.Var[float64]

// lossNamed returns the nn loss called name in the traj/ cases'
// "loss" metadata: "exp_loss", "logistic_loss", "hinge_loss", "mse_loss",
// "cross_entropy". ok is false for any other name.
func lossNamed(name string) (loss lossFunc, ok bool) {
	switch name {
	case "exp_loss":
		return nn.ExpLoss[float64], true
	case "logistic_loss":
		return nn.LogisticLoss[float64], true
	case "hinge_loss":
		return nn.HingeLoss[float64], true
	case "mse_loss":
		return nn.MSELoss[float64], true
	case "cross_entropy":
		return func(out *autograd.Var[float64], y *tensor.Tensor[float64]) *autograd.Var[float64] {
			return nn.CrossEntropy(out, classLabels(y))
		}, true
	}
	return nil, false
}

// classLabels converts class indices held as floats (the cases store every
// tensor as floats) to ints. It panics on a value that is not a
// non-negative integer: ReproduceTraj turns the panic into an error.
func classLabels(y *tensor.Tensor[float64]) []int {
	labels := make([]int, y.Len())
	for i, f := range y.Data() {
		if f < 0 || f != math.Trunc(f) || f > math.MaxInt32 {
			panic(fmt.Sprintf("torchref: y[%d] = %v is not a class index", i, f))
		}
		labels[i] = int(f)
	}
	return labels
}
