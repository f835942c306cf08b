package kernel

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"strings"
	"testing"
	"unsafe"
)

// gemmFunc has the signature of Gemm.
type gemmFunc[T Float] func(transA, transB bool, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int)

// A gemmPath is one way through the GEMM code, named for failure messages.
type gemmPath[T Float] struct {
	name string
	fn   gemmFunc[T]
}

// tilesFor returns the tile the driver uses for T, the plain-Go one (if different),
// and oddTile.
func tilesFor[T Float]() []tile[T] {
	var tiles []tile[T]
	switch any(T(0)).(type) {
	case float32:
		tiles = any([]tile[float32]{tile32, goTile32}).([]tile[T])
	case float64:
		tiles = any([]tile[float64]{tile64, goTile64}).([]tile[T])
	}
	if tiles[0].name == tiles[1].name {
		tiles = tiles[1:]
	}
	return append(tiles, oddTile[T]())
}

// oddTile is a 3×5 tile for tests: odd sizes, and it adds each product straight into
// C, so its rounding differs from that of the edge path (the sum of the products into
// zeroed scratch, then added to C). Only a driver that keeps every tile of C at the
// same place however the work is split gives the same bits for every split.
func oddTile[T Float]() tile[T] {
	const mr, nr = 3, 5
	return tile[T]{name: "test3x5", mr: mr, nr: nr, fn: func(kc int, a, b, c []T, ldc int) {
		for i := range mr {
			for j := range nr {
				for p := range kc {
					c[i*ldc+j] += a[p*mr+i] * b[p*nr+j]
				}
			}
		}
	}}
}

