package kernel

import "testing"

func BenchmarkExpPackA(b *testing.B) {
	const m, k, mr = 516, 256, 12
	a := randomSlice[float32](m * 512)
	dst := make([]float32, m*k)
	for _, trans := range []bool{false, true} {
		name := "N"
		if trans {
			name = "T"
		}
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				packA(trans, 1, a, 512, 0, 0, 512, k, mr, dst)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/(512*k), "ns/elem")
		})
	}
}

func BenchmarkExpPackB(b *testing.B) {
	const n, k, nr = 512, 256, 32
	x := randomSlice[float32](512 * 512)
	dst := make([]float32, n*k)
	for _, trans := range []bool{false, true} {
		name := "N"
		if trans {
			name = "T"
		}
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				packB(trans, x, 512, 0, 0, k, n, nr, dst)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/(512*k), "ns/elem")
		})
	}
}
