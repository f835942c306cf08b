package tensor

import (
	"fmt"
	"slices"
)

// PermuteShape returns the shape of Permute(x, axes...): dimension i is x's
// dimension axes[i]. It panics if axes is not a permutation of x's dimensions.
func PermuteShape(shape []int, axes ...int) []int {
	n := len(shape)
	if len(axes) != n {
		panic(fmt.Sprintf("tensor: Permute: axes %v for shape %v", axes, shape))
	}
	var seen uint64 // bit a set once axis a is used (ranks above 64 are not supported)
	out := make([]int, n)
	for i, a := range axes {
		if a < 0 || a >= n || a >= 64 || seen&(1<<a) != 0 {
			panic(fmt.Sprintf("tensor: Permute: axes %v are not a permutation of %d dimensions", axes, n))
		}
		seen |= 1 << a
		out[i] = shape[a]
	}
	return out
}

// PermuteInto stores Permute(x, axes...) in dst, whose shape must be
// PermuteShape(x.Shape(), axes...), and returns dst. dst must not be x.
func PermuteInto[T Float](dst, x *Tensor[T], axes ...int) *Tensor[T] {
	shape := PermuteShape(x.shape, axes...)
	if !slices.Equal(dst.shape, shape) {
		panic(fmt.Sprintf("tensor: Permute: destination shape %v, want %v", dst.shape, shape))
	}
	n := len(shape)
	if len(dst.data) == 0 {
		return dst
	}
	if n == 0 {
		dst.data[0] = x.data[0]
		return dst
	}
	// step[i] is how far x's data moves when dst's index i grows by one.
	var stepBuf, indexBuf [8]int
	step, index := stepBuf[:0], indexBuf[:0]
	for range n {
		step, index = append(step, 0), append(index, 0)
	}
	stride := 1
	for d := n - 1; d >= 0; d-- {
		for i, a := range axes {
			if a == d {
				step[i] = stride
			}
		}
		stride *= x.shape[d]
	}
	last := n - 1
	inner, innerStep := shape[last], step[last]
	src := 0
	for off := 0; off < len(dst.data); off += inner {
		row := dst.data[off : off+inner]
		if innerStep == 1 {
			copy(row, x.data[src:src+inner])
		} else {
			for j, k := 0, src; j < len(row); j, k = j+1, k+innerStep {
				row[j] = x.data[k]
			}
		}
		// Advance the odometer over dst's outer dimensions.
		for d := last - 1; d >= 0; d-- {
			index[d]++
			src += step[d]
			if index[d] < shape[d] {
				break
			}
			src -= step[d] * shape[d]
			index[d] = 0
		}
	}
	return dst
}
