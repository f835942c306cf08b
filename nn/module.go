package nn

import (
	"fmt"

	"github.com/deeptheory/deeptheory/autograd"
	"github.com/deeptheory/deeptheory/tensor"
)

// Float is the set of element types: float32 and float64.
type Float = tensor.Float

// Param is a named tensor of a module: a parameter (from Params) or a
// buffer (from Buffers). Names are PyTorch's ("weight", "bias",
// "weight_g", "running_mean", ...), prefixed "<i>." by Sequential. It is
// autograd.Param, so optimizers (package optim) take a model's Params as
// they are.
type Param[T Float] = autograd.Param[T]

// Module is anything with parameters. Params returns them in a fixed order
// (each type documents its own); the Values are the module's tensors, not
// copies, so an optimizer stepping them changes the module.
type Module[T Float] interface {
	Params() []Param[T]
}

// Layer is a module that maps a batch. Forward takes its tape from its
// input: on x's tape (x.Tape()) it records the computation, with the
// layer's weights as that tape's parameters (tp.Param), so gradients can be
// taken with respect to them; for a constant x (autograd.Const, no tape) it
// only evaluates, with the weights as constants. Whether a layer computes
// in training or evaluation mode (batch normalization) is set separately
// by SetTraining, never by the presence of a tape.
type Layer[T Float] interface {
	Module[T]
	Forward(x *autograd.Var[T]) *autograd.Var[T]
}

// Buffered is implemented by modules with buffers: state that is saved and
// loaded with the parameters but not trained (batch normalization's
// running statistics).
type Buffered[T Float] interface {
	Buffers() []Param[T]
}

// Trainable is implemented by modules that compute differently in training
// and in evaluation (batch normalization).
type Trainable interface {
	SetTraining(on bool)
}

// SetTraining puts m in training (on) or evaluation mode if it has modes,
// and does nothing otherwise: PyTorch's model.train() and model.eval().
// Modules start in training mode. Only batch normalization has modes: in
// training mode it normalizes with the batch's statistics and updates its
// running statistics at every Forward (with or without a tape); in
// evaluation mode it uses the running statistics and changes nothing.
func SetTraining(m any, on bool) {
	if t, ok := m.(Trainable); ok {
		t.SetTraining(on)
	}
}

// State returns m's parameters followed by its buffers, if it has any: the
// tensors Save writes, in order (PyTorch's state_dict holds the same names).
func State[T Float](m Module[T]) []Param[T] {
	state := m.Params()
	if b, ok := m.(Buffered[T]); ok {
		state = append(state, b.Buffers()...)
	}
	return state
}

// prefixed returns ps with every name prefixed by prefix + ".".
func prefixed[T Float](prefix string, ps []Param[T]) []Param[T] {
	out := make([]Param[T], len(ps))
	for i, p := range ps {
		out[i] = Param[T]{Name: prefix + "." + p.Name, Value: p.Value}
	}
	return out
}

// mustWeight returns the variable of the weight w on tp; it panics if w is
// nil (the layer's weight was taken by WeightNorm).
func mustWeight[T Float](op string, tp *autograd.Tape[T], w *tensor.Tensor[T]) *autograd.Var[T] {
	if w == nil {
		panic(fmt.Sprintf("nn: %s.Forward: the weight is nil (the layer is wrapped by WeightNorm: call the wrapper's Forward)", op))
	}
	return tp.Param(w)
}

// param returns the variable of t on tp, or nil for a nil t (an absent bias).
func param[T Float](tp *autograd.Tape[T], t *tensor.Tensor[T]) *autograd.Var[T] {
	if t == nil {
		return nil
	}
	return tp.Param(t)
}

// weightAndBias returns the Params of a layer with a weight and an optional
// bias: "weight" (absent when nil: the layer is wrapped by WeightNorm), "bias".
func weightAndBias[T Float](w, b *tensor.Tensor[T]) []Param[T] {
	var ps []Param[T]
	if w != nil {
		ps = append(ps, Param[T]{Name: "weight", Value: w})
	}
	if b != nil {
		ps = append(ps, Param[T]{Name: "bias", Value: b})
	}
	return ps
}
