package autograd

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/deeptheory/deeptheory/tensor"
)

// hessianFullLoss is L(x, y) = Σᵢ xᵢ² yᵢ + exp(Σᵢ xᵢ yᵢ) for x, y of equal shape.
func hessianFullLoss(x, y *Var[float64]) *Var[float64] {
	return Add(Sum(Mul(Mul(x, x), y)), Exp(Sum(Mul(x, y))))
}

// TestHessianFullByHand compares Hessian with the second derivatives of
// L(x, y) = Σᵢ xᵢ² yᵢ + e^s, s = Σᵢ xᵢ yᵢ, worked out by hand:
//
//	∂²L/∂xᵢ∂xⱼ = 2yᵢδᵢⱼ + e^s yᵢyⱼ
//	∂²L/∂xᵢ∂yⱼ = 2xᵢδᵢⱼ + e^s (δᵢⱼ + xⱼyᵢ)
//	∂²L/∂yᵢ∂yⱼ = e^s xᵢxⱼ
//
// with θ = (x, y), so the x block comes first.
func TestHessianFullByHand(t *testing.T) {
	xs, ys := []float64{0.3, -0.7, 0.2}, []float64{1.1, 0.4, -0.5}
	n := len(xs)
	tp := NewTape[float64]()
	x, y := tp.Param(tensor.FromSlice(xs, n)), tp.Param(tensor.FromSlice(ys, n))
	h := Hessian(hessianFullLoss(x, y), []*Var[float64]{x, y})
	if got := h.Shape(); len(got) != 2 || got[0] != 2*n || got[1] != 2*n {
		t.Fatalf("Hessian has shape %v, want [%d %d]", got, 2*n, 2*n)
	}
	var s float64
	for i := range n {
		s += xs[i] * ys[i]
	}
	e := math.Exp(s)
	delta := func(i, j int) float64 {
		if i == j {
			return 1
		}
		return 0
	}
	for i := range n {
		for j := range n {
			cases := []struct {
				name     string
				row, col int
				want     float64
			}{
				{"xx", i, j, 2*ys[i]*delta(i, j) + e*ys[i]*ys[j]},
				{"xy", i, n + j, 2*xs[i]*delta(i, j) + e*(delta(i, j)+xs[j]*ys[i])},
				{"yx", n + j, i, 2*xs[i]*delta(i, j) + e*(delta(i, j)+xs[j]*ys[i])},
				{"yy", n + i, n + j, e * xs[i] * xs[j]},
			}
			for _, c := range cases {
				if got := h.At(c.row, c.col); math.Abs(got-c.want) > 1e-14*(1+math.Abs(c.want)) {
					t.Errorf("H_%s[%d,%d] = %.17g, want %.17g", c.name, i, j, got, c.want)
				}
			}
		}
	}
}

// hessianFullMLP is a small network's loss with two weight matrices, so that
// the flattening of 2-D variables and their concatenation are exercised:
// mean (tanh(x W₁ᵀ) W₂ᵀ − t)² over the rows of x.
func hessianFullMLP(x, target, w1, w2 *Var[float64]) *Var[float64] {
	out := MatMulT(Tanh(MatMulT(x, w1, false, true)), w2, false, true)
	return Mean(Square(Sub(out, target)))
}

