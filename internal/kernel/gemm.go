package kernel

import (
	"fmt"
	"runtime"
	"sync"
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
		gemm(tile32, transA, transB, m, n, k, float32(alpha), floats[float32](a), lda,
			floats[float32](b), ldb, float32(beta), floats[float32](c), ldc)
		return
	}
	gemm(tile64, transA, transB, m, n, k, float64(alpha), floats[float64](a), lda,
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
	// Divided rather than multiplied, so that nothing overflows.
	if rows > 0 && cols > 0 && (size < cols || rows-1 > (size-cols)/max(ld, 1)) {
		panic(fmt.Sprintf("kernel: %s: %s is %d×%d with row stride %d but has only %d elements",
			op, name, rows, cols, ld, size))
	}
}

// The driver.
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

// gemm is Gemm after its checks, for one tile.
func gemm[T Float](tl tile[T], transA, transB bool, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) {
	switch {
	case m == 0 || n == 0:
	case k == 0 || alpha == 0:
		scaleMatrix(beta, m, n, c, ldc)
	case work(m, n, k) <= smallWork:
		gemmSmall(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
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

// packA packs alpha·op(A)[ic:ic+mb, pc:pc+kb] into dst as ⌈mb/mr⌉ panels of mr rows:
//
//	dst[q·mr·kb + p·mr + i] = alpha·op(A)[ic + q·mr + i, pc + p],
//
// zero for rows past mb.
func packA[T Float](transA bool, alpha T, a []T, lda, ic, pc, mb, kb, mr int, dst []T) {
	for r := 0; r < mb; r += mr {
		panel := dst[r*kb : (r+mr)*kb]
		h := min(mr, mb-r)
		if transA {
			// op(A)[i,p] = a[p·lda+i]
			packPanel(panel, mr, h, kb, alpha, a[pc*lda+ic+r:], lda, false)
		} else {
			// op(A)[i,p] = a[i·lda+p]
			packPanel(panel, mr, h, kb, alpha, a[(ic+r)*lda+pc:], lda, true)
		}
	}
}

// packB packs op(B)[pc:pc+kb, jc:jc+nb] into dst as ⌈nb/nr⌉ panels of nr columns:
//
//	dst[q·nr·kb + p·nr + j] = op(B)[pc + p, jc + q·nr + j],
//
// zero for columns past nb.
func packB[T Float](transB bool, b []T, ldb, pc, jc, kb, nb, nr int, dst []T) {
	for s := 0; s < nb; s += nr {
		panel := dst[s*kb : (s+nr)*kb]
		w := min(nr, nb-s)
		if transB {
			// op(B)[p,j] = b[j·ldb+p]
			packPanel(panel, nr, w, kb, 1, b[(jc+s)*ldb+pc:], ldb, true)
		} else {
			// op(B)[p,j] = b[p·ldb+j]
			packPanel(panel, nr, w, kb, 1, b[pc*ldb+jc+s:], ldb, false)
		}
	}
}

// packPanel packs h vectors of length kb, times alpha, into one panel of width
// w ≥ h, the i-th entries of step p adjacent:
//
//	panel[p·w + i] = alpha·v_i[p]    for 0 ≤ p < kb, 0 ≤ i < h;  0 for h ≤ i < w,
//
// where v_i[p] = src[i·ld + p] if vectorsContiguous, else src[p·ld + i].
func packPanel[T Float](panel []T, w, h, kb int, alpha T, src []T, ld int, vectorsContiguous bool) {
	panel = panel[:w*kb]
	if !vectorsContiguous {
		// Step p reads h adjacent values and writes them adjacent.
		if alpha == 1 && copySteps(panel, w, h, kb, src, ld) {
			return
		}
		for p := range kb {
			step := panel[p*w : p*w+w]
			values := src[p*ld:][:h]
			if alpha == 1 && h >= 8 {
				copy(step, values)
			} else {
				step := step[:len(values)]
				for i, v := range values {
					step[i] = alpha * v
				}
			}
			if h < w {
				clear(step[h:])
			}
		}
		return
	}
	// Vector i is contiguous: read four of them at a time, write four adjacent values.
	i := 0
	for ; i+4 <= h; i += 4 {
		gather4(panel[i:], w, kb, alpha, src[i*ld:], ld)
	}
	for ; i < h; i++ {
		for p, v := range src[i*ld:][:kb] {
			panel[p*w+i] = alpha * v
		}
	}
	for ; i < w; i++ {
		for p := range kb {
			panel[p*w+i] = 0
		}
	}
}

// gather4 packs four contiguous vectors of length kb, times alpha, into four
// adjacent columns of a panel of width w:
//
//	panel[p·w + i] = alpha·src[i·ld + p]    for 0 ≤ p < kb, 0 ≤ i < 4.
//
// It walks pointers instead of indexing: the compiler cannot drop the bounds checks
// of the indexed loop, which then ran 20 to 30% slower (BenchmarkPack). The two index
// expressions at the top check the last element each pointer reaches, so that every
// access in the loop is in bounds.
func gather4[T Float](panel []T, w, kb int, alpha T, src []T, ld int) {
	if kb == 0 {
		return
	}
	_ = panel[(kb-1)*w+3]
	_ = src[3*ld+kb-1]
	size := unsafe.Sizeof(alpha)
	dst, v := unsafe.Pointer(unsafe.SliceData(panel)), unsafe.Pointer(unsafe.SliceData(src))
	dstStep, vStep := uintptr(w)*size, uintptr(ld)*size
	// Byte offsets of step p in the panel and in vector 0. They are advanced as
	// integers: a pointer must not point past its allocation, even after the loop.
	var at, from uintptr
	if alpha == 1 {
		for range kb {
			step, x := (*[4]T)(unsafe.Add(dst, at)), unsafe.Add(v, from)
			step[0] = *(*T)(x)
			step[1] = *(*T)(unsafe.Add(x, vStep))
			step[2] = *(*T)(unsafe.Add(x, 2*vStep))
			step[3] = *(*T)(unsafe.Add(x, 3*vStep))
			at, from = at+dstStep, from+size
		}
		return
	}
	for range kb {
		step, x := (*[4]T)(unsafe.Add(dst, at)), unsafe.Add(v, from)
		step[0] = alpha * *(*T)(x)
		step[1] = alpha * *(*T)(unsafe.Add(x, vStep))
		step[2] = alpha * *(*T)(unsafe.Add(x, 2*vStep))
		step[3] = alpha * *(*T)(unsafe.Add(x, 3*vStep))
		at, from = at+dstStep, from+size
	}
}

// copySteps packs h ≤ w adjacent values per step, for kb steps, when h values take
// 48, 64, 96 or 128 bytes, the panel widths of the assembly tiles:
//
//	panel[p·w + i] = src[p·ld + i]    for 0 ≤ p < kb, 0 ≤ i < h;  0 for h ≤ i < w.
//
// It reports false, doing nothing, for other sizes. Each step is one memmove of a
// constant size, without the slicing and bounds checks of copy on subslices: packing
// B ran 10 to 25% faster (BenchmarkPack).
func copySteps[T Float](panel []T, w, h, kb int, src []T, ld int) bool {
	switch uintptr(h) * unsafe.Sizeof(T(0)) {
	case 128:
		copyRows[[128]byte](panel, w, h, kb, src, ld)
	case 96:
		copyRows[[96]byte](panel, w, h, kb, src, ld)
	case 64:
		copyRows[[64]byte](panel, w, h, kb, src, ld)
	case 48:
		copyRows[[48]byte](panel, w, h, kb, src, ld)
	default:
		return false
	}
	return true
}

// copyRows is copySteps for rows of the size of R. Like gather4, it walks pointers;
// the index expressions at the top check the last element it reads and writes.
func copyRows[R any, T Float](panel []T, w, h, kb int, src []T, ld int) {
	if kb == 0 {
		return
	}
	_ = panel[(kb-1)*w+w-1]
	_ = src[(kb-1)*ld+h-1]
	size := unsafe.Sizeof(T(0))
	dst, row := unsafe.Pointer(unsafe.SliceData(panel)), unsafe.Pointer(unsafe.SliceData(src))
	var at, from uintptr // byte offsets of step p, advanced as integers (see gather4)
	for range kb {
		*(*R)(unsafe.Add(dst, at)) = *(*R)(unsafe.Add(row, from))
		at, from = at+uintptr(w)*size, from+uintptr(ld)*size
	}
	if h < w {
		for p := range kb {
			clear(panel[p*w+h : p*w+w])
		}
	}
}

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

// gemmSmall is the product for tiny sizes: no packing, no allocation, no goroutines.
// It reads A and B in place through strides,
//
//	op(A)[i,p] = a[i·rowA + p·stepA],    op(B)[p,j] = b[p·stepB + j·colB],
//
// and computes C in 4×2 blocks of register accumulators (single entries at the right
// and bottom edges): C[i,j] ← alpha·(Σ_p op(A)[i,p]·op(B)[p,j]) + beta·C[i,j], the sum
// in order of p.
func gemmSmall[T Float](transA, transB bool, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) {
	rowA, stepA := lda, 1
	if transA {
		rowA, stepA = 1, lda
	}
	stepB, colB := ldb, 1
	if transB {
		stepB, colB = 1, ldb
	}
	i := 0
	for ; i+4 <= m; i += 4 {
		j := 0
		for ; j+2 <= n; j += 2 {
			var c00, c01, c10, c11, c20, c21, c30, c31 T
			at, bt := i*rowA, j*colB // A[i,p] and B[p,j]
			for range k {
				a0, a1, a2, a3 := a[at], a[at+rowA], a[at+2*rowA], a[at+3*rowA]
				b0, b1 := b[bt], b[bt+colB]
				c00 += a0 * b0
				c01 += a0 * b1
				c10 += a1 * b0
				c11 += a1 * b1
				c20 += a2 * b0
				c21 += a2 * b1
				c30 += a3 * b0
				c31 += a3 * b1
				at += stepA
				bt += stepB
			}
			smallStore(alpha, beta, c00, c01, c[i*ldc+j:])
			smallStore(alpha, beta, c10, c11, c[(i+1)*ldc+j:])
			smallStore(alpha, beta, c20, c21, c[(i+2)*ldc+j:])
			smallStore(alpha, beta, c30, c31, c[(i+3)*ldc+j:])
		}
		for ; j < n; j++ {
			for r := i; r < i+4; r++ {
				smallDot(alpha, beta, a[r*rowA:], stepA, b[j*colB:], stepB, k, c[r*ldc+j:])
			}
		}
	}
	for ; i < m; i++ {
		for j := range n {
			smallDot(alpha, beta, a[i*rowA:], stepA, b[j*colB:], stepB, k, c[i*ldc+j:])
		}
	}
}

// smallStore sets c[0], c[1] to alpha·s0 + beta·c[0], alpha·s1 + beta·c[1]; with
// beta == 0, to alpha·s0, alpha·s1 without reading c.
func smallStore[T Float](alpha, beta, s0, s1 T, c []T) {
	c = c[:2]
	if beta == 0 {
		c[0], c[1] = alpha*s0, alpha*s1
		return
	}
	c[0] = alpha*s0 + beta*c[0]
	c[1] = alpha*s1 + beta*c[1]
}

// smallDot sets c[0] to alpha·Σ_{p<k} x[p·sx]·y[p·sy] + beta·c[0] (not reading c[0]
// when beta == 0).
func smallDot[T Float](alpha, beta T, x []T, sx int, y []T, sy int, k int, c []T) {
	var dot T
	xt, yt := 0, 0
	for range k {
		dot += x[xt] * y[yt]
		xt += sx
		yt += sy
	}
	if beta == 0 {
		c[0] = alpha * dot
		return
	}
	c[0] = alpha*dot + beta*c[0]
}

// Pools of reusable memory, one per element size: packing buffers (*[]T) and jobs.
var packBufs, gemmJobs [2]sync.Pool

// sizeIndex is 0 for float32, 1 for float64.
func sizeIndex[T Float]() int { return int(unsafe.Sizeof(T(0)) / 8) }

// getBuf returns a buffer of length size from pools, allocating only when the pool
// has none large enough.
func getBuf[T Float](pools *[2]sync.Pool, size int) *[]T {
	if buf, _ := pools[sizeIndex[T]()].Get().(*[]T); buf != nil && cap(*buf) >= size {
		*buf = (*buf)[:size]
		return buf
	}
	buf := make([]T, size)
	return &buf
}

func putBuf[T Float](pools *[2]sync.Pool, buf *[]T) { pools[sizeIndex[T]()].Put(buf) }

// getJob returns a job from pool, or a new one.
func getJob[J any](pool *sync.Pool) *J {
	if job, _ := pool.Get().(*J); job != nil {
		return job
	}
	return new(J)
}
