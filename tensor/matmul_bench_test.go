package tensor_test

import (
	"fmt"
	"testing"

	"github.com/deeptheory/deeptheory/internal/workload"
)

// BenchmarkMatMul measures square n×n products through the public API and
// reports GFLOP/s (2n³ floating-point operations per product).
func BenchmarkMatMul(b *testing.B) {
	for _, n := range []int{64, 256, 512, 1024} {
		b.Run(fmt.Sprintf("f32/%d", n), func(b *testing.B) { workload.Bench(b, workload.MatMul[float32](n)) })
	}
	for _, n := range []int{64, 256, 512, 1024} {
		b.Run(fmt.Sprintf("f64/%d", n), func(b *testing.B) { workload.Bench(b, workload.MatMul[float64](n)) })
	}
}
