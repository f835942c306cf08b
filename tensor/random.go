package tensor

import "math/rand/v2"

// RandN returns a tensor of the given shape with independent standard normal
// elements drawn from r in storage order: the same seed gives the same tensor.
func RandN[T Float](r *rand.Rand, shape ...int) *Tensor[T] {
	t := Zeros[T](shape...)
	for i := range t.data {
		t.data[i] = T(r.NormFloat64())
	}
	return t
}

// RandU returns a tensor of the given shape with independent elements uniform on
// [lo, hi), drawn from r in storage order.
func RandU[T Float](r *rand.Rand, lo, hi T, shape ...int) *Tensor[T] {
	t := Zeros[T](shape...)
	for i := range t.data {
		t.data[i] = lo + (hi-lo)*T(r.Float64())
	}
	return t
}
