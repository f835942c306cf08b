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

// TestAsmDirect runs the AVX-512F direct kernels, every row count 1..mr and column
// counts from 1 to nr, over A in both layouts (rows contiguous, or columns), B rows
// with a padded stride, and C with gaps. A and B are surrounded by NaN, so a read
// outside them spreads NaN into C; C by the finite cGuard, which a write outside C
// would change. Each entry is
// compared with the definition in float64 and with the plain-Go twin, within
// 2·γ(kc+1)·(|c| + |alpha|·Σ|a·b|) (the two differ in rounding: the assembly fuses).
func TestAsmDirect(t *testing.T) {
	if !cpu.X86.HasAVX512F {
		t.Skip("this CPU lacks AVX-512F")
	}
	testAsmDirect(t, avx512Direct32, 0xd32)
	testAsmDirect(t, avx512Direct64, 0xd64)
}

func testAsmDirect[T Float](t *testing.T, dk direct[T], seed uint64) {
	rng := rand.New(rand.NewPCG(seed, 1))
	twin := goDirect[T](dk.mr, dk.nr)
	const guard = 23
	const cGuard = 12345.5
	for rows := 1; rows <= dk.mr; rows++ {
		for _, cols := range []int{1, 2, 7, dk.nr/2 - 1, dk.nr / 2, dk.nr/2 + 1, dk.nr - 1, dk.nr} {
			for _, kc := range []int{0, 1, 2, 3, 5, 17, 64, 300} {
				for _, mode := range []int{0, 1, 2, 3} {
					transA, over := mode&1 != 0, mode&2 != 0
					alpha := T([]float64{1, -0.75}[rng.IntN(2)])
					// A: rows×kc, stored with row stride lda (or kc×rows when transA).
					lda := kc + 3
					rsA, csA := lda, 1
					sizeA := (rows-1)*lda + kc
					if transA {
						lda = rows + 2
						rsA, csA = 1, lda
						sizeA = (kc-1)*lda + rows
					}
					if kc == 0 {
						sizeA = 0
					}
					ldb, ldc := cols+5, cols+3
					sizeB := max((kc-1)*ldb+cols, 0)
					sizeC := (rows-1)*ldc + cols
					aBuf, bBuf, cBuf := asmNaNs[T](2*guard+sizeA), asmNaNs[T](2*guard+sizeB), asmNaNs[T](2*guard+sizeC)
					for x := range cBuf {
						cBuf[x] = cGuard
					}
					a, b, c := aBuf[guard:guard+sizeA], bBuf[guard:guard+sizeB], cBuf[guard:guard+sizeC]
					for i := range rows {
						for p := range kc {
							a[i*rsA+p*csA] = T(2*rng.Float64() - 1)
						}
						for j := range cols {
							c[i*ldc+j] = T(2*rng.Float64() - 1)
						}
					}
					for p := range kc {
						for j := range cols {
							b[p*ldb+j] = T(2*rng.Float64() - 1)
						}
					}
					if over && kc > 0 { // C is not read: NaN there must not show
						for i := range rows {
							for j := range cols {
								c[i*ldc+j] = T(math.NaN())
							}
						}
					}
					c0 := append([]T(nil), cBuf...)
					cTwin := append([]T(nil), cBuf...)
					dk.fn(rows, cols, kc, a, rsA, csA, b, ldb, c, ldc, alpha, over)
					twin.fn(rows, cols, kc, a, rsA, csA, b, ldb, cTwin[guard:guard+sizeC], ldc, alpha, over)
					where := fmt.Sprintf("%s rows=%d cols=%d kc=%d transA=%v over=%v", dk.name, rows, cols, kc, transA, over)
					for x := range cBuf {
						i, j := (x-guard)/ldc, (x-guard)%ldc
						inside := x >= guard && x < guard+sizeC && j < cols
						if !inside {
							if cBuf[x] != cGuard {
								t.Fatalf("%s: wrote %v to cBuf[%d], outside C", where, cBuf[x], x)
							}
							continue
						}
						exact, mag := float64(c0[x]), math.Abs(float64(c0[x]))
						if over && kc > 0 {
							exact, mag = 0, 0
						}
						var dot, dotMag float64
						for p := range kc {
							v := float64(a[i*rsA+p*csA]) * float64(b[p*ldb+j])
							dot += v
							dotMag += math.Abs(v)
						}
						exact += float64(alpha) * dot
						mag += math.Abs(float64(alpha)) * dotMag
						bound := 2 * gamma[T](kc+2) * mag
						if d := math.Abs(float64(cBuf[x]) - exact); !(d <= bound) {
							t.Fatalf("%s: c[%d,%d] = %v, definition gives %v: |diff| %g > %g", where, i, j, cBuf[x], exact, d, bound)
						}
						if d := math.Abs(float64(cBuf[x]) - float64(cTwin[x])); !(d <= 2*bound) {
							t.Fatalf("%s: c[%d,%d] = %v, Go twin gives %v: |diff| %g > %g", where, i, j, cBuf[x], cTwin[x], d, 2*bound)
						}
					}
				}
			}
		}
	}
}

// TestDirectContract checks that the direct kernels (assembly and Go) refuse, before
// reading anything, calls that would step outside their slices.
func TestDirectContract(t *testing.T) {
	testDirectContract(t, avx512Direct32)
	testDirectContract(t, goDirect[float32](12, 32))
	testDirectContract(t, avx512Direct64)
}

func testDirectContract[T Float](t *testing.T, dk direct[T]) {
	const rows, cols, kc, lda, ldb, ldc = 3, 5, 4, 6, 7, 8
	a, b, c := make([]T, (rows-1)*lda+kc), make([]T, (kc-1)*ldb+cols), make([]T, (rows-1)*ldc+cols)
	for _, bad := range []struct {
		name               string
		rows, cols, kc     int
		a, b, c            []T
		rsA, csA, ldb, ldc int
	}{
		{"rows 0", 0, cols, kc, a, b, c, lda, 1, ldb, ldc},
		{"rows > mr", dk.mr + 1, cols, kc, a, b, c, lda, 1, ldb, ldc},
		{"cols > nr", rows, dk.nr + 1, kc, a, b, c, lda, 1, ldb, ldc},
		{"negative kc", rows, cols, -1, a, b, c, lda, 1, ldb, ldc},
		{"short a", rows, cols, kc, a[:len(a)-1], b, c, lda, 1, ldb, ldc},
		{"short a, transposed", rows, cols, kc, a, b, c, 1, lda, ldb, ldc},
		{"short b", rows, cols, kc, a, b[:len(b)-1], c, lda, 1, ldb, ldc},
		{"short c", rows, cols, kc, a, b, c[:len(c)-1], lda, 1, ldb, ldc},
		{"huge kc", rows, cols, math.MaxInt / 2, a, b, c, lda, 1, ldb, ldc},
		{"huge ldc", rows, cols, kc, a, b, c, lda, 1, ldb, math.MaxInt / 2},
		{"negative stride", rows, cols, kc, a, b, c, -lda, 1, ldb, ldc},
	} {
		func() {
			defer func() {
				msg, _ := recover().(string)
				if !strings.HasPrefix(msg, "kernel: direct "+dk.name) {
					t.Errorf("%s: %s: panic %q, want the bounds message", dk.name, bad.name, msg)
				}
			}()
			dk.fn(bad.rows, bad.cols, bad.kc, bad.a, bad.rsA, bad.csA, bad.b, bad.ldb, bad.c, bad.ldc, 1, false)
		}()
	}
	// And the exact fit passes.
	dk.fn(rows, cols, kc, a, lda, 1, b, ldb, c, ldc, 1, false)
}
