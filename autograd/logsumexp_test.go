package autograd

import (
	"math"
	"testing"

	"github.com/deeptheory/deeptheory/tensor"
)

// logSumExpFused is LogSumExpAxis as a fused primitive: the stable kernel
// forward and the rule x̄ = ḡ·exp(x − y). BenchmarkLogSumExp measured it
// slower than the composite (its rule evaluates exp a second time), so the
// package uses the composite; it stays here as the benchmark's baseline and
// an independent check of the composite.
func logSumExpFused[T Float](x *Var[T], axis int, keepDim bool) *Var[T] {
	axis = normAxis("logSumExpFused", axis, x.Shape())
	tp := x.tape
	value := tensor.LogSumExpAxis(x.value, axis, keepDim)
	var y *Var[T]
	y = tp.record(value, func(g *Var[T]) []*Var[T] {
		kept := keptShape(x.Shape(), axis)
		return []*Var[T]{Mul(Reshape(g, kept...), Exp(Sub(x, Reshape(y, kept...))))}
	}, x)
	return y
}

// TestLogSumExpMatchesFused checks the composite against the fused primitive:
// values, gradients and second-order directional derivatives.
func TestLogSumExpMatchesFused(t *testing.T) {
	g := newGen(31)
	x0 := g.normal(4, 5, 3)
	x0.Data()[7] = 800 // a large entry exercises the shift
	for _, axis := range []int{0, 1, -1} {
		for _, keep := range []bool{false, true} {
			run := func(lse func(*V, int, bool) *V) (*T64, *T64, *T64) {
				tp := NewTape[float64]()
				x := tp.Param(x0)
				y := lse(x, axis, keep)
				cot := newGen(32).normal(y.Shape()...)
				grad := GradientsGraph(Sum(Mul(y, Const(cot))), x)[0]
				hess := Gradients(Sum(Mul(grad, Const(newGen(33).normal(x0.Shape()...)))), x)[0]
				return y.Value().Clone(), grad.Value().Clone(), hess.Clone()
			}
			y1, g1, h1 := run(LogSumExpAxis[float64])
			y2, g2, h2 := run(logSumExpFused[float64])
			if !approxEqual(y1, y2, 1e-12) || !approxEqual(g1, g2, 1e-12) || !approxEqual(h1, h2, 1e-12) {
				t.Errorf("axis %d keepDim %t: composite and fused differ:\n%v %v\n%v %v\n%v %v", axis, keep, y1, y2, g1, g2, h1, h2)
			}
		}
	}
}

// TestLogSumExpInfinities: rows of −∞ give −∞, a +∞ entry gives +∞, as the kernel.
func TestLogSumExpInfinities(t *testing.T) {
	inf := math.Inf(1)
	x := Const(vec(-inf, -inf, 1, inf, 2, 3).Reshape(3, 2))
	got := LogSumExpAxis(x, 1, false).Value().Data()
	if !math.IsInf(got[0], -1) || !math.IsInf(got[1], 1) || math.Abs(got[2]-(3+math.Log1p(math.Exp(-1)))) > 1e-15 {
		t.Errorf("LogSumExpAxis of [[-inf -inf] [1 inf] [2 3]] = %v", got)
	}
}

// BenchmarkLogSumExp compares the composite with the fused primitive, forward
// and backward, on a batch of logits as in a classifier's loss.
func BenchmarkLogSumExp(b *testing.B) {
	x0 := newGen(34).normal(128, 10)
	for _, bench := range []struct {
		name string
		lse  func(*V, int, bool) *V
	}{{"composite", LogSumExpAxis[float64]}, {"fused", logSumExpFused[float64]}} {
		b.Run(bench.name, func(b *testing.B) {
			tp := NewTape[float64]()
			b.ReportAllocs()
			for b.Loop() {
				tp.Reset()
				x := tp.Param(x0)
				Gradients(Sum(bench.lse(x, 1, true)), x)
			}
		})
	}
}
