package kernel

import "runtime"

// The direct path of Gemm: products too small, or too thin in k, to repay packing.
//
// A direct kernel (tile.go) reads op(A) through its strides where it lies, and op(B)
// row by row where its rows are contiguous (B not transposed); a transposed B is
// packed first into panels of nr columns, which the kernel reads the same way (row
// stride nr). So nothing is packed for A·B or Aᵀ·B, and C's edges need no scratch: the
// kernel masks off the columns past n and has a variant for every row count.
//
// Order of summation: every C[i,j] is beta·C[i,j] (C scaled first), then
// alpha·(Σ_{p<k} op(A)[i,p]·op(B)[p,j]) + that, the sum in order of p in one
// accumulator, fused. It does not depend on where the tile of C[i,j] lies, so cutting
// C among goroutines changes no bit.

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
	job := getJob[directJob[T]](&directJobs[sizeIndex[T]()])
	*job = directJob[T]{dk: dk, m: m, n: n, k: k, alpha: alpha, beta: beta, a: a, b: b, c: c,
		rsA: lda, csA: 1, ldb: ldb, ldc: ldc}
	if transA {
		job.rsA, job.csA = 1, lda
	}
	var buf *[]T
	if transB {
		// op(B) as panels of nr columns: panel q holds columns [q·nr, q·nr+nr), row p at
		// q·nr·k + p·nr.
		buf = getBuf[T](&packBufs, ceilDiv(n, dk.nr)*dk.nr*k)
		packB(true, b, ldb, 0, 0, k, n, dk.nr, *buf)
		job.b, job.ldb, job.panels = *buf, dk.nr, true
	}
	rowTiles, colTiles := ceilDiv(m, dk.mr), ceilDiv(n, dk.nr)
	job.byRows = rowTiles >= colTiles
	job.tiles = max(rowTiles, colTiles)
	parts = max(min(parts, job.tiles), 1)
	switch {
	case parts == 1:
		job.run(0, 1)
	case wake:
		parallelRun(job, parts)
	default:
		parallelRunWarm(job, parts)
	}
	if buf != nil {
		putBuf(&packBufs, buf)
	}
	*job = directJob[T]{} // hold on to no matrices
	directJobs[sizeIndex[T]()].Put(job)
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
	scaleMatrix(j.beta, i1-i0, j1-j0, j.c[i0*j.ldc+j0:], j.ldc)
	for jr := j0; jr < j1; jr += nr {
		cols := min(nr, j1-jr)
		b := j.b[jr:]
		if j.panels {
			b = j.b[jr*k:]
		}
		for ir := i0; ir < i1; ir += mr {
			rows := min(mr, i1-ir)
			j.dk.fn(rows, cols, k, j.a[ir*j.rsA:], j.rsA, j.csA, b, j.ldb, j.c[ir*j.ldc+jr:], j.ldc, j.alpha)
		}
	}
}
