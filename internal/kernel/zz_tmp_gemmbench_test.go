//go:build tmpbench

package kernel

import (
	"fmt"
	"testing"
)

func BenchmarkTmpGemm(b *testing.B) {
	for _, n := range []int{256, 512, 1024} {
		b.Run(fmt.Sprintf("f32/%d", n), func(b *testing.B) { benchTmpGemm[float32](b, n) })
		b.Run(fmt.Sprintf("f64/%d", n), func(b *testing.B) { benchTmpGemm[float64](b, n) })
	}
}

func benchTmpGemm[T Float](b *testing.B, n int) {
	a, bb, c := make([]T, n*n), make([]T, n*n), make([]T, n*n)
	for i := range a {
		a[i] = T(i%7) * 0.1
		bb[i] = T(i%5) * 0.1
	}
	for b.Loop() {
		Gemm(false, false, n, n, n, 1, a, n, bb, n, 0, c, n)
	}
	b.ReportMetric(2*float64(n)*float64(n)*float64(n)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
}
