package autograd

import (
	"testing"

	"github.com/deeptheory/deeptheory/tensor"
)

// BenchmarkBatchNorm times the gradients of Σ BatchNorm(x, γ, β) for x
// [32, 16, 32, 32] float32, fused and as the old composite, side by side.
func BenchmarkBatchNorm(b *testing.B) {
	defer unpoisoned()()
	g := newGen(99)
	x := tensor.Convert[float32](g.normal(32, 16, 32, 32))
	w, bias := tensor.Convert[float32](g.normal(16)), tensor.Convert[float32](g.normal(16))
	for _, c := range []struct {
		name string
		f    func(x, w, b *Var[float32], eps float64) (*Var[float32], *tensor.Tensor[float32], *tensor.Tensor[float32])
	}{{"fused", BatchNorm[float32]}, {"composite", batchNormComposite[float32]}} {
		b.Run(c.name, func(b *testing.B) {
			tp := NewTape[float32]()
			b.ReportAllocs()
			for b.Loop() {
				tp.Reset()
				vars := []*Var[float32]{tp.Param(x), tp.Param(w), tp.Param(bias)}
				y, _, _ := c.f(vars[0], vars[1], vars[2], 1e-5)
				Gradients(Sum(y), vars...)
			}
		})
	}
}

// BenchmarkWeightNorm times the gradients of Σ WeightNorm(v, g) for v
// [256, 784] float32, fused and as the old composite, side by side.
func BenchmarkWeightNorm(b *testing.B) {
	defer unpoisoned()()
	gn := newGen(98)
	v, g := tensor.Convert[float32](gn.normal(256, 784)), tensor.Convert[float32](gn.normal(256))
	for _, c := range []struct {
		name string
		f    func(v, g *Var[float32]) *Var[float32]
	}{{"fused", WeightNorm[float32]}, {"composite", weightNormComposite[float32]}} {
		b.Run(c.name, func(b *testing.B) {
			tp := NewTape[float32]()
			b.ReportAllocs()
			for b.Loop() {
				tp.Reset()
				vars := []*Var[float32]{tp.Param(v), tp.Param(g)}
				Gradients(Sum(c.f(vars[0], vars[1])), vars...)
			}
		})
	}
}