// gemmPaths returns Gemm itself and its inner paths forced for every size: the packed
// path with each tile, and the direct small loop. The forced paths keep Gemm's checks
// and its handling of empty products.
func gemmPaths[T Float]() []gemmPath[T] {
	paths := []gemmPath[T]{{"Gemm", Gemm[T]}}
	for _, tl := range tilesFor[T]() {
		paths = append(paths, gemmPath[T]{"packed/" + tl.name, forcePath(func(transA, transB bool, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) {
			gemmPacked(tl, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
		})})
	}
	for _, dk := range directsFor[T]() {
		paths = append(paths, gemmPath[T]{"direct/" + dk.name, forcePath(func(transA, transB bool, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) {
			gemmDirect(dk, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
		})})
	}
	paths = append(paths, gemmPath[T]{"small", forcePath(gemmSmall[T])})
	return paths
}

// directsFor returns the direct kernel the driver uses for T (if any) and an odd 3×5
// plain-Go one. (The plain-Go twin of the assembly kernels is checked against them
// in TestAsmDirect.)
func directsFor[T Float]() []direct[T] {
	var dk direct[T]
	switch any(T(0)).(type) {
	case float32:
		dk = any(direct32).(direct[T])
	case float64:
		dk = any(direct64).(direct[T])
	}
	var dks []direct[T]
	if dk.fn != nil {
		dks = append(dks, dk)
	}
	return append(dks, goDirect[T](3, 5))
}

// forcePath wraps one inner path of gemm so that it runs whenever m, n, k > 0 and
// alpha ≠ 0.
func forcePath[T Float](inner gemmFunc[T]) gemmFunc[T] {
	return func(transA, transB bool, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) {
		checkGemm("test", transA, transB, m, n, k, len(a), lda, len(b), ldb, len(c), ldc)
		if m == 0 || n == 0 || k == 0 || alpha == 0 {
			gemm(tile32Or64[T](), direct[T]{}, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
			return
		}
		inner(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
	}
}

func tile32Or64[T Float]() tile[T] { return tilesFor[T]()[0] }

// A gemmCase is one call: sizes, transposes, scalars, and the layout of the operands
// in memory (offset of the first element, padding at the end of each row).
type gemmCase struct {
	transA, transB   bool
	m, n, k          int
	alpha, beta      float64
	offA, offB, offC int
	padA, padB, padC int
	nanC             bool // C's own entries are NaN (used with beta == 0)
}

func (g gemmCase) String() string {
	return fmt.Sprintf("transA=%v transB=%v m=%d n=%d k=%d alpha=%g beta=%g offsets=%d,%d,%d pads=%d,%d,%d",
		g.transA, g.transB, g.m, g.n, g.k, g.alpha, g.beta, g.offA, g.offB, g.offC, g.padA, g.padB, g.padC)
}

// shapes returns the stored shapes of A and B.
func (g gemmCase) shapes() (rowsA, colsA, rowsB, colsB int) {
	rowsA, colsA = g.m, g.k
	if g.transA {
		rowsA, colsA = g.k, g.m
	}
	rowsB, colsB = g.k, g.n
	if g.transB {
		rowsB, colsB = g.n, g.k
	}
	return rowsA, colsA, rowsB, colsB
}

// A guardedMatrix is a rows×cols matrix with row stride ld, stored from offset off of
// data, with NaN everywhere else in data: before it, in the gaps between its rows,
// and after it.
type guardedMatrix[T Float] struct {
	data                []T
	off, rows, cols, ld int
}

// tailLen is the number of guard elements after each matrix.
const tailLen = 5

// newGuarded returns a guarded matrix whose entries are uniform in [-1, 1), or NaN
// when nanInside.
func newGuarded[T Float](rng *rand.Rand, rows, cols, pad, off int, nanInside bool) guardedMatrix[T] {
	ld := cols + pad
	size := off + tailLen
	if rows > 0 && cols > 0 {
		size += (rows-1)*ld + cols
	}
	g := guardedMatrix[T]{data: make([]T, size), off: off, rows: rows, cols: cols, ld: ld}
	for i := range g.data {
		g.data[i] = T(math.NaN())
	}
	if !nanInside {
		for i := range rows {
			for j := range cols {
				g.data[off+i*ld+j] = T(2*rng.Float64() - 1)
			}
		}
	}
	return g
}

// slice is what a kernel is handed: the matrix from its first element to the end of data.
func (g guardedMatrix[T]) slice() []T { return g.data[g.off:] }

func (g guardedMatrix[T]) at(i, j int) T { return g.data[g.off+i*g.ld+j] }

// inside reports whether data[x] is an entry of the matrix (not a guard).
func (g guardedMatrix[T]) inside(x int) bool {
	x -= g.off
	if x < 0 || g.rows == 0 || g.cols == 0 {
		return false
	}
	i, j := x/g.ld, x%g.ld
	return i < g.rows && j < g.cols
}

// clone returns a deep copy.
func (g guardedMatrix[T]) clone() guardedMatrix[T] {
	g.data = append([]T(nil), g.data...)
	return g
}

// absolute returns |s| in float64, with NaN (the guards) as 0.
func absolute[T Float](s []T) []float64 {
	abs := make([]float64, len(s))
	for i, v := range s {
		if !math.IsNaN(float64(v)) {
			abs[i] = math.Abs(float64(v))
		}
	}
	return abs
}

// unitRoundoff is u = 2⁻ᵖ for a p-bit significand: 2⁻²⁴ for float32, 2⁻⁵³ for float64.
func unitRoundoff[T Float]() float64 {
	if unsafe.Sizeof(T(0)) == 4 {
		return 0x1p-24
	}
	return 0x1p-53
}

// gamma is γₙ = n·u/(1 - n·u), the bound on the relative error of n roundings
// (Higham, Accuracy and Stability of Numerical Algorithms, §3.1).
func gamma[T Float](n int) float64 {
	nu := float64(n) * unitRoundoff[T]()
	return nu / (1 - nu)
}

// checkGemmCase runs fn on the case and compares with GemmRef, entry by entry, and
// checks that no guard changed.
//
// The bound: each C[i,j] is a sum of k+1 terms, beta·C[i,j] and (alpha·op(A)[i,p])·op(B)[p,j],
// each made with at most two roundings and summed, in whatever order, through at most
// k additions. So each of the two results is within γ_{k+2}·M of the exact value, with
// M = |beta·C[i,j]| + |alpha|·Σ_p |op(A)[i,p]|·|op(B)[p,j]|, and they are within 2·γ_{k+2}·M
// of each other. (Fused multiply-adds only remove roundings.)
func checkGemmCase[T Float](t *testing.T, name string, fn gemmFunc[T], g gemmCase, rng *rand.Rand) {
	t.Helper()
	rowsA, colsA, rowsB, colsB := g.shapes()
	a := newGuarded[T](rng, rowsA, colsA, g.padA, g.offA, false)
	b := newGuarded[T](rng, rowsB, colsB, g.padB, g.offB, false)
	c := newGuarded[T](rng, g.m, g.n, g.padC, g.offC, g.nanC)
	want, got := c.clone(), c.clone()
	alpha, beta := T(g.alpha), T(g.beta)
	GemmRef(g.transA, g.transB, g.m, g.n, g.k, alpha, a.slice(), a.ld, b.slice(), b.ld, beta, want.slice(), want.ld)
	fn(g.transA, g.transB, g.m, g.n, g.k, alpha, a.slice(), a.ld, b.slice(), b.ld, beta, got.slice(), got.ld)

	// M = |beta|·|C| + |alpha|·|op(A)|·|op(B)|, entry by entry, by GemmRef in float64.
	magnitude := make([]float64, len(c.data))
	for x, v := range c.data {
		magnitude[x] = math.Abs(float64(v))
	}
	if beta == 0 {
		clear(magnitude)
	}
	GemmRef(g.transA, g.transB, g.m, g.n, g.k, math.Abs(g.alpha), absolute(a.slice()), a.ld,
		absolute(b.slice()), b.ld, math.Abs(g.beta), magnitude[c.off:], c.ld)
	bad := 0
	for x := range got.data {
		if !c.inside(x) {
			if math.Float64bits(float64(got.data[x])) != math.Float64bits(float64(c.data[x])) {
				t.Errorf("%s: %v: guard data[%d] (offset %d) changed from %v to %v", name, g, x, c.off, c.data[x], got.data[x])
				bad++
			}
			continue
		}
		i, j := (x-c.off)/c.ld, (x-c.off)%c.ld
		bound := 2 * gamma[T](g.k+2) * magnitude[x]
		diff := math.Abs(float64(got.data[x]) - float64(want.data[x]))
		if !(diff <= bound) { // also catches NaN
			t.Errorf("%s: %v: C[%d,%d] = %v, GemmRef gives %v: |difference| %.3g > bound %.3g",
				name, g, i, j, got.data[x], want.data[x], diff, bound)
			bad++
		}
		if bad > 5 {
			t.Fatalf("%s: %v: too many errors", name, g)
		}
	}
}

// TestGemmSizes compares every path of Gemm with GemmRef for every m, n and k in 0..40,
// in all four transpose combinations, with beta 0 (and NaN in C), 1 and 0.5.
//
// All 41³ size triples would be too many; instead each round draws a Latin square of
// them: m runs over 0..40 while n and k run over random permutations of 0..40, so each
// size appears once in each dimension, in ever new company. Strides are padded and the
// operands start at odd offsets, all at random.
func TestGemmSizes(t *testing.T) {
	t.Run("f32", testGemmSizes[float32])
	t.Run("f64", testGemmSizes[float64])
}

func testGemmSizes[T Float](t *testing.T) {
	const maxSize, rounds = 40, 2
	rng := rand.New(rand.NewPCG(1, 2))
	offsets := []int{0, 1, 3, 7}
	pads := []int{0, 1, 2, 5}
	for _, path := range gemmPaths[T]() {
		for combo := range 4 {
			transA, transB := combo&1 != 0, combo&2 != 0
			for _, beta := range []float64{0, 1, 0.5} {
				for range rounds {
					ns, ks := rng.Perm(maxSize+1), rng.Perm(maxSize+1)
					for m := range maxSize + 1 {
						g := gemmCase{
							transA: transA, transB: transB,
							m: m, n: ns[m], k: ks[m],
							alpha: []float64{0.75, -1.5, 2.25, 1}[rng.IntN(4)], beta: beta,
							offA: offsets[rng.IntN(4)], offB: offsets[rng.IntN(4)], offC: offsets[rng.IntN(4)],
							padA: pads[rng.IntN(4)], padB: pads[rng.IntN(4)], padC: pads[rng.IntN(4)],
						}
						g.nanC = beta == 0
						checkGemmCase(t, path.name, path.fn, g, rng)
					}
				}
			}
		}
	}
}

// TestGemmLarge checks products whose sizes cross the cache blocks (kc, mc, nc) and
// are not multiples of any tile size.
func TestGemmLarge(t *testing.T) {
	t.Run("f32", testGemmLarge[float32])
	t.Run("f64", testGemmLarge[float64])
}

func testGemmLarge[T Float](t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	shapes := [][3]int{ // m, n, k
		{200, 150, 150},
		{130, 70, 600}, // k: more than one kc block
		{700, 30, 50},  // m: more than one mc block
		{3, 4200, 20},  // n: more than one nc block
		{1, 517, 300},
		{515, 1, 263},
		{31, 33, 1000},
	}
	for _, path := range gemmPaths[T]() {
		if path.name == "small" {
			continue
		}
		for _, s := range shapes {
			for combo := range 4 {
				g := gemmCase{
					transA: combo&1 != 0, transB: combo&2 != 0,
					m: s[0], n: s[1], k: s[2], alpha: -0.75, beta: 0.5,
					offA: 1, offB: 3, offC: 5, padA: 3, padB: 1, padC: 7,
				}
				checkGemmCase(t, path.name, path.fn, g, rng)
			}
		}
	}
}

// TestGemmAlphaZero checks that alpha == 0 reads neither A nor B (which are NaN here)
// and only scales C, as in BLAS.
func TestGemmAlphaZero(t *testing.T) {
	for _, fn := range []gemmFunc[float64]{Gemm[float64], GemmRef[float64]} {
		a := []float64{math.NaN(), math.NaN(), math.NaN(), math.NaN()}
		c := []float64{1, 2, 3, 4}
		fn(false, false, 2, 2, 2, 0, a, 2, a, 2, 0.5, c, 2)
		if want := []float64{0.5, 1, 1.5, 2}; fmt.Sprint(c) != fmt.Sprint(want) {
			t.Errorf("alpha = 0: C = %v, want %v", c, want)
		}
	}
}

// TestGemmBitIdentical checks that the result does not depend on how the work is
// shared out: the product cut into 1, 2, 3, 4 or 7 parts (run by parallelRun and by
// parallelRunWarm, which may run them as one), and Gemm itself under GOMAXPROCS 1, 2,
// 3 and 4, called back to back so that later calls find helpers spinning, must agree
// bit for bit.
func TestGemmBitIdentical(t *testing.T) {
	t.Run("f32", testGemmBitIdentical[float32])
	t.Run("f64", testGemmBitIdentical[float64])
}

func testGemmBitIdentical[T Float](t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	rng := rand.New(rand.NewPCG(5, 6))
	shapes := [][3]int{
		{150, 97, 530}, // cut by rows; k in more than one kc block
		{40, 310, 200}, // cut by columns
	}
	for _, tl := range tilesFor[T]() {
		for _, s := range shapes {
			for combo := range 4 {
				g := gemmCase{transA: combo&1 != 0, transB: combo&2 != 0, m: s[0], n: s[1], k: s[2],
					alpha: 1.5, beta: 0.5, offA: 1, offB: 2, offC: 3, padA: 1, padB: 2, padC: 3}
				rowsA, colsA, rowsB, colsB := g.shapes()
				a := newGuarded[T](rng, rowsA, colsA, g.padA, g.offA, false)
				b := newGuarded[T](rng, rowsB, colsB, g.padB, g.offB, false)
				c := newGuarded[T](rng, g.m, g.n, g.padC, g.offC, false)
				serial := c.clone()
				gemmBlocked(tl, g.transA, g.transB, g.m, g.n, g.k, T(g.alpha), a.slice(), a.ld, b.slice(), b.ld,
					T(g.beta), serial.slice(), serial.ld)
				check := func(how string, got guardedMatrix[T]) {
					t.Helper()
					for x := range got.data {
						if math.Float64bits(float64(got.data[x])) != math.Float64bits(float64(serial.data[x])) {
							t.Fatalf("%s: %v: %s gives data[%d] = %v, serial gives %v",
								tl.name, g, how, x, got.data[x], serial.data[x])
						}
					}
				}
				runtime.GOMAXPROCS(4)
				directSerial := map[string]guardedMatrix[T]{}
				for _, parts := range []int{1, 2, 3, 4, 7, -2} {
					wake := parts > 0 // -2: 2 parts, by parallelRunWarm
					got := c.clone()
					gemmSplit(tl, max(parts, -parts), wake, g.transA, g.transB, g.m, g.n, g.k, T(g.alpha), a.slice(), a.ld,
						b.slice(), b.ld, T(g.beta), got.slice(), got.ld)
					check(fmt.Sprintf("%d parts, wake=%v", max(parts, -parts), wake), got)
				}
				directs := directsFor[T]()
				if tl.name != tilesFor[T]()[0].name {
					directs = nil // the direct paths do not use the tile: check them once
				}
				for _, dk := range directs {
					for _, parts := range []int{1, 2, 3, 4, 7, -2} {
						wake := parts > 0
						got := c.clone()
						gemmDirectSplit(dk, max(parts, -parts), wake, g.transA, g.transB, g.m, g.n, g.k, T(g.alpha), a.slice(), a.ld,
							b.slice(), b.ld, T(g.beta), got.slice(), got.ld)
						if parts == 1 {
							directSerial[dk.name] = got
							continue
						}
						check2 := func(how string, got guardedMatrix[T]) {
							t.Helper()
							want := directSerial[dk.name]
							for x := range got.data {
								if math.Float64bits(float64(got.data[x])) != math.Float64bits(float64(want.data[x])) {
									t.Fatalf("%s: %v: %s gives data[%d] = %v, 1 part gives %v",
										dk.name, g, how, x, got.data[x], want.data[x])
								}
							}
						}
						check2(fmt.Sprintf("%d parts, wake=%v", max(parts, -parts), wake), got)
					}
				}
				for _, procs := range []int{1, 2, 3, 4} {
					runtime.GOMAXPROCS(procs)
					for call := range 2 {
						got := c.clone()
						gemm(tl, direct[T]{}, g.transA, g.transB, g.m, g.n, g.k, T(g.alpha), a.slice(), a.ld, b.slice(), b.ld,
							T(g.beta), got.slice(), got.ld)
						check(fmt.Sprintf("GOMAXPROCS=%d, call %d", procs, call), got)
					}
				}
				// Gemm's own choice of path with each direct kernel, under GOMAXPROCS
				// 2, 3, 4, against GOMAXPROCS 1.
				for _, dk := range directs {
					var first guardedMatrix[T]
					for _, procs := range []int{1, 2, 3, 4} {
						runtime.GOMAXPROCS(procs)
						for call := range 2 {
							got := c.clone()
							gemm(tl, dk, g.transA, g.transB, g.m, g.n, g.k, T(g.alpha), a.slice(), a.ld, b.slice(), b.ld,
								T(g.beta), got.slice(), got.ld)
							if procs == 1 && call == 0 {
								first = got
								continue
							}
							for x := range got.data {
								if math.Float64bits(float64(got.data[x])) != math.Float64bits(float64(first.data[x])) {
									t.Fatalf("%s, %s: %v: GOMAXPROCS=%d call %d gives data[%d] = %v, GOMAXPROCS=1 gives %v",
										tl.name, dk.name, g, procs, call, x, got.data[x], first.data[x])
								}
							}
						}
					}
				}
			}
		}
	}
}

// TestTiles runs every tile the driver can use (the plain-Go ones and those picked for
// this CPU) on random panels, against the tile's definition computed in float64:
//
//	c[i*ldc+j] += Σ_{p<kc} a[p*mr+i] · b[p*nr+j].
//
// The panels are followed by NaN, and C has NaN in its row gaps and after it, so a
// tile that reads or writes too far is caught. The bound is γ_{kc+1}·(|c| + Σ|a||b|).
func TestTiles(t *testing.T) {
	t.Run("f32", testTiles[float32])
	t.Run("f64", testTiles[float64])
}

func testTiles[T Float](t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for _, tl := range tilesFor[T]() {
		mr, nr := tl.mr, tl.nr
		for _, kc := range []int{0, 1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 64, 255, 256, 257, 1000} {
			a := newGuarded[T](rng, kc, mr, 0, 0, false)
			b := newGuarded[T](rng, kc, nr, 0, 0, false)
			c := newGuarded[T](rng, mr, nr, 3, 0, false)
			got := c.clone()
			tl.fn(kc, a.data, b.data, got.data, got.ld)
			for x := range got.data {
				if !c.inside(x) {
					if !math.IsNaN(float64(got.data[x])) {
						t.Fatalf("tile %s, kc=%d: guard c[%d] changed to %v", tl.name, kc, x, got.data[x])
					}
					continue
				}
				i, j := x/c.ld, x%c.ld
				exact, magnitude := float64(c.data[x]), math.Abs(float64(c.data[x]))
				for p := range kc {
					product := float64(a.at(p, i)) * float64(b.at(p, j))
					exact += product
					magnitude += math.Abs(product)
				}
				if diff := math.Abs(float64(got.data[x]) - exact); !(diff <= gamma[T](kc+1)*magnitude) {
					t.Fatalf("tile %s, kc=%d: c[%d,%d] = %v, want %v (|difference| %.3g > bound %.3g)",
						tl.name, kc, i, j, got.data[x], exact, diff, gamma[T](kc+1)*magnitude)
				}
			}
		}
	}
}

// TestGemmNamedType checks that Gemm on a named float type gives the bits it gives on
// the underlying type.
func TestGemmNamedType(t *testing.T) {
	type celsius float32
	rng := rand.New(rand.NewPCG(9, 10))
	const m, n, k = 70, 50, 90
	a, b := make([]float32, m*k), make([]float32, k*n)
	for i := range a {
		a[i] = float32(rng.NormFloat64())
	}
	for i := range b {
		b[i] = float32(rng.NormFloat64())
	}
	c := make([]float32, m*n)
	Gemm(false, true, m, n, k, 1.5, a, k, b, k, 0, c, n)
	named := make([]celsius, m*n)
	Gemm(false, true, m, n, k, 1.5, floats[celsius](a), k, floats[celsius](b), k, 0, named, n)
	for i := range c {
		if math.Float32bits(c[i]) != math.Float32bits(float32(named[i])) {
			t.Fatalf("C[%d] = %v for float32, %v for a named type", i, c[i], named[i])
		}
	}
}

// TestGemmPanics checks that arguments which do not fit their slices are caught, with
// a message naming the operand.
func TestGemmPanics(t *testing.T) {
	s := make([]float64, 12)
	cases := []struct {
		name string
		call func()
		want string
	}{
		{"negative m", func() { Gemm(false, false, -1, 2, 2, 1, s, 2, s, 2, 0, s, 2) }, "negative size"},
		{"lda < k", func() { Gemm(false, false, 2, 2, 3, 1, s, 2, s, 2, 0, s, 2) }, "A is 2×3 but its row stride is 2"},
		{"transA lda < m", func() { Gemm(true, false, 3, 2, 2, 1, s, 2, s, 2, 0, s, 2) }, "A is 2×3 but its row stride is 2"},
		{"short B", func() { Gemm(false, false, 2, 3, 5, 1, s, 5, s, 3, 0, s, 3) }, "B is 5×3 with row stride 3 but has only 12"},
		{"short C", func() { Gemm(false, false, 3, 4, 1, 1, s, 1, s, 4, 0, s[:11], 4) }, "C is 3×4"},
		{"ldc < n", func() { GemmRef(false, false, 2, 3, 1, 1, s, 1, s, 3, 0, s, 2) }, "GemmRef: C is 2×3 but its row stride is 2"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			defer func() {
				msg := fmt.Sprint(recover())
				if !strings.Contains(msg, tc.want) {
					t.Errorf("panic %q, want one containing %q", msg, tc.want)
				}
			}()
			tc.call()
		})
	}
}

// TestGemmAllocs checks that Gemm allocates nothing once its pools are warm: on the
// small path, the packed path and, with two goroutines, the parallel paths (at 200,
// back to back, with helpers spinning; at 500, waking them).
func TestGemmAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector's sync.Pool drops items: allocation counts are not the program's")
	}
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2))
	for _, size := range []int{4, 40, 200, 500} {
		a, b, c := make([]float32, size*size), make([]float32, size*size), make([]float32, size*size)
		allocs := testing.AllocsPerRun(20, func() {
			Gemm(false, false, size, size, size, 1, a, size, b, size, 0, c, size)
		})
		if allocs != 0 {
			t.Errorf("Gemm %d×%d×%d: %v allocations per call, want 0", size, size, size, allocs)
		}
	}
}

