package kernel

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// BenchmarkLocallyConnected times the three kernels on the workloads' shapes:
// nn's BenchmarkLocallyConnected2DStep layer (float32 [32, 3, 16, 16] → 16
// channels, 3×3, padding 1) and the first level of the theory's tree at
// Q = 8 (float64, 2000 points: [2000, 1, 8] → 8 channels with kernel 2,
// stride 2, then 8 → 1 with kernel 1).
func BenchmarkLocallyConnected(b *testing.B) {
	nn, _ := convDims(32, 3, 16, 16, 16, [6]int{3, 3, 1, 1, 1, 1})
	treeA, _ := convDims(2000, 1, 1, 8, 8, [6]int{1, 2, 1, 2, 0, 0})
	treeB, _ := convDims(2000, 8, 1, 4, 1, [6]int{1, 1, 1, 1, 0, 0})
	benchLocal[float32](b, "nn-f32", nn)
	benchLocal[float64](b, "treeA-f64", treeA)
	benchLocal[float64](b, "treeB-f64", treeB)
}

func benchLocal[T Float](b *testing.B, name string, d ConvDims) {
	r := rand.New(rand.NewPCG(1, 2))
	nx, nw, nb, ny := localSizes(d)
	x, w, bias, g := randT[T](r, nx), randT[T](r, nw), randT[T](r, nb), randT[T](r, ny)
	y, dx, dw := make([]T, ny), make([]T, nx), make([]T, nw)
	flops := 2 * float64(ny) * float64(d.C*d.KH*d.KW)
	for _, k := range []struct {
		op string
		f  func()
	}{
		{"forward", func() { LocallyConnected2D(y, x, w, bias, d) }},
		{"input", func() { LocallyConnected2DInput(dx, g, w, d) }},
		{"weight", func() { LocallyConnected2DWeight(dw, x, g, d) }},
	} {
		b.Run(fmt.Sprintf("%s/%s", name, k.op), func(b *testing.B) {
			b.ReportAllocs()
			for range b.N {
				k.f()
			}
			b.ReportMetric(flops*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
		})
	}
}
