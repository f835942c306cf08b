package nn

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/deeptheory/deeptheory/autograd"
	"github.com/deeptheory/deeptheory/internal/testcheck"
	"github.com/deeptheory/deeptheory/tensor"
)

func newRand(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15)) }

// checkParamGradients checks the gradients of m(x) with respect to every
// parameter of m with autograd.CheckGradient: it checks that each layer
// hands the tape the tensors it lists in Params (a tensor the layer used
// but did not list, or listed but did not use, gives a wrong gradient).
func checkParamGradients(t *testing.T, name string, m Layer[float64], x *tensor.Tensor[float64]) {
	t.Helper()
	params := m.Params()
	values := make([]*tensor.Tensor[float64], len(params))
	for i, p := range params {
		values[i] = p.Value.Clone()
	}
	defer func() { // CheckGradient's probes moved the parameters: restore them
		for i, p := range params {
			p.Value.CopyFrom(values[i])
		}
	}()
	if _, err := autograd.CheckGradient(asFunction(m, x), values, autograd.CheckOptions{AbsTol: 1e-6, RelTol: 1e-5}); err != nil {
		t.Errorf("%s: %v", name, err)
	}
}

// asFunction returns m(x) as a function of m's parameters, for
// CheckGradient: it copies the inputs' values into the parameters, runs
// Forward on a tape of its own, and records on the inputs' tape one
// operation whose rule is that tape's VJP with respect to the parameters.
func asFunction(m Layer[float64], x *tensor.Tensor[float64]) func(xs ...*autograd.Var[float64]) *autograd.Var[float64] {
	params := m.Params()
	return func(xs ...*autograd.Var[float64]) *autograd.Var[float64] {
		for i, p := range params {
			p.Value.CopyFrom(xs[i].Value())
		}
		inner := autograd.NewTape[float64]()
		out := m.Forward(inner.Const(x))
		vars := make([]*autograd.Var[float64], len(params))
		for i, p := range params {
			vars[i] = inner.Param(p.Value) // the leaves Forward used, if it used them
		}
		rule := func(g *autograd.Var[float64]) []*autograd.Var[float64] {
			grads := autograd.VJP(out, g.Value(), vars...)
			res := make([]*autograd.Var[float64], len(grads))
			for i, g := range grads {
				res[i] = autograd.Const(g)
			}
			return res
		}
		return autograd.Record("layer", out.Value().Clone(), rule, xs...)
	}
}

func near(a, b, tol float64) bool {
	return math.Abs(a-b) <= tol*math.Max(1, math.Max(math.Abs(a), math.Abs(b)))
}

func mustPanic(t *testing.T, what string, f func()) { t.Helper(); testcheck.Panics(t, what, "", f) }

func paramNames[T Float](ps []Param[T]) []string {
	names := make([]string, len(ps))
	for i, p := range ps {
		names[i] = p.Name
	}
	return names
}
