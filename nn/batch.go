package nn

import (
	"fmt"
	"iter"
	"math/rand/v2"

	"github.com/deeptheory/deeptheory/tensor"
)

// Batches cuts an in-memory data set into mini-batches: rows of x (and of
// the targets y, if any) along dimension 0. Each epoch visits every row
// once, in stored order or, with a *rand.Rand, in a fresh random order;
// the last batch is smaller when the batch size does not divide the number
// of rows. The same seed gives the same batches.
type Batches[T Float] struct {
	x, y *tensor.Tensor[T]
	size int
	r    *rand.Rand
}

// NewBatches returns batches of size rows of x and y (y may be nil). With
// r nil every epoch is in stored order: batch b is rows [b·size, (b+1)·size).
// It panics if x and y have different numbers of rows or size < 1.
func NewBatches[T Float](x, y *tensor.Tensor[T], size int, r *rand.Rand) *Batches[T] {
	if x.Dims() < 1 || size < 1 {
		panic(fmt.Sprintf("nn: NewBatches: data %v, batch size %d", x.Shape(), size))
	}
	if y != nil && (y.Dims() < 1 || y.Dim(0) != x.Dim(0)) {
		panic(fmt.Sprintf("nn: NewBatches: x %v and y %v have different numbers of rows", x.Shape(), y.Shape()))
	}
	return &Batches[T]{x: x, y: y, size: size, r: r}
}

// Len returns the number of batches per epoch, ⌈N/size⌉.
func (b *Batches[T]) Len() int { return (b.x.Dim(0) + b.size - 1) / b.size }

// Epoch returns the batches of one epoch as (x, y) pairs of new tensors
// (y nil when there are no targets). With a *rand.Rand, starting to range
// over the sequence draws a permutation of the rows from it.
func (b *Batches[T]) Epoch() iter.Seq2[*tensor.Tensor[T], *tensor.Tensor[T]] {
	return func(yield func(*tensor.Tensor[T], *tensor.Tensor[T]) bool) {
		for rows := range b.rows() {
			var yb *tensor.Tensor[T]
			if b.y != nil {
				yb = gatherRows(b.y, rows)
			}
			if !yield(gatherRows(b.x, rows), yb) {
				return
			}
		}
	}
}

// EpochClasses is Epoch for classification with class labels held apart
// from the tensors (as CrossEntropy takes them): it yields each batch's
// rows of x with their labels, labels[i] being row i's. It panics if
// len(labels) is not x's number of rows.
func (b *Batches[T]) EpochClasses(labels []int) iter.Seq2[*tensor.Tensor[T], []int] {
	if len(labels) != b.x.Dim(0) {
		panic(fmt.Sprintf("nn: Batches.EpochClasses: %d labels for x %v", len(labels), b.x.Shape()))
	}
	return func(yield func(*tensor.Tensor[T], []int) bool) {
		for rows := range b.rows() {
			lb := make([]int, len(rows))
			for i, r := range rows {
				lb[i] = labels[r]
			}
			if !yield(gatherRows(b.x, rows), lb) {
				return
			}
		}
	}
}

// rows yields the row indices of each batch of one epoch, drawing the
// permutation when it starts if there is a *rand.Rand.
func (b *Batches[T]) rows() iter.Seq[[]int] {
	return func(yield func([]int) bool) {
		n := b.x.Dim(0)
		var order []int
		if b.r != nil {
			order = b.r.Perm(n)
		}
		for start := 0; start < n; start += b.size {
			if !yield(rowRange(order, start, min(start+b.size, n))) {
				return
			}
		}
	}
}

// rowRange returns order[start:end], or the rows start..end−1 if order is nil.
func rowRange(order []int, start, end int) []int {
	if order != nil {
		return order[start:end]
	}
	rows := make([]int, end-start)
	for i := range rows {
		rows[i] = start + i
	}
	return rows
}

// gatherRows returns the rows of t (along dimension 0) in the given order.
func gatherRows[T Float](t *tensor.Tensor[T], rows []int) *tensor.Tensor[T] {
	shape := append([]int{len(rows)}, t.Shape()[1:]...)
	out := tensor.Zeros[T](shape...)
	width := 0
	if t.Dim(0) > 0 {
		width = t.Len() / t.Dim(0)
	}
	src, dst := t.Data(), out.Data()
	for i, r := range rows {
		copy(dst[i*width:(i+1)*width], src[r*width:(r+1)*width])
	}
	return out
}
