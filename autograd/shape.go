package autograd

import (
	"fmt"

	"github.com/deeptheory/deeptheory/internal/shapes"
	"github.com/deeptheory/deeptheory/tensor"
)

// panicf panics with a message prefixed by "autograd: ".
func panicf(format string, args ...any) {
	panic(fmt.Sprintf("autograd: "+format, args...))
}

// normAxis maps a possibly negative axis of shape into [0, len(shape)) or
// panics with a message naming op.
func normAxis(op string, axis int, shape []int) int {
	a, ok := shapes.Axis(axis, len(shape))
	if !ok {
		panicf("%s: axis %d out of range for shape %v", op, axis, shape)
	}
	return a
}

// Transpose returns the transpose of a 2-D x: y[j, i] = x[i, j].
// Gradient: x̄ = ḡᵀ (it is Permute(x, 1, 0)).
func Transpose[T Float](x *Var[T]) *Var[T] {
	if len(x.Shape()) != 2 {
		panicf("Transpose: shape %v is not 2-D", x.Shape())
	}
	return Permute(x, 1, 0)
}

// Permute reorders the axes of x: y's dimension i is x's dimension axes[i],
// y[i₀, ..., iₖ] = x[j] with j[axes[m]] = i_m. The data is copied.
// Gradient: x̄ = Permute(ḡ, axes⁻¹), the inverse permutation
// (axes⁻¹[axes[m]] = m).
func Permute[T Float](x *Var[T], axes ...int) *Var[T] {
	tp := x.tape
	shape, ok := shapes.Permuted(x.Shape(), axes)
	if !ok {
		panicf("Permute: axes %v are not a permutation of the %d dimensions of shape %v", axes, len(x.Shape()), x.Shape())
	}
	y := tensor.PermuteInto(tp.allocUncleared(shape...), x.value, axes...)
	return tp.record(y, func(g *Var[T]) []*Var[T] {
		inverse := make([]int, len(axes))
		for m, a := range axes {
			inverse[a] = m
		}
		return []*Var[T]{Permute(g, inverse...)}
	}, x)
}

// Flatten keeps dimension 0 and flattens the others row-major:
// [N, d₁, ..., dₖ] → [N, d₁·…·dₖ] (PyTorch's nn.Flatten). x needs at least 2
// dimensions. Gradient: x̄ = ḡ reshaped to x's shape (it is a Reshape).
func Flatten[T Float](x *Var[T]) *Var[T] {
	shape := x.Shape()
	if len(shape) < 2 {
		panicf("Flatten: shape %v has fewer than 2 dimensions", shape)
	}
	return Reshape(x, shape[0], shapes.Count(shape[1:]))
}

// Concat joins xs along axis (negative counts from the end): they agree in
// every dimension but axis, and
//
//	y[..., off_k + j, ...] = xs[k][..., j, ...],  off_k = Σ_{i<k} (size of xs[i] along axis).
//
// Gradient: x̄_k = Slice(ḡ, axis, off_k, off_k + size_k).
func Concat[T Float](axis int, xs ...*Var[T]) *Var[T] {
	if len(xs) == 0 {
		panicf("Concat: no inputs")
	}
	tp := tapeOf("Concat", xs...)
	values := make([]*tensor.Tensor[T], len(xs))
	for i, x := range xs {
		values[i] = x.value
	}
	axis = normAxis("Concat", axis, xs[0].Shape())
	inShapes := make([][]int, len(xs))
	for i, x := range xs {
		inShapes[i] = x.Shape()
	}
	shape, ok := shapes.Concatenated(axis, inShapes...)
	if !ok {
		panicf("Concat: shapes %v do not agree except along axis %d", inShapes, axis)
	}
	y := tensor.ConcatInto(tp.allocUncleared(shape...), axis, values...)
	return tp.record(y, func(g *Var[T]) []*Var[T] {
		grads := make([]*Var[T], len(xs))
		at := 0
		for i, x := range xs {
			n := x.Shape()[axis]
			if x.Recorded() {
				grads[i] = Slice(g, axis, at, at+n)
			}
			at += n
		}
		return grads
	}, xs...)
}

// Slice returns the part of x whose index along axis lies in [start, end):
// y[..., j, ...] = x[..., start + j, ...]. It panics unless
// 0 ≤ start ≤ end ≤ x's size along axis.
// Gradient: x̄ = ḡ zero-padded back to x's shape (start zeros before, the
// rest after): the adjoint of slicing, itself a differentiable primitive
// whose gradient is Slice again.
func Slice[T Float](x *Var[T], axis, start, end int) *Var[T] {
	axis = normAxis("Slice", axis, x.Shape())
	size := x.Shape()[axis]
	if start < 0 || end < start || end > size {
		panicf("Slice: range [%d, %d) out of bounds for axis %d of shape %v", start, end, axis, x.Shape())
	}
	tp := x.tape
	shape := append([]int(nil), x.Shape()...)
	shape[axis] = end - start
	y := tensor.SliceInto(tp.allocUncleared(shape...), x.value, axis, start)
	return tp.record(y, func(g *Var[T]) []*Var[T] {
		return []*Var[T]{padAxis(g, axis, start, size)}
	}, x)
}

// padAxis places x at index start along axis in a zero tensor whose size along
// axis is size: y[..., start + j, ...] = x[..., j, ...], zero elsewhere. It is
// Slice's adjoint. Gradient: x̄ = Slice(ḡ, axis, start, start + n).
func padAxis[T Float](x *Var[T], axis, start, size int) *Var[T] {
	tp := x.tape
	shape := append([]int(nil), x.Shape()...)
	n := shape[axis]
	shape[axis] = size
	y := tensor.PadAxisInto(tp.allocUncleared(shape...), x.value, axis, start)
	return tp.record(y, func(g *Var[T]) []*Var[T] {
		return []*Var[T]{Slice(g, axis, start, start+n)}
	}, x)
}

// shapeOrNil returns b's shape, or nil for a nil b (an absent bias).
func shapeOrNil[T Float](b *Var[T]) []int {
	if b == nil {
		return nil
	}
	return b.Shape()
}
