package autograd

import (
	"math/rand/v2"
	"testing"

	"github.com/deeptheory/deeptheory/tensor"
)

// BenchmarkPooling times one forward and backward pass (the gradient of
// Σ pool(x) in x, on a tape reused across iterations) of MaxPool2D and
// AvgPool2D, 2×2 windows with stride 2, on nn's BenchmarkMaxPool2DStep input
// [32, 16, 32, 32] float32: the primitives ("direct") and the compositions
// they replaced ("composite", Unfold + MaxAxis or MeanAxis), side by side.
func BenchmarkPooling(b *testing.B) {
	x := tensor.RandN[float32](rand.New(rand.NewPCG(4, 4)), 32, 16, 32, 32)
	for _, c := range []struct {
		name string
		pool func(*Var[float32], [2]int, [2]int) *Var[float32]
	}{
		{"Max/direct", MaxPool2D[float32]},
		{"Max/composite", maxPool2DComposite[float32]},
		{"Avg/direct", AvgPool2D[float32]},
		{"Avg/composite", avgPool2DComposite[float32]},
	} {
		b.Run(c.name, func(b *testing.B) {
			tp := NewTape[float32]()
			b.ReportAllocs()
			for range b.N {
				tp.Reset()
				xv := tp.Param(x)
				Gradients(Sum(c.pool(xv, [2]int{2, 2}, [2]int{2, 2})), xv)
			}
		})
	}
}
