package autograd

import "github.com/deeptheory/deeptheory/tensor"

// Norm returns the Frobenius norm ‖x‖ = √(Σᵢ xᵢ²), a scalar. A composite
// (Sqrt of Sum of Square). Gradient: x̄ = ḡ·x/‖x‖; at x = 0 it is NaN
// (0/0; PyTorch returns 0 there).
func Norm[T Float](x *Var[T]) *Var[T] {
	return Sqrt(Sum(Square(x)))
}

// WeightNorm returns the weight-normalized tensor (Salimans & Kingma 2016,
// PyTorch's weight_norm): g holds one scale per unit, v's leading
// dimensions index the units (their sizes must multiply to g's number of
// elements, units), and each unit's row v[u] (its len(v)/units contiguous
// values) is scaled to norm |g[u]|:
//
//	w[u, ...] = g[u] · v[u, ...] / ‖v[u, ...]‖.
//
// For PyTorch's dim 0, v is [out, ...] and g is [out] (or [out, 1, ...] as
// PyTorch keeps it); a scalar g normalizes the whole of v (dim=None).
// w has v's shape. A primitive (tensor.WeightNormInto: the norms, then w,
// one sweep each, no copy of v). Gradient, with r = ‖v[u]‖ and
// d = ⟨ḡ[u], v[u]⟩: g̅[u] = d/r and v̄[u] = (g[u]/r)·(ḡ[u] − (d/r²)·v[u]),
// computed by tensor.WeightNormAdjointInto when the backward pass is not
// recorded; a recorded backward pass (GradientsGraph) builds it from this
// package's operations so that it can be differentiated again.
func WeightNorm[T Float](v, g *Var[T]) *Var[T] {
	shape := v.Shape()
	units := g.value.Len()
	if _, ok := tensor.LeadingDims(shape, units); !ok {
		panicf("WeightNorm: shapes %v (v) and %v (g): want v [out ...] and g with out elements (or a scalar)", shape, g.Shape())
	}
	tp := tapeOf("WeightNorm", v, g)
	w, norms := tp.allocUncleared(shape...), tp.allocUncleared(units)
	tensor.WeightNormInto(w, norms, v.value, g.value)
	return tp.record(w, func(gw *Var[T]) []*Var[T] {
		if tp.recording {
			return weightNormVJP(gw, v, g)
		}
		var dv, dg *tensor.Tensor[T]
		if v.Recorded() {
			dv = tp.allocUncleared(shape...)
		}
		if g.Recorded() {
			dg = tp.allocUncleared(g.Shape()...)
		}
		tensor.WeightNormAdjointInto(dv, dg, gw.value, v.value, g.value, norms)
		return []*Var[T]{wrapOrNil(tp, dv), wrapOrNil(tp, dg)}
	}, v, g)
}

// weightNormVJP is WeightNorm's gradient written with this package's
// operations, as a function of ḡ, v and g, so that a recorded backward pass
// can be differentiated again. It returns v̄ and g̅.
func weightNormVJP[T Float](gw, v, g *Var[T]) []*Var[T] {
	units := g.value.Len()
	rest := v.value.Len() / max(units, 1)
	rows, grows := Reshape(v, units, rest), Reshape(gw, units, rest)
	norms := Sqrt(SumAxis(Square(rows), 1, true)) // r, [units, 1]
	dots := SumAxis(Mul(grows, rows), 1, true)    // d, [units, 1]
	scale := Div(Reshape(g, units, 1), norms)     // g/r
	proj := Div(dots, Square(norms))              // d/r²
	dv := Mul(scale, Sub(grows, Mul(proj, rows))) // (g/r)(ḡ − (d/r²)v)
	return []*Var[T]{Reshape(dv, v.Shape()...), Reshape(Div(dots, norms), g.Shape()...)}
}
