// Package shapes is the arithmetic on tensor shapes that package tensor and
// package autograd share: element counts, axis normalisation, the
// [outer, n, inner] view of an axis, reduced, broadcast, permuted and
// concatenated shapes. It knows nothing of data. Functions report a bad
// argument with ok = false; the callers panic with their own op's name.
package shapes

// Count returns the number of elements of a tensor of the given shape, the
// product of its dimensions (1 for a scalar, shape []).
func Count(shape []int) int {
	n := 1
	for _, d := range shape {
		n *= d
	}
	return n
}

// Axis maps a possibly negative axis of a rank-dims shape into [0, dims)
// (−1 is the last). ok is false when axis is outside [−dims, dims).
func Axis(axis, dims int) (int, bool) {
	if axis < -dims || axis >= dims {
		return axis, false
	}
	if axis < 0 {
		axis += dims
	}
	return axis, true
}

// Split views shape as [outer, n, inner] around axis (in range, not
// negative): outer is the product of the dimensions before axis, inner of
// those after it, n the axis's own size. A reduction along axis is then a
// loop over an [outer, n, inner] block.
func Split(shape []int, axis int) (outer, n, inner int) {
	return Count(shape[:axis]), shape[axis], Count(shape[axis+1:])
}

// Reduced returns the shape of a reduction along axis (in range, not
// negative): shape without the axis, or with it set to 1 when keep.
func Reduced(shape []int, axis int, keep bool) []int {
	out := append(make([]int, 0, len(shape)), shape...)
	if keep {
		out[axis] = 1
		return out
	}
	return append(out[:axis], out[axis+1:]...)
}

// AppendBroadcast appends the NumPy broadcast of the shapes a and b to dst
// and returns the extended slice: aligned at the right, each pair of
// dimensions must be equal or one of them 1. When they do not broadcast it
// returns dst unchanged and false. Appending lets a caller build the shape
// in a buffer it reuses.
func AppendBroadcast(dst, a, b []int) (shape []int, ok bool) {
	n := max(len(a), len(b))
	for i := range n {
		da, db := 1, 1
		if j := len(a) - n + i; j >= 0 {
			da = a[j]
		}
		if j := len(b) - n + i; j >= 0 {
			db = b[j]
		}
		switch {
		case da == db || db == 1:
			dst = append(dst, da)
		case da == 1:
			dst = append(dst, db)
		default:
			return dst[:len(dst)-i], false
		}
	}
	return dst, true
}

// Permuted returns shape with its axes reordered, out[i] = shape[axes[i]].
// ok is false unless axes is a permutation of 0, ..., len(shape)−1 (ranks
// above 64 are not supported).
func Permuted(shape []int, axes []int) (out []int, ok bool) {
	n := len(shape)
	if len(axes) != n {
		return nil, false
	}
	var seen uint64 // bit a set once axis a is used
	out = make([]int, n)
	for i, a := range axes {
		if a < 0 || a >= n || a >= 64 || seen&(1<<a) != 0 {
			return nil, false
		}
		seen |= 1 << a
		out[i] = shape[a]
	}
	return out, true
}

// Concatenated returns the shape of joining tensors of the given shapes
// along axis (in range for the first, not negative): they must agree in
// every dimension but axis, whose sizes add up. ok is false if there are no
// shapes or they do not agree.
func Concatenated(axis int, shapes ...[]int) (out []int, ok bool) {
	if len(shapes) == 0 {
		return nil, false
	}
	first := shapes[0]
	out = append(make([]int, 0, len(first)), first...)
	out[axis] = 0
	for _, s := range shapes {
		if len(s) != len(first) {
			return nil, false
		}
		for d := range first {
			if d != axis && s[d] != first[d] {
				return nil, false
			}
		}
		out[axis] += s[axis]
	}
	return out, true
}
