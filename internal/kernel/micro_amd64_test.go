//go:build !purego

package kernel

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"golang.org/x/sys/cpu"
)

// asmTileCase is one assembly tile of each precision with the CPU features it needs.
type asmTileCase struct {
	name   string // the feature set, for t.Skip
	has    bool   // whether this CPU has it
	tile32 tile[float32]
	tile64 tile[float64]
}

func asmTileCases() []asmTileCase {
	return []asmTileCase{
		{"AVX-512F", cpu.X86.HasAVX512F, avx512Tile32, avx512Tile64},
		{"AVX2+FMA", cpu.X86.HasAVX2 && cpu.X86.HasFMA, avx2Tile32, avx2Tile64},
	}
}

// asmTileKCs are the depths the tests run: every kc in 0..40 (all remainders of the
// unrolled loop, several trips through it) and a few deep ones.
func asmTileKCs() []int {
	var kcs []int
	for kc := 0; kc <= 40; kc++ {
		kcs = append(kcs, kc)
	}
	return append(kcs, 63, 64, 255, 256, 257, 1000)
}

func TestAsmTiles(t *testing.T) {
	for _, tc := range asmTileCases() {
		t.Run(tc.tile32.name, func(t *testing.T) {
			if !tc.has {
				t.Skipf("this CPU lacks %s", tc.name)
			}
			testAsmTile(t, tc.tile32, 0x1f32)
		})
		t.Run(tc.tile64.name, func(t *testing.T) {
			if !tc.has {
				t.Skipf("this CPU lacks %s", tc.name)
			}
			testAsmTile(t, tc.tile64, 0x1f64)
		})
	}
}

// testAsmTile runs tl over random panels for every kc of asmTileKCs, every row stride
// ldc ∈ {nr, nr+1, nr+7} and a few offsets into the buffers, and compares C with the
// definition loop. Every buffer value the tile must not touch is NaN: the guard bands
// before and after A, B and C and the ldc−nr gaps between the rows of C. A NaN read from
// A or B would spread into C; a write into a band or a gap would replace its NaN.
func testAsmTile[T Float](t *testing.T, tl tile[T], seed uint64) {
	rng := rand.New(rand.NewPCG(seed, 1))
	const guard = 19 // NaN values around each buffer
	mr, nr := tl.mr, tl.nr
	for _, kc := range asmTileKCs() {
		for _, ldc := range []int{nr, nr + 1, nr + 7} {
			for _, off := range []int{0, 1, 5} { // element offsets: unaligned panels and C
				aBuf := asmNaNs[T](off + kc*mr + guard)
				bBuf := asmNaNs[T](off + kc*nr + guard)
				cLen := (mr-1)*ldc + nr
				cBuf := asmNaNs[T](guard + off + cLen + guard)
				a := aBuf[off : off+kc*mr]
				b := bBuf[off : off+kc*nr]
				c := cBuf[guard+off : guard+off+cLen]
				for i := range a {
					a[i] = T(2*rng.Float64() - 1)
				}
				for i := range b {
					b[i] = T(2*rng.Float64() - 1)
				}
				for i := range mr {
					for j := range nr {
						c[i*ldc+j] = T(2*rng.Float64() - 1)
					}
				}
				c0 := append([]T(nil), c...)
				want := append([]T(nil), c...)
				asmRefTile(mr, nr, kc, a, b, want, ldc)

				tl.fn(kc, a, b, c, ldc)

				where := fmt.Sprintf("%s kc=%d ldc=%d off=%d", tl.name, kc, ldc, off)
				for k, v := range cBuf {
					inTile := false
					if k >= guard+off && k < guard+off+cLen {
						inTile = (k-guard-off)%ldc < nr
					}
					if !inTile && !math.IsNaN(float64(v)) {
						t.Fatalf("%s: wrote %v to cBuf[%d] outside the tile (c starts at %d)", where, v, k, guard+off)
					}
				}
				for i := range mr {
					for j := range nr {
						got, ref := c[i*ldc+j], want[i*ldc+j]
						if diff, bound := math.Abs(float64(got-ref)), asmTileBound(i, j, kc, mr, nr, a, b, c0, ldc); !(diff <= bound) {
							t.Fatalf("%s: c[%d*ldc+%d] = %v, definition loop gives %v: |diff| %g > bound %g", where, i, j, got, ref, diff, bound)
						}
					}
				}
			}
		}
	}
}

// asmNaNs returns n NaNs.
func asmNaNs[T Float](n int) []T {
	s := make([]T, n)
	for i := range s {
		s[i] = T(math.NaN())
	}
	return s
}

// asmRefTile is the definition of a tile, one k-step at a time.
func asmRefTile[T Float](mr, nr, kc int, a, b, c []T, ldc int) {
	for p := range kc {
		for i := range mr {
			for j := range nr {
				c[i*ldc+j] += a[p*mr+i] * b[p*nr+j]
			}
		}
	}
}