// TestPack checks packA and packB against their definitions, for panel widths that
// take each path of packPanel (the fixed-size copies of 48, 64, 96 and 128 bytes, the
// four-vector gather, the general loops), with and without transposes, alpha ≠ 1,
// and blocks whose last panel is partial. The source is surrounded by NaN, so a read
// outside the block shows in the panels; the padding of partial panels must be zero.
func TestPack(t *testing.T) {
	t.Run("f32", testPack[float32])
	t.Run("f64", testPack[float64])
}

func testPack[T Float](t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	const off0, off1 = 2, 3 // where the block starts: row (column) and step offsets
	for _, width := range []int{2, 3, 5, 6, 8, 12, 16, 24, 32} {
		for _, trans := range []bool{false, true} {
			for _, alpha := range []T{1, -0.5} {
				for _, s := range [][2]int{{1, 1}, {width, 7}, {width + width/2, 9}, {2*width + 1, 13}, {3 * width, 40}} {
					size, kb := s[0], s[1] // rows of Ã (columns of B̃), and steps
					panels := ceilDiv(size, width)
					got := make([]T, panels*width*kb+1)
					fill := func() { // NaN where packing must write, 42 past the panels
						for i := range got {
							got[i] = T(math.NaN())
						}
						got[len(got)-1] = 42
					}
					fill()

					// A, stored m×k (k×m if trans), packed rows [off0, off0+size),
					// steps [off1, off1+kb).
					rows, cols := off0+size+1, off1+kb+2
					if trans {
						rows, cols = cols, rows
					}
					a := newGuarded[T](rng, rows, cols, 2, 1, false)
					packA(trans, alpha, a.slice(), a.ld, off0, off1, size, kb, width, got)
					checkPanels(t, fmt.Sprintf("packA trans=%v alpha=%v %d×%d, width %d", trans, alpha, size, kb, width),
						got, width, size, kb, func(i, p int) T {
							if trans {
								return alpha * a.at(off1+p, off0+i)
							}
							return alpha * a.at(off0+i, off1+p)
						})

					// B, stored k×n (n×k if trans), packed steps [off1, off1+kb),
					// columns [off0, off0+size).
					rows, cols = off1+kb+2, off0+size+1
					if trans {
						rows, cols = cols, rows
					}
					b := newGuarded[T](rng, rows, cols, 2, 1, false)
					fill()
					packB(trans, b.slice(), b.ld, off1, off0, kb, size, width, got)
					checkPanels(t, fmt.Sprintf("packB trans=%v %d×%d, width %d", trans, kb, size, width),
						got, width, size, kb, func(j, p int) T {
							if trans {
								return b.at(off0+j, off1+p)
							}
							return b.at(off1+p, off0+j)
						})
				}
			}
		}
	}
}

