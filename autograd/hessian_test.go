package autograd

import (
	"math"
	"testing"

	"github.com/deeptheory/deeptheory/tensor"
)

// TestHessianQuadratic builds the full Hessian of f(x) = ½xᵀAx column by
// column from Hessian-vector products H·eⱼ and compares it with (A + Aᵀ)/2·2/2,
// that is with the symmetric part of A counted once from each side:
// ∇f = ½(A + Aᵀ)x, so H = ½(A + Aᵀ).
func TestHessianQuadratic(t *testing.T) {
	const n = 5
	g := newGen(11)
	a := g.normal(n, n) // not symmetric
	x0 := g.normal(n, 1)
	tp := NewTape[float64]()
	x := tp.Param(x0)
	f := MulScalar(Sum(MatMulT(x, MatMul(tp.Const(a), x), true, false)), 0.5)
	for j := range n {
		e := tensor.Zeros[float64](n, 1)
		e.Set(1, j, 0)
		col := HessianVectorProduct(f, []*V{x}, []*T64{e})[0]
		for i := range n {
			want := (a.At(i, j) + a.At(j, i)) / 2
			if got := col.At(i, 0); math.Abs(got-want) > 1e-14 {
				t.Errorf("H[%d,%d] = %g, want %g", i, j, got, want)
			}
		}
	}
}

// TestSecondDerivativeTanh checks d²/dx² tanh x = −2·tanh x·(1 − tanh² x)
// through two recorded backward passes.
func TestSecondDerivativeTanh(t *testing.T) {
	x0 := vec(-2, -0.5, 0, 0.3, 1.7)
	tp := NewTape[float64]()
	x := tp.Param(x0)
	first := GradientsGraph(Sum(Tanh(x)), x)[0] // 1 − tanh² x, elementwise
	second := Gradients(Sum(first), x)[0]
	for i, v := range x0.Data() {
		th := math.Tanh(v)
		if got, want := first.Value().Data()[i], 1-th*th; math.Abs(got-want) > 1e-15 {
			t.Errorf("tanh'(%g) = %g, want %g", v, got, want)
		}
		if got, want := second.Data()[i], -2*th*(1-th*th); math.Abs(got-want) > 1e-15 {
			t.Errorf("tanh''(%g) = %g, want %g", v, got, want)
		}
	}
	// Third order: d³/dx³ tanh = −2(1 − tanh²)(1 − 3tanh²).
	tp2 := NewTape[float64]()
	x = tp2.Param(x0)
	d1 := GradientsGraph(Sum(Tanh(x)), x)[0]
	d2 := GradientsGraph(Sum(d1), x)[0]
	d3 := Gradients(Sum(d2), x)[0]
	for i, v := range x0.Data() {
		th := math.Tanh(v)
		if got, want := d3.Data()[i], -2*(1-th*th)*(1-3*th*th); math.Abs(got-want) > 1e-14 {
			t.Errorf("tanh'''(%g) = %g, want %g", v, got, want)
		}
	}
}

// TestHessianVectorMLP compares Hessian-vector products of a small network's
// loss with central differences of its gradient: H·v ≈ (∇L(w + hv) − ∇L(w − hv))/2h.
func TestHessianVectorMLP(t *testing.T) {
	g := newGen(12)
	x, y := g.normal(8, 3), g.signs(8)
	w1, w2 := g.normal(5, 3), g.normal(1, 5)
	v1, v2 := g.normal(5, 3), g.normal(1, 5)

	tp := NewTape[float64]()
	p1, p2 := tp.Param(w1), tp.Param(w2)
	hv := HessianVectorProduct(mlpLoss(tp.Const(x), tp.Const(y), p1, p2), []*V{p1, p2}, []*T64{v1, v2})

	grad := func(step float64) []*T64 {
		a := tensor.Add(w1, tensor.MulScalar(v1, step))
		b := tensor.Add(w2, tensor.MulScalar(v2, step))
		tp := NewTape[float64]()
		pa, pb := tp.Param(a), tp.Param(b)
		grads := Gradients(mlpLoss(tp.Const(x), tp.Const(y), pa, pb), pa, pb)
		return []*T64{grads[0].Clone(), grads[1].Clone()}
	}
	const h = 1e-5
	plus, minus := grad(h), grad(-h)
	for k := range hv {
		numeric := tensor.MulScalar(tensor.Sub(plus[k], minus[k]), 1/(2*h))
		for i, want := range numeric.Data() {
			got := hv[k].Data()[i]
			if math.Abs(got-want) > 1e-7*(1+math.Abs(want)) {
				t.Errorf("(H·v)[%d][%d] = %.12g, central difference %.12g", k, i, got, want)
			}
		}
	}
}
