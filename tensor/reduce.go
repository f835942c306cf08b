package tensor

import (
	"fmt"
	"math"
	"slices"

	"github.com/deeptheory/deeptheory/internal/kernel"
	"github.com/deeptheory/deeptheory/internal/shapes"
)

// Sum returns the sum of all elements as a scalar (shape []), in kernel.Sum's order.
func Sum[T Float](x *Tensor[T]) *Tensor[T] { return Scalar(kernel.Sum(x.data)) }

// SumAxis returns Σ_j x[..., j, ...] over axis (negative counts from the end); the
// axis is dropped, or kept with size 1 when keepDim.
func SumAxis[T Float](x *Tensor[T], axis int, keepDim bool) *Tensor[T] {
	return reduceAxis("SumAxis", kernel.SumAxis[T], x, axis, keepDim)
}

// reduceAxis returns the reduction of x along axis by the kernel f, into a
// new tensor with the axis dropped or kept as 1.
func reduceAxis[T Float](op string, f func(dst, src []T, outer, n, inner int), x *Tensor[T], axis int, keepDim bool) *Tensor[T] {
	axis = normAxis(op, axis, len(x.shape))
	out := Zeros[T](shapes.Reduced(x.shape, axis, keepDim)...)
	outer, n, inner := shapes.Split(x.shape, axis)
	f(out.data, x.data, outer, n, inner)
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

// SumInto stores Σ x over all elements in dst, a tensor of one element
// (a scalar), and returns dst.
func SumInto[T Float](dst, x *Tensor[T]) *Tensor[T] {
	if len(dst.data) != 1 {
		panic(fmt.Sprintf("tensor: SumInto: destination shape %v is not a single element", dst.shape))
	}
	dst.data[0] = kernel.Sum(x.data)
	return dst
}

// SumAxisInto stores Σ_j x[..., j, ...] over axis in dst, whose shape is
// x's without the axis or with it as 1, and returns dst.
func SumAxisInto[T Float](dst, x *Tensor[T], axis int) *Tensor[T] {
	outer, n, inner := axisInto("SumAxisInto", dst, x, axis)
	kernel.SumAxis(dst.data, x.data, outer, n, inner)
	return dst
}

// MaxAxisInto stores max_j x[..., j, ...] over axis (not empty) in dst,
// whose shape is x's without the axis or with it as 1, and returns dst.
func MaxAxisInto[T Float](dst, x *Tensor[T], axis int) *Tensor[T] {
	outer, n, inner := axisInto("MaxAxisInto", dst, x, axis)
	if n == 0 {
		panic(fmt.Sprintf("tensor: MaxAxisInto: axis %d of shape %v is empty", axis, x.shape))
	}
	kernel.MaxAxis(dst.data, nil, x.data, outer, n, inner)
	return dst
}

// axisInto checks dst's shape for a reduction of x along axis and returns
// x's [outer, n, inner] view around the axis.
func axisInto[T Float](op string, dst, x *Tensor[T], axis int) (outer, n, inner int) {
	axis = normAxis(op, axis, len(x.shape))
	if !slices.Equal(dst.shape, shapes.Reduced(x.shape, axis, true)) && !slices.Equal(dst.shape, shapes.Reduced(x.shape, axis, false)) {
		panic(fmt.Sprintf("tensor: %s: destination shape %v for a reduction of %v along axis %d", op, dst.shape, x.shape, axis))
	}
	return shapes.Split(x.shape, axis)
}

// Dot returns the Frobenius inner product ⟨a, b⟩ = Σᵢ aᵢ·bᵢ of two
// tensors of the same shape, accumulated in float64.
func Dot[T Float](a, b *Tensor[T]) float64 {
	checkSameShape("Dot", a, b)
	return kernel.Dot64(a.data, b.data)
}

// Norm returns the Frobenius norm ‖x‖ = √(Σᵢ xᵢ²), accumulated in float64.
func Norm[T Float](x *Tensor[T]) float64 { return math.Sqrt(kernel.Dot64(x.data, x.data)) }

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
	out := Zeros[T](shapes.Reduced(x.shape, axis, keepDim)...)
	var arg []int
	if wantArg {
		arg = make([]int, len(out.data))
	}
	outer, n, inner := shapes.Split(x.shape, axis)
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
	return reduceAxis("LogSumExpAxis", kernel.LogSumExpAxis[T], x, axis, keepDim)
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
//
// The dimensions of x are sorted into kept ones and summed ones (those dst
// lacks or has as 1); runs of neighbours of the same kind are merged, and the
// common patterns (summed, kept·summed, summed·kept, kept·summed·kept,
// summed·kept·summed: a bias gradient) are summed in one pass without
// intermediates. Every output is summed in an order fixed by the shapes.
func SumToInto[T Float](dst, x *Tensor[T]) *Tensor[T] {
	if !broadcastsTo(dst.shape, x.shape) {
		panic(fmt.Sprintf("tensor: SumTo: shape %v does not broadcast to %v", dst.shape, x.shape))
	}
	var buf [8]reduceRun
	runs := reduceRuns(buf[:0], dst.shape, x.shape)
	switch {
	case len(runs) == 0: // nothing summed (or x empty)
		if len(x.data) == 0 {
			clear(dst.data)
		} else {
			copy(dst.data, x.data)
		}
	case len(runs) == 1 && runs[0].summed:
		dst.data[0] = kernel.Sum(x.data)
	case len(runs) <= 3 && !(len(runs) == 3 && runs[0].summed):
		// [kept?, summed, kept?]: one SumAxis.
		outer, n, inner := 1, 1, 1
		for i, r := range runs {
			switch {
			case r.summed:
				n = r.size
			case i == 0:
				outer = r.size
			default:
				inner = r.size
			}
		}
		kernel.SumAxis(dst.data, x.data, outer, n, inner)
	case len(runs) == 3:
		// [summed, kept, summed]: dst[k] = Σ_a Σ_b x[a, k, b], each inner sum by kernel.Sum.
		kernel.SumOuterInner(dst.data, x.data, runs[0].size, runs[1].size, runs[2].size)
	default:
		// Anything else: sum one axis at a time from the left, keeping dims so
		// that the remaining layout still lines up with x.
		cur := x
		lead := len(x.shape) - len(dst.shape)
		for d := range x.shape {
			if d < lead || dst.shape[d-lead] == 1 && x.shape[d] != 1 {
				cur = SumAxis(cur, d, true)
			}
		}
		copy(dst.data, cur.data)
	}
	return dst
}

// A reduceRun is a run of neighbouring dimensions of x that SumTo either
// keeps or sums away, merged into one of the given size.
type reduceRun struct {
	size   int
	summed bool
}

// reduceRuns appends to runs the merged runs of x's shape for a sum down to
// shape (which broadcasts to x's), skipping dimensions of size 1. It returns
// no runs at all when nothing is summed, or when x is empty.
func reduceRuns(runs []reduceRun, shape, xShape []int) []reduceRun {
	lead := len(xShape) - len(shape)
	anySummed := false
	for d, size := range xShape {
		if size == 0 {
			return runs[:0]
		}
		if size == 1 {
			continue
		}
		summed := d < lead || shape[d-lead] == 1
		anySummed = anySummed || summed
		if k := len(runs) - 1; k >= 0 && runs[k].summed == summed {
			runs[k].size *= size
			continue
		}
		runs = append(runs, reduceRun{size, summed})
	}
	if !anySummed {
		return runs[:0]
	}
	return runs
}