// checkPanels checks packed panels of the given width against want(i, p), the value
// for vector i (row of Ã or column of B̃) at step p, with zeros past size.
func checkPanels[T Float](t *testing.T, what string, got []T, width, size, kb int, want func(i, p int) T) {
	t.Helper()
	for q := range ceilDiv(size, width) {
		for p := range kb {
			for i := range width {
				v, w := got[q*width*kb+p*width+i], T(0)
				if q*width+i < size {
					w = want(q*width+i, p)
				}
				if math.Float64bits(float64(v)) != math.Float64bits(float64(w)) {
					t.Fatalf("%s: panel %d, step %d, entry %d = %v, want %v", what, q, p, i, v, w)
				}
			}
		}
	}
	if got[len(got)-1] != 42 {
		t.Fatalf("%s: wrote past the panels", what)
	}
}

// TestGemmEdges compares every path with GemmRef on sizes around the tiles of the
// assembly kernels (12 rows; 16 or 32 columns) and the n = 64 of the benchmarks: every
// m, n, k in {1, 63, 64, 65, 76}, in all four transpose combinations.
func TestGemmEdges(t *testing.T) {
	t.Run("f32", testGemmEdges[float32])
	t.Run("f64", testGemmEdges[float64])
}

func testGemmEdges[T Float](t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 14))
	sizes := []int{1, 63, 64, 65, 76}
	for _, path := range gemmPaths[T]() {
		if path.name == "small" {
			continue
		}
		for _, m := range sizes {
			for _, n := range sizes {
				for _, k := range sizes {
					combo := rng.IntN(4)
					g := gemmCase{transA: combo&1 != 0, transB: combo&2 != 0, m: m, n: n, k: k,
						alpha: []float64{1, -0.5}[rng.IntN(2)], beta: []float64{0, 1, 0.25}[rng.IntN(3)],
						offA: rng.IntN(3), offB: rng.IntN(3), offC: rng.IntN(3), padA: rng.IntN(3), padB: rng.IntN(3), padC: rng.IntN(3)}
					g.nanC = g.beta == 0
					checkGemmCase(t, path.name, path.fn, g, rng)
				}
			}
		}
	}
}
