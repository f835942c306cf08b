package autograd

import (
	"fmt"
	"slices"

	"github.com/deeptheory/deeptheory/internal/shapes"
	"github.com/deeptheory/deeptheory/tensor"
)

func shapeString(s []int) string { return fmt.Sprint(s) }

// SumTo sums x down to shape, the adjoint of broadcasting (see tensor.SumTo).
// It returns x itself when the shapes already agree.
// Gradient: x̄ = broadcastTo(ḡ, shape of x).
func SumTo[T Float](x *Var[T], shape ...int) *Var[T] {
	return adjointPair(x, shape, tensor.SumToInto[T], BroadcastTo[T])
}

// BroadcastTo repeats x along broadcast dimensions up to shape (NumPy rules).
// It returns x itself when the shapes already agree.
// Gradient: x̄ = sumTo(ḡ, shape of x).
func BroadcastTo[T Float](x *Var[T], shape ...int) *Var[T] {
	return adjointPair(x, shape, tensor.BroadcastToInto[T], SumTo[T])
}

// adjointPair records y = forward(x) into a new value of the given shape,
// with gradient x̄ = adjoint(ḡ, shape of x); it returns x itself when the
// shapes already agree. SumTo and BroadcastTo are each other's adjoint.
func adjointPair[T Float](x *Var[T], shape []int, forward func(dst, x *tensor.Tensor[T]) *tensor.Tensor[T], adjoint func(*Var[T], ...int) *Var[T]) *Var[T] {
	if slices.Equal(x.Shape(), shape) {
		return x
	}
	tp := x.tape
	y := forward(tp.allocUncleared(shape...), x.value)
	return tp.record(y, func(g *Var[T]) []*Var[T] { return []*Var[T]{adjoint(g, x.Shape()...)} }, x)
}

// Sum returns Σ x over all elements, a scalar. Gradient: x̄ = ḡ broadcast to x's shape.
func Sum[T Float](x *Var[T]) *Var[T] {
	tp := x.tape
	y := tensor.SumInto(tp.allocUncleared(), x.value)
	return tp.record(y, func(g *Var[T]) []*Var[T] { return []*Var[T]{BroadcastTo(g, x.Shape()...)} }, x)
}

// Mean returns the mean of all elements, a scalar: Sum(x)/n.
func Mean[T Float](x *Var[T]) *Var[T] { return MulScalar(Sum(x), 1/T(x.value.Len())) }

// SumAxis returns Σ_j x[..., j, ...] over axis (negative counts from the end),
// dropping the axis or keeping it with size 1.
// Gradient: x̄ = ḡ, with the axis restored as size 1, broadcast along it.
func SumAxis[T Float](x *Var[T], axis int, keepDim bool) *Var[T] {
	tp := x.tape
	axis = normAxis("SumAxis", axis, x.Shape())
	value := tensor.SumAxisInto(tp.allocUncleared(shapes.Reduced(x.Shape(), axis, keepDim)...), x.value, axis)
	return tp.record(value, func(g *Var[T]) []*Var[T] {
		return []*Var[T]{BroadcastTo(Reshape(g, keptShape(x.Shape(), axis)...), x.Shape()...)}
	}, x)
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
	value := x.value.Reshape(shape...)
	return tp.record(value, func(g *Var[T]) []*Var[T] { return []*Var[T]{Reshape(g, x.Shape()...)} }, x)
}
