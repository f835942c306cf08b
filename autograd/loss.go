package autograd

import (
	"fmt"
	"slices"
)

// sameShape panics unless a and b have equal shapes. Losses insist on it: a
// silent broadcast of [N, 1] against [N] would compare every output with
// every label.
func sameShape[T Float](op string, a, b *Var[T]) {
	if !slices.Equal(a.Shape(), b.Shape()) {
		panicf("%s: shapes %v and %v differ", op, a.Shape(), b.Shape())
	}
}

// CrossEntropy returns the mean cross-entropy of logits [N, K] against class
// labels (len N, each in [0, K)), PyTorch's cross_entropy with reduction "mean":
//
//	L = −(1/N) Σₙ log softmax(logits[n])[labels[n]].
//
// A composite: LogSoftmax along axis 1, weighted by the constant −1/N at each
// label and summed. Gradient: logits̄[n] = (ḡ/N)·(softmax(logits[n]) − e_{labels[n]}).
// It panics on a label out of range.
func CrossEntropy[T Float](logits *Var[T], labels []int) *Var[T] {
	shape := logits.Shape()
	if len(shape) != 2 || shape[0] != len(labels) {
		panicf("CrossEntropy: logits of shape %v for %d labels: want [N K] with N = %d", shape, len(labels), len(labels))
	}
	n, k := shape[0], shape[1]
	tp := logits.tape
	weights := tp.alloc(n, k)
	data := weights.Data()
	for i, label := range labels {
		if label < 0 || label >= k {
			panic(fmt.Sprintf("autograd: CrossEntropy: label %d of sample %d out of range [0, %d)", label, i, k))
		}
		data[i*k+label] = -1 / T(n)
	}
	return Sum(Mul(LogSoftmax(logits, 1), tp.wrap(weights)))
}

// ExpLoss returns the mean exponential loss of scores f against labels y = ±1
// (same shape): L = (1/N) Σᵢ exp(−yᵢ·fᵢ). A composite.
// Gradient: f̄ᵢ = −(ḡ/N)·yᵢ·exp(−yᵢ·fᵢ), and likewise ȳᵢ with f and y swapped.
func ExpLoss[T Float](f, y *Var[T]) *Var[T] {
	sameShape("ExpLoss", f, y)
	return Mean(Exp(Neg(Mul(y, f))))
}

// LogisticLoss returns the mean logistic loss of scores f against labels
// y = ±1 (same shape): L = (1/N) Σᵢ log(1 + exp(−yᵢ·fᵢ)), computed as
// Softplus(−y·f), which neither overflows nor loses precision for large
// margins of either sign. A composite.
// Gradient: f̄ᵢ = −(ḡ/N)·yᵢ·σ(−yᵢ·fᵢ).
func LogisticLoss[T Float](f, y *Var[T]) *Var[T] {
	sameShape("LogisticLoss", f, y)
	return Mean(Softplus(Neg(Mul(y, f))))
}

// MSELoss returns the mean squared error L = (1/N) Σᵢ (aᵢ − bᵢ)² over all
// elements of a and b (same shape). A composite.
// Gradient: āᵢ = (2ḡ/N)·(aᵢ − bᵢ) = −b̄ᵢ.
func MSELoss[T Float](a, b *Var[T]) *Var[T] {
	sameShape("MSELoss", a, b)
	return Mean(Square(Sub(a, b)))
}

// HingeLoss returns the mean hinge loss of scores f against labels y = ±1
// (same shape): L = (1/N) Σᵢ max(0, 1 − yᵢ·fᵢ). A composite (ReLU of the
// margin deficit). Gradient: f̄ᵢ = −(ḡ/N)·yᵢ where yᵢ·fᵢ < 1, else 0; at
// the kink yᵢ·fᵢ = 1 it is 0 (ReLU's choice).
func HingeLoss[T Float](f, y *Var[T]) *Var[T] {
	sameShape("HingeLoss", f, y)
	return Mean(ReLU(AddScalar(Neg(Mul(y, f)), 1)))
}
