package autograd

import "testing"

// TestLinearMatchesComposite compares the fused Linear with the composite it
// replaced, MatMulT(x, w, false, true) then Add of b, on values, gradients and
// second-order gradients. They differ only in where b is added (first, in the
// GEMM, instead of last), so they agree to rounding.
func TestLinearMatchesComposite(t *testing.T) {
	g := newGen(10)
	inputs := []*T64{g.normal(5, 7), g.normal(3, 7), g.normal(3)}
	cot, dirs := g.normal(5, 3), []*T64{g.normal(5, 7), g.normal(3, 7), g.normal(3)}
	run := func(linear func(x, w, b *V) *V) []*T64 {
		tp := NewTape[float64]()
		vars := []*V{tp.Param(inputs[0]), tp.Param(inputs[1]), tp.Param(inputs[2])}
		y := linear(vars[0], vars[1], vars[2])
		grads := GradientsGraph(Sum(Mul(y, Const(cot))), vars...)
		dot := Scalar(0.0)
		out := []*T64{y.Value()}
		for i, gi := range grads {
			dot = Add(dot, Sum(Mul(gi, Const(dirs[i]))))
			out = append(out, gi.Value())
		}
		return append(out, Gradients(dot, vars...)...)
	}
	want := run(func(x, w, b *V) *V { return Add(MatMulT(x, w, false, true), b) })
	got := run(Linear[float64])
	for i := range want {
		if d := maxRelDiff(got[i], want[i]); !(d <= 1e-12) {
			t.Errorf("result %d (value, gradients, second-order gradients) differs by %g", i, d)
		}
	}
}
