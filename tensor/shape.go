package tensor

import (
	"fmt"

	"github.com/deeptheory/deeptheory/internal/shapes"
)

// checkShape panics on a negative dimension and returns the number of elements.
func checkShape(op string, shape []int) int {
	n := 1
	for _, d := range shape {
		if d < 0 {
			panic(fmt.Sprintf("tensor: %s: negative dimension in shape %v", op, cloneInts(shape)))
		}
		n *= d
	}
	return n
}

func cloneInts(s []int) []int { return append(make([]int, 0, len(s)), s...) }

// normAxis maps a possibly negative axis into [0, dims) or panics.
func normAxis(op string, axis, dims int) int {
	a, ok := shapes.Axis(axis, dims)
	if !ok {
		panic(fmt.Sprintf("tensor: %s: axis %d out of range for %d dimensions", op, axis, dims))
	}
	return a
}

// inferShape resolves one -1 in shape so that it holds n elements.
func inferShape(op string, from []int, n int, shape []int) []int {
	return resolveShape(op, from, n, cloneInts(shape), shape)
}

// resolveShape is inferShape working in out, a copy of shape that it
// returns with the −1 resolved.
func resolveShape(op string, from []int, n int, out, shape []int) []int {
	unknown, known := -1, 1
	for i, d := range out {
		switch {
		case d == -1 && unknown < 0:
			unknown = i
		case d < 0:
			panic(fmt.Sprintf("tensor: %s: bad shape %v", op, cloneInts(shape)))
		default:
			known *= d
		}
	}
	if unknown >= 0 {
		if known == 0 || n%known != 0 {
			panic(fmt.Sprintf("tensor: %s: cannot reshape %v into %v", op, cloneInts(from), cloneInts(shape)))
		}
		out[unknown] = n / known
		known = n
	}
	if known != n {
		panic(fmt.Sprintf("tensor: %s: cannot reshape %v into %v", op, cloneInts(from), cloneInts(shape)))
	}
	return out
}

// BroadcastShapes returns the NumPy broadcast of the shapes a and b: aligned at the
// right, each pair of dimensions must be equal or one of them 1. ok is false when
// they do not broadcast.
func BroadcastShapes(a, b []int) (shape []int, ok bool) {
	return shapes.AppendBroadcast(make([]int, 0, max(len(a), len(b))), a, b)
}

// broadcastsTo reports whether shape from broadcasts to shape to (NumPy
// rules: aligned at the right, each dimension of from equal to to's or 1), as
// BroadcastShapes(from, to) == to, without allocating.
func broadcastsTo(from, to []int) bool {
	if len(from) > len(to) {
		return false
	}
	lead := len(to) - len(from)
	for i, d := range from {
		if d != 1 && d != to[lead+i] {
			return false
		}
	}
	return true
}

func broadcastOrPanic(op string, a, b []int) []int {
	s, ok := BroadcastShapes(a, b)
	if !ok {
		panic(fmt.Sprintf("tensor: %s: shapes %v and %v do not broadcast", op, a, b))
	}
	return s
}

// broadcastStrides appends to dst, for a tensor of shape in broadcast to shape
// out, the stride of each output dimension in the input's data (0 where
// broadcast), and returns the extended slice.
func broadcastStrides(dst, in, out []int) []int {
	start := len(dst)
	dst = append(dst, make([]int, len(out))...)
	strides := dst[start:]
	s := 1
	for i := len(out) - 1; i >= 0; i-- {
		j := len(in) - len(out) + i
		if j >= 0 && in[j] != 1 {
			strides[i] = s
		}
		if j >= 0 {
			s *= in[j]
		}
	}
	return dst
}
