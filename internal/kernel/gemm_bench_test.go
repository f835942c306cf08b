package kernel

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"
	"unsafe"
)

// BenchmarkGemm times square n×n×n products, C ← A·B, and reports GFLOP/s counting
// 2n³ floating-point operations. f32 and f64 use the tiles picked for this CPU;
// go-f32 and go-f64 force the plain-Go tiles (as -tags purego would).
//
//	go test ./internal/kernel -run '^$' -bench 'Gemm$' -cpu 1,2
func BenchmarkGemm(b *testing.B) {
	sizes := []int{64, 256, 512, 1024}
	for _, n := range sizes {
		b.Run(fmt.Sprintf("f32/%d", n), func(b *testing.B) { benchGemm(b, tile32, direct32, n, n, n) })
	}
	for _, n := range sizes {
		b.Run(fmt.Sprintf("f64/%d", n), func(b *testing.B) { benchGemm(b, tile64, direct64, n, n, n) })
	}
	for _, n := range sizes {
		b.Run(fmt.Sprintf("go-f32/%d", n), func(b *testing.B) { benchGemm(b, goTile32, direct[float32]{}, n, n, n) })
	}
	for _, n := range sizes {
		b.Run(fmt.Sprintf("go-f64/%d", n), func(b *testing.B) { benchGemm(b, goTile64, direct[float64]{}, n, n, n) })
	}
}

func benchGemm[T Float](b *testing.B, tl tile[T], dk direct[T], m, n, k int) {
	x, y, c := randomSlice[T](m*k), randomSlice[T](k*n), make([]T, m*n)
	b.ReportAllocs()
	for b.Loop() {
		gemm(tl, dk, false, false, m, n, k, 1, x, k, y, n, 0, c, n)
	}
	b.ReportMetric(2*work(m, n, k)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
}

func randomSlice[T Float](n int) []T {
	rng := rand.New(rand.NewPCG(uint64(n), 1))
	s := make([]T, n)
	for i := range s {
		s[i] = T(rng.NormFloat64())
	}
	return s
}

// BenchmarkGemmTiny times the products of one training step of a tiny dense layer,
// batch 24, 5 inputs, 8 outputs: the forward X·W (24×5 by 5×8), and the backward
// Xᵀ·dY (5×24 by 24×8) and dY·Wᵀ (24×8 by 8×5).
func BenchmarkGemmTiny(b *testing.B) {
	const batch, in, out = 24, 5, 8
	b.Run("f32", func(b *testing.B) { benchGemmTiny[float32](b, batch, in, out) })
	b.Run("f64", func(b *testing.B) { benchGemmTiny[float64](b, batch, in, out) })
}

func benchGemmTiny[T Float](b *testing.B, batch, in, out int) {
	x, w, dy := randomSlice[T](batch*in), randomSlice[T](in*out), randomSlice[T](batch*out)
	y, dw, dx := make([]T, batch*out), make([]T, in*out), make([]T, batch*in)
	b.Run("XW", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			Gemm(false, false, batch, out, in, 1, x, in, w, out, 0, y, out)
		}
	})
	b.Run("XtdY", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			Gemm(true, false, in, out, batch, 1, x, in, dy, out, 0, dw, out)
		}
	})
	b.Run("dYWt", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			Gemm(false, true, batch, in, out, 1, dy, out, w, out, 0, dx, in)
		}
	})
}

