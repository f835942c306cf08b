package optim

import (
	"fmt"
	"io"

	"github.com/deeptheory/deeptheory/autograd"
	"github.com/deeptheory/deeptheory/tensor"
)

// Float is the set of element types: float32 and float64.
type Float = tensor.Float

// Optimizer updates the parameters it was made with, in place, from their
// gradients. Every optimizer of this package implements it.
type Optimizer[T Float] interface {
	// Params returns the bound parameters, in the order Update expects
	// their gradients.
	Params() []autograd.Param[T]
	// Step takes the gradient of loss with respect to every bound
	// parameter (the variable loss.Tape().Param(p.Value)) and applies one
	// update: the one call a training loop makes after its forward pass.
	// A parameter the loss does not depend on gets a zero gradient. It
	// panics if loss is not a scalar recorded on a tape.
	Step(loss *autograd.Var[T])
	// Update applies one update from the given gradients, grads[i] for
	// Params()[i]: for gradients clipped or computed some other way. It
	// panics, naming the parameter, if a count or shape differs.
	Update(grads []*tensor.Tensor[T])
	// LR returns the current learning rate.
	LR() float64
	// SetLR sets the learning rate used by the following steps.
	SetLR(lr float64)
	// Steps returns the number of updates taken (restored by LoadState).
	Steps() int
	// SaveState writes the optimizer's state (step count, learning rate,
	// per-parameter buffers keyed "<parameter name>.<buffer name>") as
	// safetensors.
	SaveState(w io.Writer) error
	// LoadState replaces the optimizer's state with the one read from r,
	// after checking its parameter names and buffer shapes against the
	// bound parameters; on error nothing changes.
	LoadState(r io.Reader) error
}

// gradients returns ∂loss/∂p for every bound parameter p.
func (st *state[T]) gradients(loss *autograd.Var[T]) []*tensor.Tensor[T] {
	tp := loss.Tape()
	if tp == nil || !loss.Recorded() {
		panic(fmt.Sprintf("optim: %s.Step: the loss (shape %v) is not recorded on a tape: compute it from model.Forward(tp.Const(x)) with a tape tp", st.name, loss.Shape()))
	}
	st.vars = st.vars[:0]
	nodes := tp.Len()
	for _, p := range st.params {
		st.vars = append(st.vars, tp.Param(p.Value))
	}
	// Param adds a node only for a tensor not yet on the tape: if it added
	// one for every bound parameter, the loss was computed from none of them.
	if added := tp.Len() - nodes; added > 0 && added == len(st.params) {
		panic(fmt.Sprintf("optim: %s.Step: none of the %d bound parameters (%q, ...) is on the loss's tape: the loss was computed from other tensors (was the optimizer made with this model's Params?)", st.name, len(st.params), st.params[0].Name))
	}
	if len(st.grads) != len(st.vars) {
		st.grads = make([]*tensor.Tensor[T], len(st.vars))
	}
	return autograd.GradientsInto(st.grads, loss, st.vars...)
}

// checkUpdate panics unless grads pair up with the bound parameters shape
// for shape.
func (st *state[T]) checkUpdate(grads []*tensor.Tensor[T]) {
	if len(grads) != len(st.params) {
		panic(fmt.Sprintf("optim: %s.Update: %d gradients for %d parameters", st.name, len(grads), len(st.params)))
	}
	for i, p := range st.params {
		if !p.Value.SameShape(grads[i]) {
			panic(fmt.Sprintf("optim: %s.Update: parameter %q has shape %v, its gradient %v", st.name, p.Name, p.Value.Shape(), grads[i].Shape()))
		}
	}
}

// setLR sets the learning rate after checking it (the name is joined only
// on failure: SetLR runs every step in some loops and allocates nothing).
func (st *state[T]) setLR(lr float64) {
	if !(lr >= 0) {
		checkLR(st.name+".SetLR", lr)
	}
	st.lr = lr
}

func checkLR(op string, lr float64) {
	if !(lr >= 0) {
		panic(fmt.Sprintf("optim: %s: learning rate %v is not ≥ 0", op, lr))
	}
}
