package nn

import (
	"fmt"
	"slices"

	"github.com/deeptheory/deeptheory/autograd"
	"github.com/deeptheory/deeptheory/tensor"
)

// The losses map a network's output and the targets to a scalar loss
// variable, the mean over the N samples of a batch. Each is a composite of
// package autograd's differentiable primitives (so gradients of any order
// come with them), with the conventions a training loop uses:
//
//   - CrossEntropy: logits [N, K] and class indices labels []int in [0, K);
//   - ExpLoss, LogisticLoss, HingeLoss: scores [N] or [N, 1] and labels y
//     [N] of ±1 (the same count of scores and labels);
//   - MSELoss: an output and a target of the same shape, or [N, 1] against [N].

// CrossEntropy is PyTorch's cross_entropy (reduction "mean") of logits
// [N, K] against class indices labels (len N, each in [0, K)):
//
//	L = −(1/N) Σₙ log softmax(logits[n])[labels[n]].
//
// Built as the sum of autograd.LogSoftmax along axis 1 weighted by the
// constant −1/N at each label. Gradient:
// logits̄[n] = (ḡ/N)·(softmax(logits[n]) − e_{labels[n]}). It panics if
// len(labels) ≠ N or a label is out of range.
func CrossEntropy[T Float](logits *autograd.Var[T], labels []int) *autograd.Var[T] {
	shape := logits.Shape()
	if len(shape) != 2 || shape[0] != len(labels) {
		panic(fmt.Sprintf("nn: CrossEntropy: logits of shape %v for %d labels: want [N K] with N = %d", shape, len(labels), len(labels)))
	}
	n, k := shape[0], shape[1]
	tp := logits.Tape()
	weights := tp.Zeros(n, k) // tensor.Zeros, or the tape's scratch
	data := weights.Data()
	for i, label := range labels {
		if label < 0 || label >= k {
			panic(fmt.Sprintf("nn: CrossEntropy: label %d of sample %d out of range [0, %d)", label, i, k))
		}
		data[i*k+label] = -1 / T(n)
	}
	return autograd.Sum(autograd.Mul(autograd.LogSoftmax(logits, 1), tp.Const(weights)))
}

// ExpLoss is the exponential loss of scores f against labels y of ±1,
//
//	L = (1/N) Σᵢ exp(−yᵢ·fᵢ),
//
// with gradient f̄ᵢ = −(ḡ/N)·yᵢ·exp(−yᵢ·fᵢ). It overflows to +Inf once a
// margin yᵢ·fᵢ is below about −88.7 (float32) or −709.8 (float64), and
// underflows to 0 with a zero gradient once every margin is above about 103
// (float32) or 745 (float64); LogExpLoss, its logarithm computed in the log
// domain, is finite for any finite scores. It is the primitive
// autograd.MeanExpMargin: the composite Mean(Exp(−y·f)) in one operation,
// with the same bits.
func ExpLoss[T Float](scores *autograd.Var[T], y *tensor.Tensor[T]) *autograd.Var[T] {
	return autograd.MeanExpMargin(matchScores("ExpLoss", scores, y), y)
}

// LogisticLoss is the logistic loss of scores f against labels y of ±1,
//
//	L = (1/N) Σᵢ log(1 + exp(−yᵢ·fᵢ)),
//
// computed as autograd.Softplus(−y·f), which neither overflows nor loses
// precision for large margins of either sign. Gradient:
// f̄ᵢ = −(ḡ/N)·yᵢ·σ(−yᵢ·fᵢ).
func LogisticLoss[T Float](scores *autograd.Var[T], y *tensor.Tensor[T]) *autograd.Var[T] {
	return autograd.Mean(autograd.Softplus(negMargins("LogisticLoss", scores, y)))
}

// HingeLoss is the hinge loss of scores f against labels y of ±1,
//
//	L = (1/N) Σᵢ max(0, 1 − yᵢ·fᵢ),
//
// with gradient f̄ᵢ = −(ḡ/N)·yᵢ where yᵢ·fᵢ < 1, else 0 (also at the kink
// yᵢ·fᵢ = 1, ReLU's choice).
func HingeLoss[T Float](scores *autograd.Var[T], y *tensor.Tensor[T]) *autograd.Var[T] {
	return autograd.Mean(autograd.ReLU(autograd.AddScalar(negMargins("HingeLoss", scores, y), 1)))
}

// MSELoss is the mean squared error over all elements,
//
//	L = (1/M) Σᵢ (outᵢ − targetᵢ)²,
//
// with gradient outᵢ̄ = (2ḡ/M)·(outᵢ − targetᵢ).
func MSELoss[T Float](out *autograd.Var[T], target *tensor.Tensor[T]) *autograd.Var[T] {
	return autograd.Mean(autograd.Square(autograd.Sub(matchScores("MSELoss", out, target), out.Tape().Const(target))))
}

// negMargins returns −y·f, f the scores squeezed to y's shape.
func negMargins[T Float](op string, scores *autograd.Var[T], y *tensor.Tensor[T]) *autograd.Var[T] {
	return autograd.Neg(autograd.Mul(scores.Tape().Const(y), matchScores(op, scores, y)))
}

// matchScores returns out, squeezed from [N, 1] to [N] when y is [N]; it
// panics if the shapes then differ (a silent broadcast of [N, 1] against [N]
// would compare every output with every label).
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