// BenchmarkGemmPath times small cubes n×n×n on each inner path, to place smallWork:
// the direct loop (small) and the packed path with the CPU's tile (packed) and with
// the plain-Go tile (packed-go).
//
//	go test ./internal/kernel -run '^$' -bench GemmPath -cpu 1
func BenchmarkGemmPath(b *testing.B) {
	for _, n := range []int{2, 4, 6, 8, 10, 12, 16, 24, 32} {
		x, y, c := randomSlice[float32](n*n), randomSlice[float32](n*n), make([]float32, n*n)
		paths := []struct {
			name string
			fn   func()
		}{
			{"small", func() { gemmSmall(false, false, n, n, n, 1, x, n, y, n, 0, c, n) }},
			{"packed", func() { gemmPacked(tile32, false, false, n, n, n, 1, x, n, y, n, 0, c, n) }},
			{"packed-go", func() { gemmPacked(goTile32, false, false, n, n, n, 1, x, n, y, n, 0, c, n) }},
		}
		for _, p := range paths {
			b.Run(fmt.Sprintf("%s/%d", p.name, n), func(b *testing.B) {
				for b.Loop() {
					p.fn()
				}
				b.ReportMetric(2*work(n, n, n)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
			})
		}
	}
}

// BenchmarkGemmSplit times cubes n×n×n cut into 1 or 2 parts, to place
// warmWorkPerLane and coldWorkPerLane: back to back (warm), where every call after
// the first finds its helper spinning, and 1 ms apart (cold), where the helper has
// parked and must be woken. Run it with -cpu 2.
func BenchmarkGemmSplit(b *testing.B) {
	sizes := []int{64, 96, 128, 192, 256, 320, 384, 448, 512}
	benchGemmSplit(b, "f32", tile32, sizes)
	benchGemmSplit(b, "f64", tile64, sizes)
	benchGemmSplit(b, "go-f32", goTile32, sizes)
	benchGemmSplit(b, "go-f64", goTile64, sizes)
}

func benchGemmSplit[T Float](b *testing.B, name string, tl tile[T], sizes []int) {
	for _, n := range sizes {
		x, y, c := randomSlice[T](n*n), randomSlice[T](n*n), make([]T, n*n)
		for _, mode := range []string{"warm", "cold"} {
			for _, parts := range []int{1, 2} {
				b.Run(fmt.Sprintf("%s/%d/%s/parts=%d", name, n, mode, parts), func(b *testing.B) {
					for i := 0; i < b.N; i++ {
						if mode == "cold" {
							b.StopTimer()
							time.Sleep(time.Millisecond)
							b.StartTimer()
						}
						gemmSplit(tl, parts, true, false, false, n, n, n, 1, x, n, y, n, 0, c, n)
					}
					b.ReportMetric(2*work(n, n, n)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
				})
			}
		}
	}
}

// BenchmarkPack times packing one mc×kc block of A and one kc×nc block of B, as the
// driver does for an n×n×n float32 product with the CPU's tile, from matrices with
// row stride n (not transposed and transposed). The metric is nanoseconds per
// element packed.
//
//	go test ./internal/kernel -run '^$' -bench Pack -cpu 1
func BenchmarkPack(b *testing.B) {
	for _, n := range []int{256, 1024} {
		for _, trans := range []bool{false, true} {
			benchPack(b, tile32, n, trans)
			benchPack(b, tile64, n, trans)
		}
	}
}

func benchPack[T Float](b *testing.B, tl tile[T], n int, trans bool) {
	kc, mcMax, ncMax := blockSizes(tl.mr, tl.nr, int(unsafe.Sizeof(T(0))), n)
	mc, nc := min(balance(n, mcMax, tl.mr), n), min(balance(n, ncMax, tl.nr), n)
	src := randomSlice[T](n * n)
	dst := make([]T, (max(mc, nc)+max(tl.mr, tl.nr))*kc)
	name := fmt.Sprintf("%T/%d/trans=%v", T(0), n, trans)
	b.Run("A/"+name, func(b *testing.B) {
		for b.Loop() {
			packA(trans, 1, src, n, 0, 0, mc, kc, tl.mr, dst)
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*mc*kc), "ns/elem")
	})
	b.Run("B/"+name, func(b *testing.B) {
		for b.Loop() {
			packB(trans, src, n, 0, 0, kc, nc, tl.nr, dst)
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*nc*kc), "ns/elem")
	})
}

// gemmShape is one product of a workload: C ← op(A)·op(B) + beta·C, m×n×k.
type gemmShape struct {
	name           string
	transA, transB bool
	m, n, k        int
	beta           float64
}

