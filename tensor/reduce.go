package tensor

import (
	"fmt"
	"slices"

	"github.com/deeptheory/deeptheory/internal/kernel"
)

// splitAxis views shape as [outer, n, inner] around axis.
func splitAxis(shape []int, axis int) (outer, n, inner int) {
	outer, inner = 1, 1
	for _, d := range shape[:axis] {
		outer *= d
	}
	for _, d := range shape[axis+1:] {
		inner *= d
	}
	return outer, shape[axis], inner
}

// reducedShape is shape without axis, or with it set to 1 when keepDim.
func reducedShape(shape []int, axis int, keepDim bool) []int {
	out := cloneInts(shape)
	if keepDim {
		out[axis] = 1
		return out
	}
	return append(out[:axis], out[axis+1:]...)
}

// Sum returns the sum of all elements as a scalar (shape []), added in storage order.
func Sum[T Float](x *Tensor[T]) *Tensor[T] {
	var s T
	for _, v := range x.data {
		s += v
	}
	return Scalar(s)
}

// SumAxis returns Σ_j x[..., j, ...] over axis (negative counts from the end); the
// axis is dropped, or kept with size 1 when keepDim.
func SumAxis[T Float](x *Tensor[T], axis int, keepDim bool) *Tensor[T] {
	axis = normAxis("SumAxis", axis, len(x.shape))
	out := Zeros[T](reducedShape(x.shape, axis, keepDim)...)
	outer, n, inner := splitAxis(x.shape, axis)
	kernel.SumAxis(out.data, x.data, outer, n, inner)
	return out
}

// Mean returns the mean of all elements as a scalar.
func Mean[T Float](x *Tensor[T]) *Tensor[T] {
	s := Sum(x)
	s.data[0] /= T(len(x.data))
	return s
}

// MeanAxis returns the mean over axis: SumAxis divided by the axis's size.
func MeanAxis[T Float](x *Tensor[T], axis int, keepDim bool) *Tensor[T] {
	out := SumAxis(x, axis, keepDim)
	kernel.Scale(1/T(x.shape[normAxis("MeanAxis", axis, len(x.shape))]), out.data)
	return out
}

// Max returns the largest element as a scalar. It panics on an empty tensor.
func Max[T Float](x *Tensor[T]) *Tensor[T] {
	if len(x.data) == 0 {
		panic(fmt.Sprintf("tensor: Max: empty tensor of shape %v", x.shape))
	}
	out := Scalar[T](0)
	kernel.MaxAxis(out.data, nil, x.data, 1, len(x.data), 1)
	return out
}

// MaxAxis returns max_j x[..., j, ...] over axis. The axis must not be empty.
func MaxAxis[T Float](x *Tensor[T], axis int, keepDim bool) *Tensor[T] {
	out, _ := maxAxis("MaxAxis", x, axis, keepDim, false)
	return out
}

// Argmax returns, for each position of x with axis removed (row-major order), the
// index along axis of the first largest element.
func Argmax[T Float](x *Tensor[T], axis int) []int {
	_, arg := maxAxis("Argmax", x, axis, false, true)
	return arg
}

func maxAxis[T Float](name string, x *Tensor[T], axis int, keepDim, wantArg bool) (*Tensor[T], []int) {
	axis = normAxis(name, axis, len(x.shape))
	if x.shape[axis] == 0 {
		panic(fmt.Sprintf("tensor: %s: axis %d of shape %v is empty", name, axis, x.shape))
	}
	out := Zeros[T](reducedShape(x.shape, axis, keepDim)...)
	var arg []int
	if wantArg {
		arg = make([]int, len(out.data))
	}
	outer, n, inner := splitAxis(x.shape, axis)
	kernel.MaxAxis(out.data, arg, x.data, outer, n, inner)
	return out, arg
}

// LogSumExp returns log Σ exp(x) over all elements, computed stably by
// factoring out the maximum m: m + log Σ exp(x − m).
func LogSumExp[T Float](x *Tensor[T]) *Tensor[T] {
	out := Scalar[T](0)
	kernel.LogSumExpAxis(out.data, x.data, 1, len(x.data), 1)
	return out
}

// LogSumExpAxis returns log Σ_j exp(x[..., j, ...]) over axis, computed stably.
func LogSumExpAxis[T Float](x *Tensor[T], axis int, keepDim bool) *Tensor[T] {
	axis = normAxis("LogSumExpAxis", axis, len(x.shape))
	out := Zeros[T](reducedShape(x.shape, axis, keepDim)...)
	outer, n, inner := splitAxis(x.shape, axis)
	kernel.LogSumExpAxis(out.data, x.data, outer, n, inner)
	return out
}

// SumTo sums x down to shape, the adjoint of broadcasting shape up to x's shape:
// leading dimensions x has in excess are summed away, and dimensions where shape
// has 1 and x does not are summed with the 1 kept. It panics if shape does not
// broadcast to x's shape.
func SumTo[T Float](x *Tensor[T], shape ...int) *Tensor[T] {
	if slices.Equal(x.shape, shape) {
		return x.Clone()
	}
	return SumToInto(Zeros[T](shape...), x)
}

// SumToInto is SumTo writing into dst, whose shape is the target; returns dst.
func SumToInto[T Float](dst, x *Tensor[T]) *Tensor[T] {
	if b, ok := BroadcastShapes(dst.shape, x.shape); !ok || !slices.Equal(b, x.shape) {
		panic(fmt.Sprintf("tensor: SumTo: shape %v does not broadcast to %v", dst.shape, x.shape))
	}
	if slices.Equal(dst.shape, x.shape) {
		copy(dst.data, x.data)
		return dst
	}
	// Sum over x's dimensions where dst is broadcast, one axis at a time from the
	// left, keeping dims so the remaining layout still lines up with x.
	cur := x
	lead := len(x.shape) - len(dst.shape)
	for d := range x.shape {
		if d < lead || dst.shape[d-lead] == 1 && x.shape[d] != 1 {
			cur = SumAxis(cur, d, true)
		}
	}
	copy(dst.data, cur.data)
	return dst
}
