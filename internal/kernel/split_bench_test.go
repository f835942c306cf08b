package kernel

import (
	"fmt"
	"math"
	"strings"
	"testing"
	"time"
)

// BenchmarkSplit times the split kernels on n float32 elements, each on the
// caller alone ("serial") and split as the thresholds decide ("split"), back to
// back (helpers spinning, as in a training loop) and with 1 ms between calls
// ("-gap": helpers parked, so a split call has to wake one; on a loaded
// machine the gap also hands the benchmark a fresh time slice, so compare
// serial-gap with split-gap). Compare the sub-cases within one run: the
// machine is shared.
//
//	go test -run XXX -bench Split -count 5 ./internal/kernel/
func BenchmarkSplit(b *testing.B) {
	for _, n := range []int{1_000, 10_000, 30_000, 100_000, 300_000, 1_000_000} {
		x, y, dst := make([]float32, n), make([]float32, n), make([]float32, n)
		for i := range x {
			x[i], y[i] = float32(i%17)-8, float32(i%5)+1
		}
		arg := make([]int, n/4)
		ops := []struct {
			name string
			f    func()
		}{
			{"Add", func() { Binary(Add, dst, x, 1, y, 1) }},
			{"ReLU", func() { Unary(ReLU, dst, x) }},
			{"Exp", func() { Unary(Exp, dst, x) }},
			{"Axpy", func() { Axpy(0.5, x, dst) }},
			{"Sum", func() { _ = Sum(x) }},
			{"MaxAxis4", func() { MaxAxis(dst[:n/4], arg, x, n/4/64, 4, 64) }},
			{"SumAxisRows", func() { SumAxis(dst[:64], x, 1, n/64, 64) }},
		}
		for _, op := range ops {
			for _, mode := range []string{"serial", "split", "serial-gap", "split-gap"} {
				if strings.HasSuffix(mode, "gap") && n < 100_000 {
					continue
				}
				b.Run(fmt.Sprintf("%s/n=%d/%s", op.name, n, mode), func(b *testing.B) {
					if strings.HasPrefix(mode, "serial") {
						defer func(w int) { splitWarmCost = w }(splitWarmCost)
						splitWarmCost = math.MaxInt
					}
					b.SetBytes(int64(4 * n))
					for b.Loop() {
						if strings.HasSuffix(mode, "gap") {
							b.StopTimer()
							time.Sleep(time.Millisecond)
							b.StartTimer()
						}
						op.f()
					}
				})
			}
		}
	}
}
