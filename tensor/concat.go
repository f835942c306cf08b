package tensor

import (
	"fmt"
	"slices"

	"github.com/deeptheory/deeptheory/internal/shapes"
)

// Concat, Slice and PadAxis move blocks along one axis. Viewing every operand
// as [outer, n, inner] around the axis, each is a loop over outer copying
// contiguous runs of (length along the axis)·inner elements.

// copyBlocks copies, for each of outer blocks, count·inner elements from src
// (axis length srcLen, starting at index srcAt along the axis) to dst (axis
// length dstLen, starting at dstAt).
func copyBlocks[T Float](dst []T, dstLen, dstAt int, src []T, srcLen, srcAt, count, outer, inner int) {
	run := count * inner
	if run == 0 {
		return
	}
	for o := range outer {
		d := (o*dstLen + dstAt) * inner
		s := (o*srcLen + srcAt) * inner
		copy(dst[d:d+run], src[s:s+run])
	}
}

// Concat joins xs along axis (negative counts from the end): every operand has
// the same shape except along axis, where out's size is the sum of theirs, and
//
//	out[..., off_k + j, ...] = xs[k][..., j, ...],  off_k = Σ_{i<k} size_i.
//
// It panics if xs is empty or the shapes do not agree.
func Concat[T Float](axis int, xs ...*Tensor[T]) *Tensor[T] {
	return ConcatInto(Zeros[T](concatShape(axis, xs...)...), axis, xs...)
}

// concatShape returns the shape of Concat(axis, xs...), panicking as Concat does.
func concatShape[T Float](axis int, xs ...*Tensor[T]) []int {
	if len(xs) == 0 {
		panic("tensor: Concat: no tensors")
	}
	axis = normAxis("Concat", axis, len(xs[0].shape))
	out, ok := shapes.Concatenated(axis, shapesOf(xs)...)
	if !ok {
		panic(fmt.Sprintf("tensor: Concat: shapes %v do not agree except along axis %d", shapesOf(xs), axis))
	}
	return out
}

// ConcatInto stores Concat(axis, xs...) in dst and returns dst.
func ConcatInto[T Float](dst *Tensor[T], axis int, xs ...*Tensor[T]) *Tensor[T] {
	shape := concatShape(axis, xs...)
	axis = normAxis("Concat", axis, len(shape))
	if !slices.Equal(dst.shape, shape) {
		panic(fmt.Sprintf("tensor: Concat: destination shape %v, want %v", dst.shape, shape))
	}
	outer, total, inner := shapes.Split(shape, axis)
	at := 0
	for _, x := range xs {
		n := x.shape[axis]
		copyBlocks(dst.data, total, at, x.data, n, 0, n, outer, inner)
		at += n
	}
	return dst
}

func shapesOf[T Float](xs []*Tensor[T]) [][]int {
	shapes := make([][]int, len(xs))
	for i, x := range xs {
		shapes[i] = x.shape
	}
	return shapes
}

// Slice returns the elements of x whose index along axis lies in [start, end):
// out has x's shape with that dimension end − start, and
//
//	out[..., j, ...] = x[..., start + j, ...].
//
// It panics unless 0 ≤ start ≤ end ≤ x's size along axis.
func Slice[T Float](x *Tensor[T], axis, start, end int) *Tensor[T] {
	axis = normAxis("Slice", axis, len(x.shape))
	checkRange("Slice", x.shape, axis, start, end)
	shape := cloneInts(x.shape)
	shape[axis] = end - start
	return SliceInto(Zeros[T](shape...), x, axis, start)
}

// SliceInto stores Slice(x, axis, start, start + n) in dst, where n is dst's
// size along axis, and returns dst.
func SliceInto[T Float](dst, x *Tensor[T], axis, start int) *Tensor[T] {
	axis = normAxis("Slice", axis, len(x.shape))
	if !sameExcept(dst.shape, x.shape, axis) {
		panic(fmt.Sprintf("tensor: Slice: destination shape %v for source %v along axis %d", dst.shape, x.shape, axis))
	}
	n := dst.shape[axis]
	checkRange("Slice", x.shape, axis, start, start+n)
	outer, size, inner := shapes.Split(x.shape, axis)
	copyBlocks(dst.data, n, 0, x.data, size, start, n, outer, inner)
	return dst
}

// PadAxis returns x with before zeros in front of it and after zeros behind it
// along axis: out[..., before + j, ...] = x[..., j, ...] and 0 elsewhere. It is
// the adjoint of Slice: ⟨Slice(y, axis, b, b+n), x⟩ = ⟨y, PadAxis(x, axis, b, ·)⟩.
func PadAxis[T Float](x *Tensor[T], axis, before, after int) *Tensor[T] {
	axis = normAxis("PadAxis", axis, len(x.shape))
	if before < 0 || after < 0 {
		panic(fmt.Sprintf("tensor: PadAxis: negative padding %d, %d of shape %v", before, after, x.shape))
	}
	shape := cloneInts(x.shape)
	shape[axis] += before + after
	return PadAxisInto(Zeros[T](shape...), x, axis, before)
}

// PadAxisInto stores x padded with zeros along axis in dst, x's block starting
// at index before; dst's size along axis sets the padding after. Returns dst.
func PadAxisInto[T Float](dst, x *Tensor[T], axis, before int) *Tensor[T] {
	axis = normAxis("PadAxis", axis, len(x.shape))
	if !sameExcept(dst.shape, x.shape, axis) || before < 0 || before+x.shape[axis] > dst.shape[axis] {
		panic(fmt.Sprintf("tensor: PadAxis: source %v at %d does not fit destination %v along axis %d", x.shape, before, dst.shape, axis))
	}
	clear(dst.data)
	outer, n, inner := shapes.Split(x.shape, axis)
	copyBlocks(dst.data, dst.shape[axis], before, x.data, n, 0, n, outer, inner)
	return dst
}

// sameExcept reports whether a and b have the same rank and agree everywhere but axis.
func sameExcept(a, b []int, axis int) bool {
	if len(a) != len(b) {
		return false
	}
	for d := range a {
		if d != axis && a[d] != b[d] {
			return false
		}
	}
	return true
}

func checkRange(op string, shape []int, axis, start, end int) {
	if start < 0 || end < start || end > shape[axis] {
		panic(fmt.Sprintf("tensor: %s: range [%d, %d) out of bounds for axis %d of shape %v", op, start, end, axis, shape))
	}
}
