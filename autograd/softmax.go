package autograd

import (
	"math"

	"github.com/deeptheory/deeptheory/tensor"
)

// LogSumExp returns y = log Σᵢ exp(xᵢ) over all elements, a scalar, computed
// stably (see LogSumExpAxis). Gradient: x̄ = ḡ·softmax(x) = ḡ·exp(x − y).
func LogSumExp[T Float](x *Var[T]) *Var[T] {
	return LogSumExpAxis(Reshape(x, -1), 0, false)
}

// LogSumExpAxis returns y = log Σ_j exp(x[..., j, ...]) over axis, dropping
// the axis or keeping it with size 1. It is computed stably as
//
//	y = m + log Σ_j exp(x_j − m),  m = max_j x_j (0 where that is ±∞),
//
// so it neither overflows for large x nor underflows to −∞ for very negative x.
// A composite: m is an unrecorded constant (y does not depend on it), then
// Sub, Exp, SumAxis, Log, Add. Gradient: x̄ = ḡ·exp(x − y), the softmax of x,
// ḡ broadcast along the axis. (A fused primitive with this rule measured
// slower: it evaluates exp twice, where Exp's rule reuses its output.)
func LogSumExpAxis[T Float](x *Var[T], axis int, keepDim bool) *Var[T] {
	axis = normAxis("LogSumExpAxis", axis, x.Shape())
	tp := x.tape
	shift := tp.alloc(appendReduced(tp.shapeBuf(), x.Shape(), axis, true)...)
	if x.Shape()[axis] > 0 {
		tensor.MaxAxisInto(shift, x.value, axis)
		for i, m := range shift.Data() {
			if math.IsInf(float64(m), 0) {
				shift.Data()[i] = 0 // exact without a shift: exp gives 0 or +∞
			}
		}
	}
	m := tp.wrap(shift)
	y := Add(Log(SumAxis(Exp(Sub(x, m)), axis, true)), m)
	if keepDim {
		return y
	}
	return Reshape(y, appendReduced(tp.shapeBuf(), x.Shape(), axis, false)...)
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
