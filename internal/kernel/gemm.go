package kernel

import (
	"fmt"
	"math/bits"
	"runtime"
	"unsafe"
)

// Gemm computes C ← alpha·op(A)·op(B) + beta·C, where op(X) is X or Xᵀ:
//
//	C[i,j] ← alpha·Σ_{p<k} op(A)[i,p]·op(B)[p,j] + beta·C[i,j]    for 0 ≤ i < m, 0 ≤ j < n.
//
// All matrices are row-major. op(A) is m×k: A is stored m×k with row stride lda ≥ k,
// or, when transA, k×m with lda ≥ m; op(B) is k×n: B is stored k×n with ldb ≥ n, or,
// when transB, n×k with ldb ≥ k. C is m×n with row stride ldc ≥ n. As in BLAS,
// beta == 0 means C's old contents are not read (NaN in C is overwritten), and
// alpha == 0 or k == 0 means A and B are not read. Only the m×n entries of C are
// written, never the gaps between rows.
//
// The result agrees with GemmRef to rounding: only the order of the additions differs.
// That order depends only on the sizes (and on the micro-kernel the CPU selects at
// start-up), never on GOMAXPROCS, so the result is bit-for-bit the same however many
// goroutines share the work.
//
// Gemm panics if a size or stride is negative or too small, or a slice is too short.
func Gemm[T Float](transA, transB bool, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) {
	checkGemm("Gemm", transA, transB, m, n, k, len(a), lda, len(b), ldb, len(c), ldc)
	// One driver body, instantiated for float32 and float64 only. Named types
	// (~float32, ~float64) share the layout of their underlying type, so their
	// slices are viewed as []float32 or []float64 and reach the same tiles.
	if unsafe.Sizeof(alpha) == 4 {
		gemm(tile32, direct32, transA, transB, m, n, k, float32(alpha), floats[float32](a), lda,
			floats[float32](b), ldb, float32(beta), floats[float32](c), ldc)
		return
	}
	gemm(tile64, direct64, transA, transB, m, n, k, float64(alpha), floats[float64](a), lda,
		floats[float64](b), ldb, float64(beta), floats[float64](c), ldc)
}

// floats views s as a slice of U, for U the underlying type of T.
func floats[U, T Float](s []T) []U {
	return unsafe.Slice((*U)(unsafe.Pointer(unsafe.SliceData(s))), len(s))
}

// checkGemm panics, naming op, if the arguments of Gemm or GemmRef do not describe
// matrices that fit in their slices.
func checkGemm(op string, transA, transB bool, m, n, k, lenA, lda, lenB, ldb, lenC, ldc int) {
	if m < 0 || n < 0 || k < 0 {
		panic(fmt.Sprintf("kernel: %s: negative size m=%d n=%d k=%d", op, m, n, k))
	}
	rowsA, colsA := m, k
	if transA {
		rowsA, colsA = k, m
	}
	rowsB, colsB := k, n
	if transB {
		rowsB, colsB = n, k
	}
	checkMatrix(op, "A", rowsA, colsA, lenA, lda)
	checkMatrix(op, "B", rowsB, colsB, lenB, ldb)
	checkMatrix(op, "C", m, n, lenC, ldc)
}

// checkMatrix panics unless a rows×cols matrix with row stride ld fits in a slice of
// length size: ld ≥ cols and size ≥ (rows-1)·ld + cols.
func checkMatrix(op, name string, rows, cols, size, ld int) {
	if ld < cols {
		panic(fmt.Sprintf("kernel: %s: %s is %d×%d but its row stride is %d", op, name, rows, cols, ld))
	}
	if rows > 0 && cols > 0 && (size < cols || rowsOverrun(rows, ld, size-cols)) {
		panic(fmt.Sprintf("kernel: %s: %s is %d×%d with row stride %d but has only %d elements",
			op, name, rows, cols, ld, size))
	}
}