// workloadShapes are the products of the LeNet step (internal/workload.LeNetStep,
// batch 64), one image at a time as the convolution kernels call Gemm, and square
// cubes. c1 is Conv2D(1→32, 3×3) on 28×28, c2 Conv2D(32→64, 3×3) on 14×14: forward
// (f, w·cols), weight gradient (w, g·colsᵀ) and input gradient (x, wᵀ·g); d1 is
// Dense(3136→128), d2 Dense(128→10), on the batch.
var workloadShapes = []gemmShape{
	{"c1f", false, false, 32, 784, 9, 1},
	{"c1w", false, true, 32, 9, 784, 1},
	{"c2f", false, false, 64, 196, 288, 1},
	{"c2w", false, true, 64, 288, 196, 1},
	{"c2x", true, false, 288, 196, 64, 0},
	{"d1f", false, false, 64, 128, 3136, 0},
	{"d1w", true, false, 3136, 128, 64, 0},
	{"d1x", false, true, 64, 3136, 128, 0},
	{"d2f", false, false, 64, 10, 128, 0},
	{"d2w", true, false, 128, 10, 64, 0},
	{"d2x", false, true, 64, 128, 10, 0},
	{"n16", false, false, 16, 16, 16, 0},
	{"n32", false, false, 32, 32, 32, 0},
	{"n48", false, false, 48, 48, 48, 0},
	{"n64", false, false, 64, 64, 64, 0},
	{"n64tA", true, false, 64, 64, 64, 0},
	{"n64tB", false, true, 64, 64, 64, 0},
	{"n96", false, false, 96, 96, 96, 0},
	{"n128", false, false, 128, 128, 128, 0},
	{"n192", false, false, 192, 192, 192, 0},
	{"n256", false, false, 256, 256, 256, 0},
	{"n384", false, false, 384, 384, 384, 0},
	{"n512", false, false, 512, 512, 512, 0},
	{"n1024", false, false, 1024, 1024, 1024, 0},
}

// BenchmarkGemmShapes times workloadShapes on each path: Gemm as it chooses, the
// packed path and the direct path forced (when this CPU has a direct kernel).
//
//	go test ./internal/kernel -run '^$' -bench GemmShapes -cpu 1 -count 10
func BenchmarkGemmShapes(b *testing.B) {
	for _, s := range workloadShapes {
		benchGemmShape(b, "f32", s, tile32, direct32)
	}
	for _, s := range workloadShapes {
		benchGemmShape(b, "f64", s, tile64, direct64)
	}
}

func benchGemmShape[T Float](b *testing.B, prec string, s gemmShape, tl tile[T], dk direct[T]) {
	rowsA, colsA, rowsB, colsB := gemmCase{transA: s.transA, transB: s.transB, m: s.m, n: s.n, k: s.k}.shapes()
	x, y, c := randomSlice[T](rowsA*colsA), randomSlice[T](rowsB*colsB), randomSlice[T](s.m*s.n)
	beta := T(s.beta)
	paths := []struct {
		name string
		fn   func()
	}{
		{"Gemm", func() { Gemm(s.transA, s.transB, s.m, s.n, s.k, 1, x, colsA, y, colsB, beta, c, s.n) }},
		{"packed", func() { gemmPacked(tl, s.transA, s.transB, s.m, s.n, s.k, 1, x, colsA, y, colsB, beta, c, s.n) }},
	}
	if dk.fn != nil {
		paths = append(paths, struct {
			name string
			fn   func()
		}{"direct", func() { gemmDirect(dk, s.transA, s.transB, s.m, s.n, s.k, 1, x, colsA, y, colsB, beta, c, s.n) }})
	}
	for _, p := range paths {
		b.Run(fmt.Sprintf("%s/%s/%s", prec, s.name, p.name), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				p.fn()
			}
			b.ReportMetric(2*work(s.m, s.n, s.k)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
		})
	}
}

// BenchmarkGemmDirectSplit times cubes n×n×n on the direct path cut into 1 or 2
// parts, back to back (every call after the first finds its helper spinning), to
// place the direct path's parallel threshold. Run it with -cpu 2.
func BenchmarkGemmDirectSplit(b *testing.B) {
	if direct32.fn == nil {
		b.Skip("no direct kernel on this CPU")
	}
	for _, n := range []int{32, 48, 64, 96, 128} {
		benchGemmDirectSplit(b, "f32", direct32, n)
		benchGemmDirectSplit(b, "f64", direct64, n)
	}
}

func benchGemmDirectSplit[T Float](b *testing.B, name string, dk direct[T], n int) {
	x, y, c := randomSlice[T](n*n), randomSlice[T](n*n), make([]T, n*n)
	for _, parts := range []int{1, 2} {
		b.Run(fmt.Sprintf("%s/%d/parts=%d", name, n, parts), func(b *testing.B) {
			for b.Loop() {
				gemmDirectSplit(dk, parts, true, false, false, n, n, n, 1, x, n, y, n, 0, c, n)
			}
			b.ReportMetric(2*work(n, n, n)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
		})
	}
}
