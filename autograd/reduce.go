package autograd

import (
	"fmt"
	"slices"

	"github.com/deeptheory/deeptheory/tensor"
)

func shapeString(s []int) string { return fmt.Sprint(s) }

// SumTo sums x down to shape, the adjoint of broadcasting (see tensor.SumTo).
// It returns x itself when the shapes already agree.
// Gradient: x̄ = broadcastTo(ḡ, shape of x).
func SumTo[T Float](x *Var[T], shape ...int) *Var[T] {
	if slices.Equal(x.Shape(), shape) {
		return x
	}
	tp := x.tape
	y := tensor.SumToInto(tp.allocUncleared(shape...), x.value)
	return tp.recordOp(y, sumToOp[T]{}, 0, 0, x)
}

// sumToOp is SumTo's backward: x̄ = broadcastTo(ḡ, shape of x).
type sumToOp[T Float] struct{}

func (sumToOp[T]) vjp(n *node[T], g *Var[T]) vjps[T] {
	return vjps[T]{BroadcastTo(g, n.inputs[0].Shape()...)}
}

// BroadcastTo repeats x along broadcast dimensions up to shape (NumPy rules).
// It returns x itself when the shapes already agree.
// Gradient: x̄ = sumTo(ḡ, shape of x).
func BroadcastTo[T Float](x *Var[T], shape ...int) *Var[T] {
	if slices.Equal(x.Shape(), shape) {
		return x
	}
	tp := x.tape
	y := tensor.BroadcastToInto(tp.allocUncleared(shape...), x.value)
	return tp.recordOp(y, broadcastToOp[T]{}, 0, 0, x)
}

// broadcastToOp is BroadcastTo's backward, and Sum's: x̄ = sumTo(ḡ, shape of x).
type broadcastToOp[T Float] struct{}

func (broadcastToOp[T]) vjp(n *node[T], g *Var[T]) vjps[T] {
	return vjps[T]{SumTo(g, n.inputs[0].Shape()...)}
}

// Sum returns Σ x over all elements, a scalar. Gradient: x̄ = ḡ broadcast to x's shape.
func Sum[T Float](x *Var[T]) *Var[T] {
	tp := x.tape
	y := tensor.SumInto(tp.allocUncleared(), x.value)
	return tp.recordOp(y, sumToOp[T]{}, 0, 0, x)
}

// Mean returns the mean of all elements, a scalar: Sum(x)/n.
func Mean[T Float](x *Var[T]) *Var[T] { return MulScalar(Sum(x), 1/T(x.value.Len())) }

// SumAxis returns Σ_j x[..., j, ...] over axis (negative counts from the end),
// dropping the axis or keeping it with size 1.
// Gradient: x̄ = ḡ, with the axis restored as size 1, broadcast along it.
func SumAxis[T Float](x *Var[T], axis int, keepDim bool) *Var[T] {
	tp := x.tape
	axis = normAxis("SumAxis", axis, x.Shape())
	value := tensor.SumAxisInto(tp.allocUncleared(appendReduced(tp.shapeBuf(), x.Shape(), axis, keepDim)...), x.value, axis)
	return tp.recordOp(value, sumAxisOp[T]{}, 0, axis, x)
}

// sumAxisOp is SumAxis's backward (k is the axis): ḡ with the axis restored
// as size 1, broadcast along it.
type sumAxisOp[T Float] struct{}

func (sumAxisOp[T]) vjp(n *node[T], g *Var[T]) vjps[T] {
	xs := n.inputs[0].Shape()
	kept := appendReduced(g.tape.shapeBuf(), xs, n.k, true)
	return vjps[T]{BroadcastTo(Reshape(g, kept...), xs...)}
}

// appendReduced appends shape with axis (in range) dropped, or set to 1 when
// keep, to dst: shapes.Reduced in the tape's reusable buffer.
func appendReduced(dst, shape []int, axis int, keep bool) []int {
	dst = append(dst, shape[:axis]...)
	if keep {
		dst = append(dst, 1)
	}
	return append(dst, shape[axis+1:]...)
}

// MeanAxis returns the mean over axis: SumAxis(x)/n with n the axis's size.
func MeanAxis[T Float](x *Var[T], axis int, keepDim bool) *Var[T] {
	n := x.value.Dim(axis)
	return MulScalar(SumAxis(x, axis, keepDim), 1/T(n))
}

// keptShape is shape with axis set to 1.
func keptShape(shape []int, axis int) []int {
	out := append([]int(nil), shape...)
	if axis < 0 {
		axis += len(shape)
	}
	out[axis] = 1
	return out
}

// Reshape returns x with a new shape of the same size (one dimension may be −1).
// Gradient: x̄ = ḡ reshaped to x's shape.
func Reshape[T Float](x *Var[T], shape ...int) *Var[T] {
	tp := x.tape
	var value *tensor.Tensor[T]
	if tp == nil {
		value = x.value.Reshape(shape...)
	} else {
		value = tp.pool.view(x.value, shape)
	}
	return tp.recordOp(value, reshapeOp[T]{}, 0, 0, x)
}

// reshapeOp is Reshape's backward: ḡ reshaped to x's shape.
type reshapeOp[T Float] struct{}

func (reshapeOp[T]) vjp(n *node[T], g *Var[T]) vjps[T] {
	return vjps[T]{Reshape(g, n.inputs[0].Shape()...)}
}