// rowsOverrun reports whether rows rows of stride ld ≥ 1 need more than room
// elements before the last row's start: (rows−1)·ld > room, with room ≥ 0. It
// multiplies when the product cannot overflow (both factors below
// 2^(wordsize/2 − 1)) and divides otherwise, rows−1 > ⌊room/ld⌋ being the same
// test: an integer division costs tens of cycles, three of them a noticeable
// part of a tiny product's call.
func rowsOverrun(rows, ld, room int) bool {
	const small = 1 << (bits.UintSize/2 - 1)
	if rows < small && ld < small {
		return (rows-1)*ld > room
	}
	return rows-1 > room/ld
}

// The driver.
//
// Three paths: tiny products (at most smallWork multiply-adds) take the direct loops
// of gemm_small.go, the same bits on every CPU; products whose op(A) fits in L2
// and whose k is small (or whose work is) take the direct path of gemm_direct.go,
// which packs nothing (useDirect); the rest take the blocked path below.
//
// op(A)·op(B) is cut into blocks so that what the micro-kernel reads comes from the
// nearest cache (Goto and van de Geijn, "Anatomy of high-performance matrix
// multiplication", 2008; the loop names are BLIS's):
//
//	for jc in steps of nc over the n columns of C:
//	  for pc in steps of kc over k:
//	    pack op(B)[pc:pc+kc, jc:jc+nc] into B̃, kc×nc, as panels of nr columns    (L3)
//	    for ic in steps of mc over the m rows of C:
//	      pack alpha·op(A)[ic:ic+mc, pc:pc+kc] into Ã, mc×kc, as panels of mr rows (L2)
//	      for jr in steps of nr:                   one kc×nr panel of B̃           (L1)
//	        for ir in steps of mr:                 one mr×kc panel of Ã
//	          C[ic+ir:+mr, jc+jr:+nr] += (Ã panel)·(B̃ panel)           (the tile)
//
//	             kc                       nr
//	        ┌───────────┐          ┌──┬──┬──┬──┬──┐
//	     mr │▒▒▒▒▒▒▒▒▒▒▒│       kc │  │░░│  │  │  │  B̃, kc×nc
//	        ├───────────┤          └──┴──┴──┴──┴──┘
//	        │           │
//	   Ã,   ├───────────┤          ┌──┬──┬──┬──┬──┐
//	  mc×kc │           │       mr │  │▓▓│  │  │  │  C, the mc×nc block at (ic, jc)
//	        ├───────────┤          ├──┼──┼──┼──┼──┤
//	        │           │          │  │  │  │  │  │
//	        └───────────┘          └──┴──┴──┴──┴──┘
//
//	▓▓, an mr×nr tile of C, += ▒▒ (an mr×kc panel of Ã) · ░░ (a kc×nr panel of B̃)
//
// Packing makes every panel contiguous in the order the tile reads it, handles the
// transposes (the matrices themselves are never copied whole) and pads the last
// panels with zeros to full mr or nr, so the tile always runs on a full mr×nr block.
// Where that block sticks out of C, the tile writes into a zeroed mr×nr scratch and
// only its inside is added to C.
//
// On several goroutines (gemmSplit), each part of C runs the loops above on its own
// rows (or columns) and packs its own B̃ and Ã. Sharing one B̃ between two parts,
// each packing half of its panels, was slower here: the panels one core writes must
// travel to the other core's cache (at n = 256, float32, on two cores, 210 against
// 250 GFLOP/s; at n = 1024 a tie).
//
// Order of summation. Every C[i,j] is computed as
//
//	((beta·C[i,j] + S₀) + S₁) + … ,   S_q = the tile's sum over p in [q·kc, (q+1)·kc),
//
// with kc a function of k alone, and every tile of C at a fixed place in a grid of
// mr×nr tiles anchored at C[0,0]. Splitting C over goroutines (by whole tiles, see
// gemmJob) or changing mc and nc moves no tile and no kc boundary, so the result does
// not depend on the split.

