package nn

import (
	"fmt"
	"math"
	"slices"

	"github.com/deeptheory/deeptheory/autograd"
	"github.com/deeptheory/deeptheory/tensor"
)

// Loss maps a network's output and the targets y to a scalar loss
// variable, the mean over the batch. The math lives in package autograd;
// these wrappers only adapt shapes and targets:
//
//   - binary losses (ExpLoss, LogisticLoss, HingeLoss) take scores [N] or
//     [N, 1] (squeezed) and labels y [N] of ±1;
//   - CrossEntropyLoss takes logits [N, K] and class indices y [N] held as
//     floats (as in the torchref cases);
//   - MSELoss takes an output and a target of the same shape, or [N, 1]
//     against [N].
type Loss[T Float] func(out *autograd.Var[T], y *tensor.Tensor[T]) *autograd.Var[T]

// ExpLoss is (1/N) Σᵢ exp(−yᵢ·fᵢ) (autograd.ExpLoss).
func ExpLoss[T Float](out *autograd.Var[T], y *tensor.Tensor[T]) *autograd.Var[T] {
	return autograd.ExpLoss(scores("ExpLoss", out, y), autograd.Const(y))
}

// LogisticLoss is (1/N) Σᵢ log(1 + exp(−yᵢ·fᵢ)) (autograd.LogisticLoss).
func LogisticLoss[T Float](out *autograd.Var[T], y *tensor.Tensor[T]) *autograd.Var[T] {
	return autograd.LogisticLoss(scores("LogisticLoss", out, y), autograd.Const(y))
}

// HingeLoss is (1/N) Σᵢ max(0, 1 − yᵢ·fᵢ) (autograd.HingeLoss).
func HingeLoss[T Float](out *autograd.Var[T], y *tensor.Tensor[T]) *autograd.Var[T] {
	return autograd.HingeLoss(scores("HingeLoss", out, y), autograd.Const(y))
}

// MSELoss is the mean of (outᵢ − yᵢ)² over all elements (autograd.MSELoss).
func MSELoss[T Float](out *autograd.Var[T], y *tensor.Tensor[T]) *autograd.Var[T] {
	return autograd.MSELoss(scores("MSELoss", out, y), autograd.Const(y))
}

// CrossEntropyLoss is −(1/N) Σₙ log softmax(out[n])[yₙ] for logits [N, K]
// and class indices y [N] (autograd.CrossEntropy). It panics if a yₙ is not
// an integer in [0, K).
func CrossEntropyLoss[T Float](out *autograd.Var[T], y *tensor.Tensor[T]) *autograd.Var[T] {
	return autograd.CrossEntropy(out, Labels(y))
}

// Labels converts class indices held as floats to ints. It panics on a
// value that is not a non-negative integer.
func Labels[T Float](y *tensor.Tensor[T]) []int {
	labels := make([]int, y.Len())
	for i, v := range y.Data() {
		f := float64(v)
		if f < 0 || f != math.Trunc(f) || f > math.MaxInt32 {
			panic(fmt.Sprintf("nn: Labels: y[%d] = %v is not a class index", i, v))
		}
		labels[i] = int(f)
	}
	return labels
}

// scores returns out, squeezed from [N, 1] to [N] when y is [N]; it panics
// if the shapes then differ.
func scores[T Float](op string, out *autograd.Var[T], y *tensor.Tensor[T]) *autograd.Var[T] {
	outShape, ys := out.Shape(), y.Shape()
	if len(outShape) == 2 && outShape[1] == 1 && len(ys) == 1 && ys[0] == outShape[0] {
		return autograd.Reshape(out, outShape[0])
	}
	if !slices.Equal(outShape, ys) {
		panic(fmt.Sprintf("nn: %s: output %v and targets %v do not match", op, outShape, ys))
	}
	return out
}

// Summed turns a mean loss into a sum over the batch: N·loss(out, y), with
// N = y's first dimension (the paper's L = Σₙ e^{−yₙf(xₙ)}).
func Summed[T Float](loss Loss[T]) Loss[T] {
	return func(out *autograd.Var[T], y *tensor.Tensor[T]) *autograd.Var[T] {
		return autograd.MulScalar(loss(out, y), T(y.Dim(0)))
	}
}

// LossNamed returns the loss called name, with the names of the torchref
// cases: "exp_loss", "logistic_loss", "hinge_loss", "mse_loss",
// "cross_entropy". ok is false for any other name.
func LossNamed[T Float](name string) (loss Loss[T], ok bool) {
	switch name {
	case "exp_loss":
		return ExpLoss[T], true
	case "logistic_loss":
		return LogisticLoss[T], true
	case "hinge_loss":
		return HingeLoss[T], true
	case "mse_loss":
		return MSELoss[T], true
	case "cross_entropy":
		return CrossEntropyLoss[T], true
	}
	return nil, false
}
