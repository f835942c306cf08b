package tensor

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// BenchmarkMatMul measures square n×n products through the public API and
// reports GFLOP/s (2n³ floating-point operations per product).
func BenchmarkMatMul(b *testing.B) {
	for _, n := range []int{64, 256, 512, 1024} {
		b.Run(fmt.Sprintf("f32/%d", n), func(b *testing.B) { benchMatMul[float32](b, n) })
	}
	for _, n := range []int{64, 256, 512, 1024} {
		b.Run(fmt.Sprintf("f64/%d", n), func(b *testing.B) { benchMatMul[float64](b, n) })
	}
}

func benchMatMul[T Float](b *testing.B, n int) {
	r := rand.New(rand.NewPCG(1, 1))
	x, y, z := RandN[T](r, n, n), RandN[T](r, n, n), Zeros[T](n, n)
	b.ResetTimer()
	for b.Loop() {
		MatMulInto(z, x, y, false, false)
	}
	b.ReportMetric(2*float64(n)*float64(n)*float64(n)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
}