// Cache sizes of one core, in bytes, that the blocking aims at: those of this machine,
// an AMD EPYC (Zen 5) VM, 48 KiB L1d and 1 MiB L2. (A Sapphire Rapids core has 48 KiB
// and 2 MiB; the blocks then use half of its L2.)
const (
	l1Bytes = 48 << 10
	l2Bytes = 1 << 20
)

// Size thresholds, in multiply-adds m·n·k. See gemm_bench_test.go for the measurements.
const (
	// Products of at most smallWork multiply-adds take the direct loops of gemmSmall:
	// below it, packing and blocking cost more than they save. On n×n×n cubes the
	// direct loops beat the packed path up to n ≈ 9 with the AVX-512 tile and n ≈ 16
	// with the plain-Go one; on the 960 multiply-adds of a tiny dense layer (24×5 by
	// 5×8 and its two gradients) they tie with AVX-512 and beat plain Go by 30-50%.
	smallWork = 1024
	// A product is cut into parts of at least warmWorkPerLane·mr·nr multiply-adds each
	// (mr·nr, the tile's accumulator count, stands for its speed) when there are
	// helpers spinning, ready to join at once, or the previous parallel call ended
	// just now (see parallelRunWarm): 16K for the plain-Go 4×2 tile, 0.4M and 0.8M for
	// the AVX-512 float64 and float32 tiles, some 3 to 8 µs of work on one core. So
	// n×n×n products go parallel from n ≈ 32, 92 and 116. Measured here, back to back,
	// two goroutines beat one from n ≈ 64 (plain Go), 96 (float64) and 96–128
	// (float32), and lost up to 20% at n = 64 with the AVX-512 tiles.
	warmWorkPerLane = 1 << 11
	// Otherwise, waking a parked helper is worth it only for parts of at least
	// coldWorkPerLane·mr·nr multiply-adds: 1M for plain Go, 25M and 50M for the
	// AVX-512 float64 and float32 tiles, 0.1 to 0.5 ms of work on one core. So n×n×n
	// products wake a helper from n ≈ 128 (plain Go), 369 (float64) and 465 (float32).
	// Measured here with the helpers parked (BenchmarkGemmSplit, calls 1 ms apart), two
	// goroutines started to beat one at n ≈ 192 (plain Go), 400–450 (float64) and
	// 450–510 (float32); below that, splitting lost up to 20%, and at n = 128 the
	// wake-up alone took as long as the product.
	coldWorkPerLane = 1 << 17
)

