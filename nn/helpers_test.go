package nn

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/deeptheory/deeptheory/autograd"
	"github.com/deeptheory/deeptheory/tensor"
)

func newRand(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15)) }

// sumWeighted returns ⟨c, m(x)⟩ for a fixed random c: a scalar whose
// gradient exercises every output element differently.
func sumWeighted(tp *autograd.Tape[float64], m Layer[float64], x *tensor.Tensor[float64], c *tensor.Tensor[float64]) *autograd.Var[float64] {
	out := m.Forward(tp, tp.Const(x))
	if c == nil {
		return autograd.Sum(out)
	}
	return autograd.Sum(autograd.Mul(out, tp.Const(c.Reshape(out.Shape()...))))
}

// checkParamGradients compares nn.Gradients of ⟨c, m(x)⟩ with respect to
// every parameter of m with central differences taken by perturbing the
// parameter tensors in place: it checks that each layer hands the tape the
// tensors it lists in Params.
func checkParamGradients(t *testing.T, name string, m Layer[float64], x *tensor.Tensor[float64]) {
	t.Helper()
	r := newRand(99)
	outShape := m.Forward(nil, autograd.Const(x)).Shape()
	c := tensor.RandN[float64](r, outShape...)
	params := Tensors(m.Params())
	tp := autograd.NewTape[float64]()
	grads := Gradients(sumWeighted(tp, m, x, c), params)
	f := func() float64 { return sumWeighted(nil, m, x, c).Value().Item() }
	const h = 1e-6
	for i, p := range params {
		d := p.Data()
		for j := range d {
			old := d[j]
			d[j] = old + h
			up := f()
			d[j] = old - h
			down := f()
			d[j] = old
			num := (up - down) / (2 * h)
			got := grads[i].Data()[j]
			if math.Abs(got-num) > 1e-6+1e-5*math.Abs(num) {
				t.Errorf("%s: %s[%d]: gradient %v, central difference %v", name, m.Params()[i].Name, j, got, num)
				return
			}
		}
	}
}

func near(a, b, tol float64) bool {
	return math.Abs(a-b) <= tol*math.Max(1, math.Max(math.Abs(a), math.Abs(b)))
}

func mustPanic(t *testing.T, what string, f func()) {
	t.Helper()
	defer func() {
		if recover() == nil {
			t.Errorf("%s: no panic", what)
		}
	}()
	f()
}

func paramNames[T Float](ps []Param[T]) []string {
	names := make([]string, len(ps))
	for i, p := range ps {
		names[i] = p.Name
	}
	return names
}