// asmTileBound bounds |tile − definition loop| for c[i*ldc+j]. Any order of the kc+1
// additions, fused or not, computes c0 + Σ_p a_p·b_p with an error of at most
// γ(kc+1)·(|c0| + Σ_p |a_p·b_p|), where γ(n) = n·u/(1−n·u) and u is the unit roundoff
// (Higham, Accuracy and Stability of Numerical Algorithms, §3.1). Both results obey
// it, so they differ by at most twice that.
func asmTileBound[T Float](i, j, kc, mr, nr int, a, b, c0 []T, ldc int) float64 {
	u := 0x1p-53
	if _, single := any(a).([]float32); single {
		u = 0x1p-24
	}
	mag := math.Abs(float64(c0[i*ldc+j]))
	for p := range kc {
		mag += math.Abs(float64(a[p*mr+i]) * float64(b[p*nr+j]))
	}
	n := float64(kc + 1)
	return 2 * n * u / (1 - n*u) * mag
}

// TestAsmTileContract checks that the wrappers refuse, before any assembly runs,
// every call whose slices are too short for the tile.
func TestAsmTileContract(t *testing.T) {
	for _, tc := range asmTileCases() {
		// No assembly runs here, so the CPU need not have the features.
		testAsmTileContract(t, tc.tile32)
		testAsmTileContract(t, tc.tile64)
	}
}

func testAsmTileContract[T Float](t *testing.T, tl tile[T]) {
	const kc = 3
	mr, nr := tl.mr, tl.nr
	a, b := make([]T, kc*mr), make([]T, kc*nr)
	ldc := nr + 2
	c := make([]T, (mr-1)*ldc+nr)
	for _, bad := range []struct {
		name    string
		kc      int
		a, b, c []T
		ldc     int
	}{
		{"negative kc", -1, a, b, c, ldc},
		{"short a", kc, a[:kc*mr-1], b, c, ldc},
		{"short b", kc, a, b[:kc*nr-1], c, ldc},
		{"short c", kc, a, b, c[:len(c)-1], ldc},
		{"ldc < nr", kc, a, b, c, nr - 1},
		{"huge kc", math.MaxInt / 2, a, b, c, ldc},
		{"huge ldc", kc, a, b, c, math.MaxInt / 2},
	} {
		func() {
			defer func() {
				msg, _ := recover().(string)
				if !strings.HasPrefix(msg, "kernel: tile "+tl.name) {
					t.Errorf("%s: %s: panic %q, want the tile contract message", tl.name, bad.name, msg)
				}
			}()
			tl.fn(bad.kc, bad.a, bad.b, bad.c, bad.ldc)
		}()
	}
}

// TestTilePicked checks that init installed the fastest tiles this CPU supports, and
// that pickTiles falls back in order.
func TestTilePicked(t *testing.T) {
	want32, want64 := goTile32.name, goTile64.name
	switch {
	case cpu.X86.HasAVX512F:
		want32, want64 = "avx512-12x32", "avx512-12x16"
	case cpu.X86.HasAVX2 && cpu.X86.HasFMA:
		want32, want64 = "avx2-6x16", "avx2-6x8"
	}
	if tile32.name != want32 || tile64.name != want64 {
		t.Errorf("tile32, tile64 = %s, %s; want %s, %s on this CPU", tile32.name, tile64.name, want32, want64)
	}
	for _, pick := range []struct {
		avx512, avx2 bool
		want32       tile[float32]
		want64       tile[float64]
	}{
		{true, true, avx512Tile32, avx512Tile64},
		{true, false, avx512Tile32, avx512Tile64},
		{false, true, avx2Tile32, avx2Tile64},
		{false, false, goTile32, goTile64},
	} {
		t32, t64 := pickTiles(pick.avx512, pick.avx2)
		if t32.name != pick.want32.name || t64.name != pick.want64.name {
			t.Errorf("pickTiles(%v, %v) = %s, %s; want %s, %s", pick.avx512, pick.avx2, t32.name, t64.name, pick.want32.name, pick.want64.name)
		}
	}
}

// BenchmarkAsmTile times one tile call on panels that stay in the L1 cache, repeated:
// the speed of the micro-kernel alone, without packing or memory traffic. The metric
// GFLOP/s counts 2·mr·nr·kc flops per call.
func BenchmarkAsmTile(b *testing.B) {
	for _, tc := range asmTileCases() {
		for _, kc := range []int{64, 128, 256} {
			b.Run(fmt.Sprintf("%s/kc=%d", tc.tile32.name, kc), func(b *testing.B) {
				if !tc.has {
					b.Skipf("this CPU lacks %s", tc.name)
				}
				benchAsmTile(b, tc.tile32, kc)
			})
			b.Run(fmt.Sprintf("%s/kc=%d", tc.tile64.name, kc), func(b *testing.B) {
				if !tc.has {
					b.Skipf("this CPU lacks %s", tc.name)
				}
				benchAsmTile(b, tc.tile64, kc)
			})
		}
	}
}

func benchAsmTile[T Float](b *testing.B, tl tile[T], kc int) {
	rng := rand.New(rand.NewPCG(1, 2))
	mr, nr := tl.mr, tl.nr
	pa, pb, c := make([]T, kc*mr), make([]T, kc*nr), make([]T, mr*nr)
	for i := range pa {
		pa[i] = T(rng.Float64())
	}
	for i := range pb {
		pb[i] = T(rng.Float64() * 1e-6) // keeps C finite however often it is updated
	}
	for b.Loop() {
		tl.fn(kc, pa, pb, c, nr)
	}
	b.ReportMetric(2*float64(mr*nr*kc)*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
}
