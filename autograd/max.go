package autograd

import (
	"github.com/deeptheory/deeptheory/internal/shapes"
	"github.com/deeptheory/deeptheory/tensor"
)

// Max returns the largest element of x, a scalar. It is MaxAxis over x
// flattened, so on a tie the gradient goes to the first maximal element in
// row-major order. (PyTorch's torch.max(x) without a dim instead splits the
// gradient evenly among tied elements; off ties the two agree.)
// Gradient: x̄ = ḡ at the first maximal element, 0 elsewhere.
func Max[T Float](x *Var[T]) *Var[T] {
	if x.value.Len() == 0 {
		panicf("Max: empty input of shape %v", x.Shape())
	}
	return MaxAxis(Reshape(x, -1), 0, false)
}

// MaxAxis returns y = max_j x[..., j, ...] over axis (negative counts from
// the end), dropping the axis or keeping it with size 1. NaN counts as the
// maximum. The axis must not be empty.
//
// Gradient: x̄ = ḡ·e, where e is the one-hot mask of the first index j
// attaining the maximum along the axis (as torch.max(x, dim) on the CPU),
// ḡ broadcast along the axis. The mask is an unrecorded constant, so the
// rule is differentiable in ḡ (its derivative in x is zero almost everywhere).
func MaxAxis[T Float](x *Var[T], axis int, keepDim bool) *Var[T] {
	axis = normAxis("MaxAxis", axis, x.Shape())
	if x.Shape()[axis] == 0 {
		panicf("MaxAxis: axis %d of shape %v is empty", axis, x.Shape())
	}
	tp := x.tape
	y := tensor.MaxAxisInto(tp.allocUncleared(shapes.Reduced(x.Shape(), axis, keepDim)...), x.value, axis)
	outer, n, inner := shapes.Split(x.Shape(), axis)
	return tp.record(y, func(g *Var[T]) []*Var[T] {
		mask := tp.alloc(x.Shape()...)
		firstMaxMask(mask.Data(), x.value.Data(), y.Data(), outer, n, inner)
		return []*Var[T]{Mul(Reshape(g, keptShape(x.Shape(), axis)...), tp.wrap(mask))}
	}, x)
}

// firstMaxMask sets mask[o,j,i] = 1 at the first j where src[o,j,i] equals
// the maximum max[o,i] (or is NaN, when the maximum is NaN); mask is zero on entry.
func firstMaxMask[T Float](mask, src, max []T, outer, n, inner int) {
	for o := range outer {
		for i := range inner {
			m := max[o*inner+i]
			for j := range n {
				at := (o*n+j)*inner + i
				if v := src[at]; v == m || m != m && v != v {
					mask[at] = 1
					break
				}
			}
		}
	}
}
