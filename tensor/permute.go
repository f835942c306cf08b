package tensor

import "fmt"

// Transpose returns the transpose of a 2-D tensor: out[j, i] = x[i, j].
func Transpose[T Float](x *Tensor[T]) *Tensor[T] {
	if len(x.shape) != 2 {
		panic(fmt.Sprintf("tensor: Transpose: shape %v is not 2-D", x.shape))
	}
	return Permute(x, 1, 0)
}

// Permute returns x with its axes reordered: out's dimension i is x's dimension
// axes[i], so out[i₀, ..., iₖ] = x[j] with j[axes[i]] = iᵢ. The data is copied.
func Permute[T Float](x *Tensor[T], axes ...int) *Tensor[T] {
	return PermuteInto(Zeros[T](permuteShape(x.shape, axes...)...), x, axes...)
}
