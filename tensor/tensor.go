// Package tensor is deeptheory's n-dimensional array: contiguous row-major data and
// a shape, generic over float32 and float64. It knows nothing of gradients.
//
// Functions are pure: they return a new tensor and leave their arguments alone.
// Where reuse of memory matters, an ...Into form writes into a destination the
// caller owns. Misuse (a shape that does not fit, an axis out of range) panics
// with a message that names the function and the shapes, like Go's own
// numeric code; nothing here reads outside input.
//
// Imports: internal/kernel for every loop over the data, and internal/shapes
// for the shape arithmetic (broadcast, reduced, permuted shapes) that it
// shares with package autograd.
package tensor

import (
	"fmt"
	"slices"
	"strings"

	"github.com/deeptheory/deeptheory/internal/kernel"
)

// Float is the set of element types a Tensor may hold.
type Float interface{ ~float32 | ~float64 }

// Tensor is an n-dimensional array of T stored contiguously in row-major order:
// the element at index (i0, i1, ..., ik) lives at data[((i0·d1 + i1)·d2 + ...)·dk + ik].
// A tensor of shape [] is a scalar holding one element.
//
// Tensors never alias each other's data, except where a function says so
// (Reshape, FromSlice, Data).
type Tensor[T Float] struct {
	shape []int
	data  []T
}

// New returns a zero tensor of the given shape. It is the same as Zeros.
func New[T Float](shape ...int) *Tensor[T] { return Zeros[T](shape...) }

// Zeros returns a tensor of the given shape filled with 0.
func Zeros[T Float](shape ...int) *Tensor[T] {
	n := checkShape("Zeros", shape)
	return &Tensor[T]{shape: cloneInts(shape), data: make([]T, n)}
}

// Full returns a tensor of the given shape with every element equal to v.
func Full[T Float](v T, shape ...int) *Tensor[T] {
	t := Zeros[T](shape...)
	if v != 0 {
		for i := range t.data {
			t.data[i] = v
		}
	}
	return t
}

// Scalar returns a tensor of shape [] holding v.
func Scalar[T Float](v T) *Tensor[T] { return &Tensor[T]{shape: []int{}, data: []T{v}} }

// FromSlice returns a tensor of the given shape that uses data as its storage
// (no copy). It panics if len(data) is not the product of the shape.
func FromSlice[T Float](data []T, shape ...int) *Tensor[T] {
	n := checkShape("FromSlice", shape)
	if len(data) != n {
		panic(fmt.Sprintf("tensor: FromSlice: %d values do not fill shape %v", len(data), shape))
	}
	return &Tensor[T]{shape: cloneInts(shape), data: data}
}

// Arange returns the 1-D tensor [0, 1, ..., n-1].
func Arange[T Float](n int) *Tensor[T] {
	t := Zeros[T](n)
	for i := range t.data {
		t.data[i] = T(i)
	}
	return t
}

// Clone returns a deep copy of t.
func (t *Tensor[T]) Clone() *Tensor[T] {
	return &Tensor[T]{shape: cloneInts(t.shape), data: append([]T(nil), t.data...)}
}

// Convert returns a copy of t with elements converted to type U (float32 ↔ float64).
func Convert[U, T Float](t *Tensor[T]) *Tensor[U] {
	return &Tensor[U]{shape: cloneInts(t.shape), data: convertSlice[U](t.data)}
}

// Shape returns the tensor's shape. The slice belongs to the tensor: do not modify it.
func (t *Tensor[T]) Shape() []int { return t.shape }

// Dims returns the number of dimensions (0 for a scalar).
func (t *Tensor[T]) Dims() int { return len(t.shape) }

// Dim returns the size of dimension axis; a negative axis counts from the end.
func (t *Tensor[T]) Dim(axis int) int { return t.shape[normAxis("Dim", axis, len(t.shape))] }

// Len returns the number of elements, the product of the shape (1 for a scalar).
func (t *Tensor[T]) Len() int { return len(t.data) }

// Data returns the underlying row-major storage (no copy): writes change the tensor.
func (t *Tensor[T]) Data() []T { return t.data }

// Item returns the single element of a tensor with one element.
func (t *Tensor[T]) Item() T {
	if len(t.data) != 1 {
		panic(fmt.Sprintf("tensor: Item: shape %v has %d elements, not 1", t.shape, len(t.data)))
	}
	return t.data[0]
}

// At returns the element at the given index, one coordinate per dimension.
func (t *Tensor[T]) At(index ...int) T { return t.data[t.offset("At", index)] }

// Set stores v at the given index.
func (t *Tensor[T]) Set(v T, index ...int) { t.data[t.offset("Set", index)] = v }

func (t *Tensor[T]) offset(op string, index []int) int {
	if len(index) != len(t.shape) {
		panic(fmt.Sprintf("tensor: %s: index %v for shape %v", op, index, t.shape))
	}
	off := 0
	for i, x := range index {
		if x < 0 || x >= t.shape[i] {
			panic(fmt.Sprintf("tensor: %s: index %v out of range for shape %v", op, index, t.shape))
		}
		off = off*t.shape[i] + x
	}
	return off
}

// Reshape returns a tensor with the same data (shared, not copied) and a new shape
// with the same number of elements. One dimension may be -1: it is inferred.
func (t *Tensor[T]) Reshape(shape ...int) *Tensor[T] {
	return &Tensor[T]{shape: inferShape("Reshape", t.shape, len(t.data), shape), data: t.data}
}

// SameShape reports whether t and u have equal shapes.
func (t *Tensor[T]) SameShape(u *Tensor[T]) bool { return slices.Equal(t.shape, u.shape) }

// CopyFrom copies src's elements into t; the shapes must be equal.
func (t *Tensor[T]) CopyFrom(src *Tensor[T]) {
	if !slices.Equal(t.shape, src.shape) {
		panic(fmt.Sprintf("tensor: CopyFrom: shapes %v and %v differ", t.shape, src.shape))
	}
	copy(t.data, src.data)
}

// Fill sets every element of t to v.
func (t *Tensor[T]) Fill(v T) { kernel.Fill(t.data, v) }

// String formats the tensor's shape and, for small tensors, its values.
func (t *Tensor[T]) String() string {
	var sb strings.Builder
	fmt.Fprintf(&sb, "Tensor%v", t.shape)
	if len(t.data) <= 64 {
		fmt.Fprintf(&sb, "%v", t.data)
	}
	return sb.String()
}

// Resize gives t the new shape, keeping its storage when it is large enough, and
// sets every element to 0. It exists for buffer pools (the autograd tape reuses
// its tensors step after step); ordinary code makes new tensors instead.
func (t *Tensor[T]) Resize(shape ...int) {
	if t.resize("Resize", shape) {
		clear(t.data)
	}
}

// ResizeUncleared is Resize without the zeroing: when the storage is reused,
// the elements keep whatever values they held. It is for buffer pools whose
// caller overwrites every element (a product, an elementwise map), where the
// clearing would be a wasted pass over memory.
func (t *Tensor[T]) ResizeUncleared(shape ...int) { t.resize("ResizeUncleared", shape) }

// resize sets t's shape, keeping the storage when it is large enough (and
// reporting that it did) or else allocating zeroed storage.
func (t *Tensor[T]) resize(op string, shape []int) (reused bool) {
	n := checkShape(op, shape)
	t.shape = append(t.shape[:0], shape...)
	if cap(t.data) >= n {
		t.data = t.data[:n]
		return true
	}
	t.data = make([]T, n)
	return false
}