// TestHessianFullCentralDifferences compares Hessian with central differences
// of the gradient: column j ≈ (∇L(θ + h eⱼ) − ∇L(θ − h eⱼ)) / 2h, which is
// accurate to O(h²) + O(ε/h) ≈ 1e-8 relative for h = 1e-5.
func TestHessianFullCentralDifferences(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 1))
	x, target := tensor.RandN[float64](r, 6, 3), tensor.RandN[float64](r, 6, 2)
	w1, w2 := tensor.RandN[float64](r, 4, 3), tensor.RandN[float64](r, 2, 4)
	p := w1.Len() + w2.Len()

	tp := NewTape[float64]()
	v1, v2 := tp.Param(w1), tp.Param(w2)
	h := Hessian(hessianFullMLP(tp.Const(x), tp.Const(target), v1, v2), []*Var[float64]{v1, v2})

	// grad returns ∇L at θ + step·eⱼ, flattened.
	grad := func(j int, step float64) []float64 {
		a, b := w1.Clone(), w2.Clone()
		if j < a.Len() {
			a.Data()[j] += step
		} else {
			b.Data()[j-a.Len()] += step
		}
		tp := NewTape[float64]()
		va, vb := tp.Param(a), tp.Param(b)
		g := Gradients(hessianFullMLP(tp.Const(x), tp.Const(target), va, vb), va, vb)
		return append(append([]float64(nil), g[0].Data()...), g[1].Data()...)
	}
	const step = 1e-5
	for j := range p {
		plus, minus := grad(j, step), grad(j, -step)
		for i := range p {
			want := (plus[i] - minus[i]) / (2 * step)
			if got := h.At(i, j); math.Abs(got-want) > 1e-7*(1+math.Abs(want)) {
				t.Errorf("H[%d,%d] = %.12g, central difference %.12g", i, j, got, want)
			}
		}
	}
}

// TestHessianFullSymmetrized checks that the returned matrix is exactly
// symmetric and that each raw column H·eⱼ (from HessianVectorProduct)
// differs from it only by rounding: the symmetrization hides no real
// asymmetry.
func TestHessianFullSymmetrized(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 2))
	x, target := tensor.RandN[float64](r, 5, 3), tensor.RandN[float64](r, 5, 2)
	w1, w2 := tensor.RandN[float64](r, 4, 3), tensor.RandN[float64](r, 2, 4)
	tp := NewTape[float64]()
	v1, v2 := tp.Param(w1), tp.Param(w2)
	loss := hessianFullMLP(tp.Const(x), tp.Const(target), v1, v2)
	h := Hessian(loss, []*Var[float64]{v1, v2})
	p := h.Dim(0)
	var scale float64
	for _, v := range h.Data() {
		scale = max(scale, math.Abs(v))
	}
	for j := range p {
		d1, d2 := tensor.Zeros[float64](4, 3), tensor.Zeros[float64](2, 4)
		if j < 12 {
			d1.Data()[j] = 1
		} else {
			d2.Data()[j-12] = 1
		}
		col := HessianVectorProduct(loss, []*Var[float64]{v1, v2}, []*tensor.Tensor[float64]{d1, d2})
		raw := append(append([]float64(nil), col[0].Data()...), col[1].Data()...)
		for i := range p {
			if h.At(i, j) != h.At(j, i) {
				t.Errorf("H[%d,%d] = %g but H[%d,%d] = %g", i, j, h.At(i, j), j, i, h.At(j, i))
			}
			if d := math.Abs(raw[i] - h.At(i, j)); d > 1e-14*scale {
				t.Errorf("raw (H·e_%d)[%d] = %.17g, symmetrized %.17g", j, i, raw[i], h.At(i, j))
			}
		}
	}
}

// TestHessianFullEdgeCases: a loss that does not depend on the variables has
// the zero Hessian, and a non-scalar loss panics with a message naming the op
// and the shape.
func TestHessianFullEdgeCases(t *testing.T) {
	tp := NewTape[float64]()
	w := tp.Param(tensor.FromSlice([]float64{1, 2}, 2))
	c := tp.Const(tensor.FromSlice([]float64{3}, 1))
	h := Hessian(Sum(Mul(c, c)), []*Var[float64]{w})
	for _, v := range h.Data() {
		if v != 0 {
			t.Fatalf("Hessian of a constant: %v", h.Data())
		}
	}
	defer func() {
		msg, _ := recover().(string)
		if !strings.Contains(msg, "Hessian") || !strings.Contains(msg, "[2]") {
			t.Errorf("panic %q, want one naming Hessian and the shape [2]", msg)
		}
	}()
	Hessian(Mul(w, w), []*Var[float64]{w})
}
