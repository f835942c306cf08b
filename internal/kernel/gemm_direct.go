package kernel

import "runtime"

// The direct path of Gemm: products too small, or too thin in k, to repay packing.
//
// A direct kernel (tile.go) reads op(A) through its strides where it lies, and op(B)
// row by row where its rows are contiguous (B not transposed); a transposed B is
// packed first into panels of nr columns (the last one narrower), which the kernel
// reads the same way. So nothing is packed for A·B or Aᵀ·B, and C's edges need no
// scratch: the kernel masks off the columns past n, has a variant for every row
// count, and one that does half the work for at most nr/2 columns.
//
// Order of summation: every C[i,j] is beta·C[i,j] (C scaled first), then
// alpha·(Σ_{p<k} op(A)[i,p]·op(B)[p,j]) + that, the sum in order of p in one
// accumulator, fused; with beta = 0, just alpha·Σ (C is not read). It does not depend
// on where the tile of C[i,j] lies, so cutting C among goroutines changes no bit.

// useDirect reports whether an m×n×k product with elements of size bytes takes the
// direct path (when there is a direct kernel): when op(A), which the kernel reads
// once for every nr columns of C, fits in L2, and either k ≤ directMaxK (a panel of
// B, k rows of nr values, then stays near L1 while A passes by) or the product is
// small (m·n·k ≤ directSmallWork), so that packing would cost more than cache misses.
//
// Measured here (TestGemmCPUTime: one goroutine, thread CPU time, AVX-512F, a busy
// machine), the direct path beat the packed one on every cube from n = 16 to 512 in
// float32 (n = 64: 2.7 against 4.9 µs; n = 256: 149 against 177 µs; n = 512: 1.31
// against 1.41 ms) and to 384 in float64, and on every product of the LeNet step's
// convolutions (1.2 to 2.3 times as fast). It lost at n = 1024 (137 against 169
// GFLOP/s in float32: A's rows, 4 KiB apart, fall into the same L1 sets) and on the
// dense layer's 64×128×3136 and 3136×128×64 in float64 (by 10-15%): these bounds send
// them to the packed path. On two goroutines (BenchmarkGemmShapes -cpu 2, runs
// interleaved) it won at n = 128 to 512 in float32 and 128 to 256 in float64.
func useDirect(m, n, k, size int) bool {
	return float64(m)*float64(k)*float64(size) <= l2Bytes &&
		(k <= directMaxK || work(m, n, k) <= directSmallWork)
}

const (
	directMaxK      = 512
	directSmallWork = 1 << 21
)

