package kernel

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestGemmSmallBits checks gemmSmall's contract bit for bit: every entry is
// alpha·s + beta·C[i,j] (alpha·s when beta == 0), s the sum of the products
// in order of p from an accumulator at 0, whatever block (4×2, 4×1, 1×4,
// 1×2, single, outer product for k = 1) computes it. Tiny products give the
// same bits on every CPU because of it.
func TestGemmSmallBits(t *testing.T) {
	t.Run("f32", testGemmSmallBits[float32])
	t.Run("f64", testGemmSmallBits[float64])
}

func testGemmSmallBits[T Float](t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for range 400 {
		m, n, k := 1+rng.IntN(11), 1+rng.IntN(11), 1+rng.IntN(6)
		if rng.IntN(3) == 0 {
			k = 1
		}
		transA, transB := rng.IntN(2) == 1, rng.IntN(2) == 1
		alpha := T([]float64{1, 0.75, -1.5}[rng.IntN(3)])
		beta := T([]float64{0, 0.5}[rng.IntN(2)])
		lda, ldb, ldc := k+rng.IntN(3), n+rng.IntN(3), n+rng.IntN(3)
		if transA {
			lda = m + rng.IntN(3)
		}
		if transB {
			ldb = k + rng.IntN(3)
		}
		a := smallRand[T](rng, max(m, k)*lda)
		b := smallRand[T](rng, max(n, k)*ldb)
		for i := range a { // signed zeros too: 0 + (−0) is +0
			if rng.IntN(8) == 0 {
				a[i] = T(math.Copysign(0, float64(a[i])))
			}
		}
		c := smallRand[T](rng, m*ldc)
		want := append([]T(nil), c...)
		for i := range m {
			for j := range n {
				var s T
				for p := range k {
					ai, bj := a[i*lda+p], b[p*ldb+j]
					if transA {
						ai = a[p*lda+i]
					}
					if transB {
						bj = b[j*ldb+p]
					}
					s += ai * bj
				}
				if beta == 0 {
					want[i*ldc+j] = alpha * s
				} else {
					want[i*ldc+j] = alpha*s + beta*want[i*ldc+j]
				}
			}
		}
		gemmSmall(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
		for x := range c {
			if math.Float64bits(float64(c[x])) != math.Float64bits(float64(want[x])) {
				t.Fatalf("transA=%v transB=%v m=%d n=%d k=%d alpha=%v beta=%v: c[%d] = %v, the in-order sum gives %v",
					transA, transB, m, n, k, alpha, beta, x, c[x], want[x])
			}
		}
	}
}

func smallRand[T Float](rng *rand.Rand, n int) []T {
	s := make([]T, n)
	for i := range s {
		s[i] = T(rng.NormFloat64())
	}
	return s
}

// TestRowsOverrun checks the multiplying test of checkMatrix against the
// dividing one, near its edges and with factors too large to multiply.
func TestRowsOverrun(t *testing.T) {
	const big = math.MaxInt / 3
	cases := [][3]int{ // rows, ld, room
		{1, 1, 0}, {2, 1, 0}, {2, 1, 1}, {2, 5, 4}, {2, 5, 5}, {3, 5, 9}, {3, 5, 10}, {3, 5, 11},
		{1 << 40, 1, 1<<40 - 1}, {1 << 40, 1, 1<<40 - 2}, {2, big, big}, {2, big, big - 1}, {big, big, math.MaxInt},
		{1<<31 - 1, 1<<31 - 1, (1<<31 - 2) * (1<<31 - 1)}, {1<<31 - 1, 1<<31 - 1, (1<<31-2)*(1<<31-1) - 1},
	}
	for _, c := range cases {
		rows, ld, room := c[0], c[1], c[2]
		if got, want := rowsOverrun(rows, ld, room), rows-1 > room/ld; got != want {
			t.Errorf("rowsOverrun(%d, %d, %d) = %v, want %v", rows, ld, room, got, want)
		}
	}
}
