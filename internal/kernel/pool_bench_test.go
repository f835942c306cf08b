package kernel

import (
	"math/rand/v2"
	"testing"
)

// BenchmarkPool times each pooling pass on the planes of nn's
// BenchmarkMaxPool2DStep ([32, 16, 32, 32], 2×2 windows, stride 2), float32,
// on one goroutine ("serial") and as the kernels split it.
func BenchmarkPool(b *testing.B) {
	d := PoolDims{Planes: 32 * 16, H: 32, W: 32, KH: 2, KW: 2, SH: 2, SW: 2, HO: 16, WO: 16}
	r := rand.New(rand.NewPCG(1, 1))
	in, out := d.Planes*d.H*d.W, d.Planes*d.HO*d.WO
	x, dx := make([]float32, in), make([]float32, in)
	for i := range x {
		x[i] = float32(r.NormFloat64())
	}
	y, g, arg := make([]float32, out), x[:out], make([]int32, out)
	MaxPool2D(y, arg, x, d)
	for _, c := range []struct {
		name string
		op   poolOp
		dst  []float32
		src  []float32
		arg  []int32
	}{
		{"MaxForward", poolMaxForward, y, x, arg},
		{"MaxScatter", poolMaxScatter, dx, g, arg},
		{"MaxGather", poolMaxGather, y, x, arg},
		{"AvgForward", poolAvgForward, y, x, nil},
		{"AvgAdjoint", poolAvgAdjoint, dx, g, nil},
	} {
		b.Run(c.name+"/serial", func(b *testing.B) {
			b.SetBytes(int64(4 * (in + out)))
			for range b.N {
				poolPlanes(c.op, d, c.dst, c.src, c.arg, 0, d.Planes)
			}
		})
		b.Run(c.name+"/split", func(b *testing.B) {
			b.SetBytes(int64(4 * (in + out)))
			b.ReportAllocs()
			for range b.N {
				runPool(c.op, d, c.dst, c.src, c.arg)
			}
		})
	}
}
