package tensor

import (
	"fmt"
	"slices"

	"github.com/deeptheory/deeptheory/internal/shapes"
)

// permuteShape returns the shape of Permute(x, axes...): dimension i is x's
// dimension axes[i]. It panics unless axes is a permutation.
func permuteShape(x []int, axes ...int) []int {
	out, ok := shapes.Permuted(x, axes)
	if !ok {
		panic(fmt.Sprintf("tensor: Permute: axes %v are not a permutation of the %d dimensions of shape %v", axes, len(x), x))
	}
	return out
}

// PermuteInto stores Permute(x, axes...) in dst, whose shape must be
// the permuted shape of x, and returns dst. dst must not be x.
func PermuteInto[T Float](dst, x *Tensor[T], axes ...int) *Tensor[T] {
	shape := permuteShape(x.shape, axes...)
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
