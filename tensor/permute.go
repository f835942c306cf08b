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
// axes[i], so out[i0, ..., ik] = x[j] where j[axes[i]] = i_i. The data is copied.
func Permute[T Float](x *Tensor[T], axes ...int) *Tensor[T] {
	n := len(x.shape)
	if len(axes) != n {
		panic(fmt.Sprintf("tensor: Permute: axes %v for shape %v", axes, x.shape))
	}
	seen := make([]bool, n)
	shape := make([]int, n)
	for i, a := range axes {
		if a < 0 || a >= n || seen[a] {
			panic(fmt.Sprintf("tensor: Permute: axes %v are not a permutation of %d dimensions", axes, n))
		}
		seen[a] = true
		shape[i] = x.shape[a]
	}
	out := Zeros[T](shape...)
	if len(out.data) == 0 {
		return out
	}
	// inStride[i] is how far x's data moves when out's index i grows by one.
	xStride := make([]int, n)
	s := 1
	for d := n - 1; d >= 0; d-- {
		xStride[d] = s
		s *= x.shape[d]
	}
	inStride := make([]int, n)
	for i, a := range axes {
		inStride[i] = xStride[a]
	}
	if n == 0 {
		out.data[0] = x.data[0]
		return out
	}
	last := n - 1
	inner, step := shape[last], inStride[last]
	index := make([]int, last)
	src := 0
	for off := 0; off < len(out.data); off += inner {
		row := out.data[off : off+inner]
		for j, k := 0, src; j < len(row); j, k = j+1, k+step {
			row[j] = x.data[k]
		}
		for d := last - 1; d >= 0; d-- {
			index[d]++
			src += inStride[d]
			if index[d] < shape[d] {
				break
			}
			src -= inStride[d] * shape[d]
			index[d] = 0
		}
	}
	return out
}
