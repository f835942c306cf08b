package autograd

import "github.com/deeptheory/deeptheory/internal/shapes"

// Norm returns the Frobenius norm ‖x‖ = √(Σᵢ xᵢ²), a scalar. A composite
// (Sqrt of Sum of Square). Gradient: x̄ = ḡ·x/‖x‖; at x = 0 it is NaN
// (0/0; PyTorch returns 0 there).
func Norm[T Float](x *Var[T]) *Var[T] {
	return Sqrt(Sum(Square(x)))
}

// WeightNorm returns the weight-normalized tensor (Salimans & Kingma 2016,
// PyTorch's weight_norm with dim 0): v is [out, ...], g is [out], and
//
//	w[i, ...] = g[i] · v[i, ...] / ‖v[i, ...]‖,
//
// the norm taken over all dimensions but the first. A composite. Gradient,
// with r = ‖v[i]‖ and w̄ = ḡ: ḡ_g[i] = ⟨w̄[i], v[i]⟩/r and
// v̄[i] = (g[i]/r)·(w̄[i] − (⟨w̄[i], v[i]⟩/r²)·v[i]).
func WeightNorm[T Float](v, g *Var[T]) *Var[T] {
	shape := v.Shape()
	if len(shape) < 1 || len(g.Shape()) != 1 || g.Shape()[0] != shape[0] {
		panicf("WeightNorm: shapes %v (v) and %v (g): want v [out ...] and g [out]", shape, g.Shape())
	}
	out := shape[0]
	rows := Reshape(v, out, shapes.Count(shape[1:]))
	norms := Sqrt(SumAxis(Square(rows), 1, true)) // [out, 1]
	scale := Div(Reshape(g, out, 1), norms)
	return Reshape(Mul(rows, scale), shape...)
}