// gemm is Gemm after its checks, for one tile and one direct kernel (dk.fn nil: none).
func gemm[T Float](tl tile[T], dk direct[T], transA, transB bool, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) {
	switch {
	case m == 0 || n == 0:
	case k == 0 || alpha == 0:
		scaleMatrix(beta, m, n, c, ldc)
	case work(m, n, k) <= smallWork:
		// Before the direct path, which is faster here too, so that tiny products
		// give the same bits on every CPU and under -tags purego: theory's claim C7
		// pins rounding-level numbers of such products in its golden file.
		gemmSmall(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
	case dk.fn != nil && useDirect(m, n, k, int(unsafe.Sizeof(alpha))):
		gemmDirect(dk, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
	default:
		gemmPacked(tl, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
	}
}

// work is m·n·k, in floating point so that it cannot overflow.
func work(m, n, k int) float64 { return float64(m) * float64(n) * float64(k) }

// gemmPacked is the blocked product, on as many goroutines as its size warrants (at
// most GOMAXPROCS). It needs m, n, k > 0.
func gemmPacked[T Float](tl tile[T], transA, transB bool, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) {
	if w := work(m, n, k) / float64(warmWorkPerLane*tl.mr*tl.nr); w >= 2 {
		if parts := min(runtime.GOMAXPROCS(0), int(w)); parts > 1 {
			wake := work(m, n, k) >= float64(2*coldWorkPerLane*tl.mr*tl.nr)
			gemmSplit(tl, parts, wake, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
			return
		}
	}
	gemmBlocked(tl, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

// gemmSplit cuts C into at most parts parts of whole tiles and runs gemmBlocked on
// each, in parallel: by parallelRun if wake, else by parallelRunWarm. It needs
// m, n, k > 0.
func gemmSplit[T Float](tl tile[T], parts int, wake bool, transA, transB bool, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) {
	job := getJob[gemmJob[T]](&gemmJobs[sizeIndex[T]()])
	*job = gemmJob[T]{tl: tl, transA: transA, transB: transB, m: m, n: n, k: k,
		alpha: alpha, a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: c, ldc: ldc}
	// Cut along the dimension with more tiles, where parts balance better.
	rowTiles, colTiles := ceilDiv(m, tl.mr), ceilDiv(n, tl.nr)
	job.byRows = rowTiles >= colTiles
	job.tiles = max(rowTiles, colTiles)
	if parts = max(min(parts, job.tiles), 1); wake {
		parallelRun(job, parts)
	} else {
		parallelRunWarm(job, parts)
	}
	*job = gemmJob[T]{} // hold on to no matrices
	gemmJobs[sizeIndex[T]()].Put(job)
}

// A gemmJob is a product cut into parts along the rows (or columns) of C. The cuts
// fall on multiples of mr rows (or nr columns), so the tiles of every part sit on the
// same grid as those of the whole product.
type gemmJob[T Float] struct {
	tl             tile[T]
	transA, transB bool
	m, n, k        int
	alpha, beta    T
	a, b, c        []T
	lda, ldb, ldc  int
	byRows         bool // cut C by rows, else by columns
	tiles          int  // tile rows (or columns) of C, to deal out
}

// run computes part number part of parts: rows (or columns) [lo, hi) of C.
func (j *gemmJob[T]) run(part, parts int) {
	if j.byRows {
		lo, hi := dealRange(j.tiles, part, parts, j.tl.mr, j.m)
		a := j.a // rows lo.. of op(A)
		if j.transA {
			a = a[lo:]
		} else {
			a = a[lo*j.lda:]
		}
		gemmBlocked(j.tl, j.transA, j.transB, hi-lo, j.n, j.k, j.alpha, a, j.lda, j.b, j.ldb,
			j.beta, j.c[lo*j.ldc:], j.ldc)
		return
	}
	lo, hi := dealRange(j.tiles, part, parts, j.tl.nr, j.n)
	b := j.b // columns lo.. of op(B)
	if j.transB {
		b = b[lo*j.ldb:]
	} else {
		b = b[lo:]
	}
	gemmBlocked(j.tl, j.transA, j.transB, j.m, hi-lo, j.k, j.alpha, j.a, j.lda, b, j.ldb,
		j.beta, j.c[lo:], j.ldc)
}

// dealRange deals tiles tiles of width w out to parts parts as evenly as possible and
// returns part's share, [lo, hi) clipped to size.
func dealRange(tiles, part, parts, w, size int) (lo, hi int) {
	lo = tiles * part / parts * w
	hi = min(tiles*(part+1)/parts*w, size)
	return lo, hi
}

// gemmBlocked computes C ← alpha·op(A)·op(B) + beta·C on the calling goroutine, by the
// blocked loops described above. It needs m, n, k > 0.
func gemmBlocked[T Float](tl tile[T], transA, transB bool, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) {
	mr, nr := tl.mr, tl.nr
	kc, mcMax, ncMax := blockSizes(mr, nr, int(unsafe.Sizeof(alpha)), k)
	mc, nc := balance(m, mcMax, mr), balance(n, ncMax, nr)
	buf := getBuf[T](&packBufs, mc*kc+kc*nc+mr*nr)
	packedA, packedB, scratch := (*buf)[:mc*kc], (*buf)[mc*kc:mc*kc+kc*nc], (*buf)[mc*kc+kc*nc:]
	for jc := 0; jc < n; jc += nc {
		nb := min(nc, n-jc)
		for pc := 0; pc < k; pc += kc {
			kb := min(kc, k-pc)
			packB(transB, b, ldb, pc, jc, kb, nb, nr, packedB)
			for ic := 0; ic < m; ic += mc {
				mb := min(mc, m-ic)
				block := c[ic*ldc+jc:]
				if pc == 0 {
					scaleMatrix(beta, mb, nb, block, ldc)
				}
				packA(transA, alpha, a, lda, ic, pc, mb, kb, mr, packedA)
				macroKernel(tl, mb, nb, kb, packedA, packedB, block, ldc, scratch)
			}
		}
	}
	putBuf(&packBufs, buf)
}

// blockSizes returns the block sizes for an m×n×k product on an mr×nr tile with
// elements of size bytes: kc, which depends on k alone (see "Order of summation"),
// and the largest mc and nc, multiples of mr and nr. The drivers shrink mc and nc with
// balance, so that the blocks of a dimension are of nearly equal size rather than
// full ones and a sliver.
//
// Measured here (n = 256…1024), on one core the speed moved by less than the noise
// (±5%) for kc from 128 to 512 and mc from L2/8 to L2/2; on two cores, where the two
// compete for L3 and memory, kc = 384 beat 192 by 2 to 5% (fewer passes over C).
func blockSizes(mr, nr, size, k int) (kc, mcMax, ncMax int) {
	// One kc×nr panel of B̃, which the tile reads again for every mr×kc panel of Ã,
	// is the size of L1: kc = 384 for the 12×32 float32 and 12×16 float64 AVX-512
	// tiles. Half of L1 (kc = 192), which keeps the panel there, measured slower (see
	// above); past 384 the update of C is already amortised and bigger blocks only
	// crowd L2.
	kcMax := min(max(l1Bytes/(nr*size), 64), 384)
	// Ã, mc×kc, takes half of L2; the rest holds the B̃ panels passing through and C:
	// mc = 336 and 168 rows for the AVX-512 float32 and float64 tiles.
	mcMax = max(l2Bytes/2/(kcMax*size)/mr*mr, mr)
	// B̃, kc×nc, is swept once per ic block, from L3.
	ncMax = max(4096/nr*nr, nr)
	return balance(k, kcMax, 1), mcMax, ncMax
}

// balance returns the block size for cutting size into ⌈size/maxBlock⌉ blocks of
// nearly equal size, rounded up to a multiple of unit.
func balance(size, maxBlock, unit int) int {
	blocks := ceilDiv(size, maxBlock)
	return ceilDiv(ceilDiv(size, blocks), unit) * unit
}

func ceilDiv(x, y int) int { return (x + y - 1) / y }

// macroKernel adds Ã·B̃ to the mb×nb block c: it runs the tile over every mr×nr tile
// of the block, B̃'s panels in the outer loop so that each stays in L1 while all of
// Ã's panels pass by.
func macroKernel[T Float](tl tile[T], mb, nb, kb int, packedA, packedB, c []T, ldc int, scratch []T) {
	mr, nr := tl.mr, tl.nr
	for jr := 0; jr < nb; jr += nr {
		panelB := packedB[jr*kb : (jr+nr)*kb]
		w := min(nr, nb-jr)
		for ir := 0; ir < mb; ir += mr {
			panelA := packedA[ir*kb : (ir+mr)*kb]
			h := min(mr, mb-ir)
			if h == mr && w == nr {
				tl.fn(kb, panelA, panelB, c[ir*ldc+jr:], ldc)
				continue
			}
			// An edge tile: compute all of it, keep the part inside C.
			clear(scratch)
			tl.fn(kb, panelA, panelB, scratch, nr)
			for i := range h {
				row := c[(ir+i)*ldc+jr:][:w]
				for j, v := range scratch[i*nr:][:w] {
					row[j] += v
				}
			}
		}
	}
}

// scaleMatrix sets the m×n matrix c (row stride ldc) to beta·c; beta == 0 writes zeros
// without reading c.
func scaleMatrix[T Float](beta T, m, n int, c []T, ldc int) {
	if beta == 1 {
		return
	}
	for i := range m {
		row := c[i*ldc:][:n]
		if beta == 0 {
			clear(row)
			continue
		}
		for j := range row {
			row[j] *= beta
		}
	}
}