// gemmDirect is the direct path, on as many goroutines as its size warrants (at most
// GOMAXPROCS), with the thresholds of gemmPacked. It needs m, n, k > 0.
func gemmDirect[T Float](dk direct[T], transA, transB bool, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) {
	parts, wake := 1, false
	if w := work(m, n, k) / float64(warmWorkPerLane*dk.mr*dk.nr); w >= 2 {
		parts = min(runtime.GOMAXPROCS(0), int(w))
		wake = work(m, n, k) >= float64(2*coldWorkPerLane*dk.mr*dk.nr)
	}
	gemmDirectSplit(dk, parts, wake, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
}

// gemmDirectSplit cuts C into at most parts parts of whole tiles and runs the direct
// loops on each, in parallel: by parallelRun if wake, else by parallelRunWarm. It
// needs m, n, k > 0.
func gemmDirectSplit[T Float](dk direct[T], parts int, wake bool, transA, transB bool, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) {
	rowTiles, colTiles := ceilDiv(m, dk.mr), ceilDiv(n, dk.nr)
	if parts = max(min(parts, max(rowTiles, colTiles)), 1); parts == 1 {
		var job directJob[T] // on the stack: no pool, no interface
		buf := job.init(dk, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
		job.block(0, m, 0, n)
		if buf != nil {
			putBuf(&packBufs, buf)
		}
		return
	}
	job := getJob[directJob[T]](&directJobs[sizeIndex[T]()])
	buf := job.init(dk, transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc)
	if wake {
		parallelRun(job, parts)
	} else {
		parallelRunWarm(job, parts)
	}
	if buf != nil {
		putBuf(&packBufs, buf)
	}
	*job = directJob[T]{} // hold on to no matrices
	directJobs[sizeIndex[T]()].Put(job)
}

// init sets up j for the product and returns the buffer it packed op(B) into, if B
// is transposed (nil otherwise), for the caller to put back once the job is done.
func (j *directJob[T]) init(dk direct[T], transA, transB bool, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) *[]T {
	*j = directJob[T]{dk: dk, m: m, n: n, k: k, alpha: alpha, beta: beta, a: a, b: b, c: c,
		rsA: lda, csA: 1, ldb: ldb, ldc: ldc}
	if transA {
		j.rsA, j.csA = 1, lda
	}
	var buf *[]T
	if transB {
		// op(B) as panels of nr columns, the last one narrower: panel q holds
		// columns [q·nr, q·nr+w), w = min(nr, n-q·nr), row p at q·nr·k + p·w. (The
		// kernel masks off the columns past w: no zero padding.)
		buf = getBuf[T](&packBufs, n*k)
		for s := 0; s < n; s += dk.nr {
			w := min(dk.nr, n-s)
			packPanel((*buf)[s*k:], w, w, k, 1, b[s*ldb:], ldb, true)
		}
		j.b, j.panels = *buf, true
	}
	rowTiles, colTiles := ceilDiv(m, dk.mr), ceilDiv(n, dk.nr)
	j.byRows = rowTiles >= colTiles
	j.tiles = max(rowTiles, colTiles)
	return buf
}

// A directJob is a direct product cut into parts along the rows (or columns) of C, at
// multiples of mr rows (nr columns).
type directJob[T Float] struct {
	dk          direct[T]
	m, n, k     int
	alpha, beta T
	a, b, c     []T
	rsA, csA    int  // op(A)[i,p] = a[i·rsA + p·csA]
	ldb, ldc    int  // op(B)[p,j] = b[p·ldb + j], or in panels
	panels      bool // b holds op(B) in panels of nr columns, ldb = nr
	byRows      bool // cut C by rows, else by columns
	tiles       int  // tile rows (or columns) of C, to deal out
}

// run computes part number part of parts.
func (j *directJob[T]) run(part, parts int) {
	if j.byRows {
		lo, hi := dealRange(j.tiles, part, parts, j.dk.mr, j.m)
		j.block(lo, hi, 0, j.n)
		return
	}
	lo, hi := dealRange(j.tiles, part, parts, j.dk.nr, j.n)
	j.block(0, j.m, lo, hi)
}

// block computes rows [i0, i1) and columns [j0, j1) of C, j0 a multiple of nr: the
// column panels in the outer loop, so that each panel of B, kc·nr values, stays in L1
// while A passes by.
func (j *directJob[T]) block(i0, i1, j0, j1 int) {
	if i0 >= i1 || j0 >= j1 {
		return
	}
	mr, nr, k := j.dk.mr, j.dk.nr, j.k
	over := j.beta == 0 // C ← alpha·acc, not read
	if !over {
		scaleMatrix(j.beta, i1-i0, j1-j0, j.c[i0*j.ldc+j0:], j.ldc)
	}
	for jr := j0; jr < j1; jr += nr {
		cols := min(nr, j1-jr)
		b, ldb := j.b[jr:], j.ldb
		if j.panels {
			b, ldb = j.b[jr*k:], cols
		}
		for ir := i0; ir < i1; ir += mr {
			rows := min(mr, i1-ir)
			j.dk.fn(rows, cols, k, j.a[ir*j.rsA:], j.rsA, j.csA, b, ldb, j.c[ir*j.ldc+jr:], j.ldc, j.alpha, over)
		}
	}
}
