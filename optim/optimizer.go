package optim

import (
	"fmt"
	"io"

	"github.com/deeptheory/deeptheory/tensor"
)

// Float is the set of element types: float32 and float64.
type Float = tensor.Float

// Optimizer updates parameters in place from their gradients.
type Optimizer[T Float] interface {
	// Step applies one update: params[i] changes according to grads[i] and
	// the state kept for index i. The two slices have equal lengths and
	// pairwise equal shapes, and the same parameters come in the same order
	// at every step.
	Step(params, grads []*tensor.Tensor[T])
	// LR returns the current learning rate.
	LR() float64
	// SetLR sets the learning rate used by the following steps.
	SetLR(lr float64)
	// Steps returns the number of steps taken (restored by LoadState).
	Steps() int
	// SaveState writes the optimizer's state as safetensors.
	SaveState(w io.Writer) error
	// LoadState replaces the optimizer's state with the one read from r,
	// checked against the parameters it will be used with.
	LoadState(r io.Reader, params []*tensor.Tensor[T]) error
}

// checkStep panics unless params and grads pair up shape for shape, and,
// once state exists, match the state's parameter count and buffer shapes.
func checkStep[T Float](op string, params, grads []*tensor.Tensor[T], st *state[T]) {
	if len(params) != len(grads) {
		panic(fmt.Sprintf("optim: %s.Step: %d parameters but %d gradients", op, len(params), len(grads)))
	}
	for i := range params {
		if !params[i].SameShape(grads[i]) {
			panic(fmt.Sprintf("optim: %s.Step: parameter %d has shape %v, its gradient %v", op, i, params[i].Shape(), grads[i].Shape()))
		}
	}
	if st.buf == nil {
		return
	}
	if len(st.buf) != len(params) {
		panic(fmt.Sprintf("optim: %s.Step: %d parameters, but the state was made for %d", op, len(params), len(st.buf)))
	}
	for i, bufs := range st.buf {
		for k, b := range bufs {
			if !b.SameShape(params[i]) {
				panic(fmt.Sprintf("optim: %s.Step: parameter %d has shape %v, its %s %v", op, i, params[i].Shape(), st.names[k], b.Shape()))
			}
		}
	}
}

func checkLR(op string, lr float64) {
	if !(lr >= 0) {
		panic(fmt.Sprintf("optim: %s: learning rate %v is not ≥ 0", op, lr))
	}
}
