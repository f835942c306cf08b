package autograd

import "github.com/deeptheory/deeptheory/internal/kernel"

// LogSumExp returns log Σᵢ exp(xᵢ) over all elements, a scalar, computed
// stably (see LogSumExpAxis). Gradient: x̄ = ḡ·softmax(x) = ḡ·exp(x − y).
func LogSumExp[T Float](x *Var[T]) *Var[T] {
	return LogSumExpAxis(Reshape(x, -1), 0, false)
}

// LogSumExpAxis returns y = log Σ_j exp(x[..., j, ...]) over axis, dropping
// the axis or keeping it with size 1. It is computed stably as
// m + log Σ_j exp(x_j − m) with m the maximum along the axis, so it neither
// overflows for large x nor underflows to −∞ for very negative x.
// Gradient: x̄ = ḡ·exp(x − y), ḡ and y broadcast along the axis (the
// softmax of x); the rule uses the recorded y, so it differentiates again.
func LogSumExpAxis[T Float](x *Var[T], axis int, keepDim bool) *Var[T] {
	axis = normAxis("LogSumExpAxis", axis, x.Shape())
	tp := x.tape
	value := tp.alloc(reducedShape(x.Shape(), axis, keepDim)...)
	outer, n, inner := splitAxis(x.Shape(), axis)
	kernel.LogSumExpAxis(value.Data(), x.value.Data(), outer, n, inner)
	var y *Var[T]
	y = tp.record(value, func(g *Var[T]) []*Var[T] {
		kept := keptShape(x.Shape(), axis)
		return []*Var[T]{Mul(Reshape(g, kept...), Exp(Sub(x, Reshape(y, kept...))))}
	}, x)
	return y
}

// Softmax returns y = exp(x − LogSumExpAxis(x, axis)) along axis:
// y_j = exp(x_j) / Σ_k exp(x_k), stable for any x. A composite; its
// gradient is x̄ = y·(ḡ − Σ_k ḡ_k·y_k).
func Softmax[T Float](x *Var[T], axis int) *Var[T] {
	axis = normAxis("Softmax", axis, x.Shape())
	return Exp(LogSoftmax(x, axis))
}

// LogSoftmax returns y = x − LogSumExpAxis(x, axis) along axis:
// y_j = x_j − log Σ_k exp(x_k), stable for any x. A composite; its gradient
// is x̄ = ḡ − softmax(x)·Σ_k ḡ_k.
func LogSoftmax[T Float](x *Var[T], axis int) *Var[T] {
	axis = normAxis("LogSoftmax", axis, x.Shape())
	return Sub(x, LogSumExpAxis(x, axis, true))
}
