package autograd

import (
	"math"
	"slices"

	"github.com/deeptheory/deeptheory/tensor"
)

// pool recycles the tensors and Vars a tape hands out. The k-th request after a
// reset gets the k-th buffer back (resized), so a loop that makes the same
// requests every step allocates nothing after its first step.
type pool[T Float] struct {
	tensors []*tensor.Tensor[T]
	nextT   int
	views   []*tensor.Tensor[T] // headers sharing another tensor's data (Reshape's values)
	nextW   int
	vars    [][]Var[T] // chunks of fixed size: pointers into them stay valid
	nextV   int

	indexBufs [][]int32 // index buffers (MaxPool2D's argmax), handed out like the tensors
	nextI     int
}

const varChunk = 256

// reset makes every buffer available again. With poison (debug mode) it
// instead fills the tensors handed out with NaN and forgets them and the
// Vars, so that nothing handed out before is ever reused.
func (p *pool[T]) reset(poison bool) {
	if poison {
		for _, t := range p.tensors[:p.nextT] {
			t.Fill(T(math.NaN()))
		}
		for _, idx := range p.indexBufs[:p.nextI] {
			for i := range idx {
				idx[i] = -1 // out of range: a kept index buffer panics when used
			}
		}
		*p = pool[T]{}
		return
	}
	p.nextT = 0
	p.nextI = 0
	// Views are left alone (never poisoned: their data is another tensor's,
	// perhaps a parameter's); they keep their data until handed out again.
	p.nextW = 0
	// Drop the references held by the Vars handed out since the last reset
	// (only those: clearing whole chunks costs write barriers for nothing).
	for i, left := 0, p.nextV; left > 0; i, left = i+1, left-varChunk {
		clear(p.vars[i][:min(left, varChunk)])
	}
	p.nextV = 0
}

// tensor returns the next buffer, zeroed, with the given shape.
func (p *pool[T]) tensor(shape []int) *tensor.Tensor[T] {
	if p.nextT == len(p.tensors) {
		p.tensors = append(p.tensors, tensor.Zeros[T](shape...))
		p.nextT++
		return p.tensors[p.nextT-1]
	}
	t := p.tensors[p.nextT]
	p.nextT++
	t.Resize(shape...)
	return t
}

// tensorUncleared returns the next buffer with the given shape and stale
// contents, for a caller that overwrites every element.
func (p *pool[T]) tensorUncleared(shape []int) *tensor.Tensor[T] {
	var t *tensor.Tensor[T]
	if p.nextT == len(p.tensors) {
		t = tensor.Zeros[T](shape...)
		p.tensors = append(p.tensors, t)
	} else {
		t = p.tensors[p.nextT]
		if !slices.Equal(t.Shape(), shape) { // in a steady loop the shape is the last step's
			t.ResizeUncleared(shape...)
		}
	}
	p.nextT++
	if poisonUncleared {
		t.Fill(T(math.NaN()))
	}
	return t
}

// indices returns the next index buffer, of length n, with stale contents
// (its caller writes every element).
func (p *pool[T]) indices(n int) []int32 {
	if p.nextI == len(p.indexBufs) {
		p.indexBufs = append(p.indexBufs, nil)
	}
	buf := p.indexBufs[p.nextI]
	if cap(buf) < n {
		buf = make([]int32, n)
		p.indexBufs[p.nextI] = buf
	}
	p.nextI++
	return buf[:n]
}

// view returns the next view header, made to share src's data with the
// given shape (see tensor.ReshapeInto).
func (p *pool[T]) view(src *tensor.Tensor[T], shape []int) *tensor.Tensor[T] {
	if p.nextW == len(p.views) {
		p.views = append(p.views, new(tensor.Tensor[T]))
	}
	v := p.views[p.nextW]
	p.nextW++
	return tensor.ReshapeInto(v, src, shape...)
}

// poisonUncleared makes tensorUncleared fill its buffers with NaN, so that an
// op which leaves part of its output unwritten shows up as NaN in the tests
// (which set it) instead of as a stale value from an earlier step.
var poisonUncleared = false

func (p *pool[T]) newVar(value *tensor.Tensor[T], tp *Tape[T]) *Var[T] {
	chunk, i := p.nextV/varChunk, p.nextV%varChunk
	if chunk == len(p.vars) {
		p.vars = append(p.vars, make([]Var[T], varChunk))
	}
	p.nextV++
	v := &p.vars[chunk][i]
	*v = Var[T]{value: value, tape: tp, id: -1, gen: tp.gen}
	return v
}
