package nn

import (
	"fmt"
	"slices"

	"github.com/deeptheory/deeptheory/autograd"
	"github.com/deeptheory/deeptheory/tensor"
)

// The losses map a network's output and the targets to a scalar loss
// variable, the mean over the N samples of a batch. The math lives in
// package autograd (built from its differentiable primitives); these
// functions fix the conventions a training loop uses:
//
//   - CrossEntropy: logits [N, K] and class indices labels []int in [0, K);
//   - ExpLoss, LogisticLoss, HingeLoss: scores [N] or [N, 1] and labels y
//     [N] of ±1 (the same count of scores and labels);
//   - MSELoss: an output and a target of the same shape, or [N, 1] against [N].

// CrossEntropy is −(1/N) Σₙ log softmax(logits[n])[labels[n]] for logits
// [N, K] (PyTorch's cross_entropy; autograd.CrossEntropy). It panics if
// len(labels) ≠ N or a label is not in [0, K).
func CrossEntropy[T Float](logits *autograd.Var[T], labels []int) *autograd.Var[T] {
	return autograd.CrossEntropy(logits, labels)
}

// ExpLoss is (1/N) Σᵢ exp(−yᵢ·fᵢ) for scores f and labels y of ±1
// (autograd.ExpLoss). It overflows to +Inf once a margin yᵢ·fᵢ is below
// about −88.7 (float32) or −709.8 (float64), and underflows to 0 with a
// zero gradient once every margin is above about 103 (float32) or 745
// (float64); LogExpLoss, its logarithm in the log domain, is finite for
// any finite scores.
func ExpLoss[T Float](scores *autograd.Var[T], y *tensor.Tensor[T]) *autograd.Var[T] {
	return autograd.ExpLoss(matchScores("ExpLoss", scores, y), autograd.Const(y))
}

// LogisticLoss is (1/N) Σᵢ log(1 + exp(−yᵢ·fᵢ)) for scores f and labels y
// of ±1 (autograd.LogisticLoss).
func LogisticLoss[T Float](scores *autograd.Var[T], y *tensor.Tensor[T]) *autograd.Var[T] {
	return autograd.LogisticLoss(matchScores("LogisticLoss", scores, y), autograd.Const(y))
}

// HingeLoss is (1/N) Σᵢ max(0, 1 − yᵢ·fᵢ) for scores f and labels y of ±1
// (autograd.HingeLoss).
func HingeLoss[T Float](scores *autograd.Var[T], y *tensor.Tensor[T]) *autograd.Var[T] {
	return autograd.HingeLoss(matchScores("HingeLoss", scores, y), autograd.Const(y))
}

// MSELoss is the mean of (outᵢ − targetᵢ)² over all elements
// (autograd.MSELoss).
func MSELoss[T Float](out *autograd.Var[T], target *tensor.Tensor[T]) *autograd.Var[T] {
	return autograd.MSELoss(matchScores("MSELoss", out, target), autograd.Const(target))
}

// matchScores returns out, squeezed from [N, 1] to [N] when y is [N]; it
// panics if the shapes then differ.
func matchScores[T Float](op string, out *autograd.Var[T], y *tensor.Tensor[T]) *autograd.Var[T] {
	outShape, ys := out.Shape(), y.Shape()
	if len(outShape) == 2 && outShape[1] == 1 && len(ys) == 1 && ys[0] == outShape[0] {
		return autograd.Reshape(out, outShape[0])
	}
	if !slices.Equal(outShape, ys) {
		panic(fmt.Sprintf("nn: %s: output %v and targets %v do not match", op, outShape, ys))
	}
	return out
}
