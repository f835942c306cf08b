package kernel

import "unsafe"

// The small-matrix path of Gemm: products too small to repay packing.

// gemmSmall is the product for tiny sizes: no packing, no allocation, no goroutines.
// It reads A and B in place through strides,
//
//	op(A)[i,p] = a[i·rowA + p·stepA],    op(B)[p,j] = b[p·stepB + j·colB],
//
// and computes C in 4×2 blocks of register accumulators (4×1 blocks at the right
// edge, 1×4 and 1×2 blocks at the bottom, a single entry in the corner; an outer
// product when k = 1):
//
//	C[i,j] ← alpha·(Σ_p op(A)[i,p]·op(B)[p,j]) + beta·C[i,j],
//
// the sum in order of p from an accumulator at 0, whatever the block
// (TestGemmSmallBits). The 4×2 and 4×1 blocks walk pointers (small4x2): with
// their bounds checks the tiny network's step took 7% longer (BenchmarkTinyStep,
// 2.31 against 2.16 µs, medians of eight interleaved runs).
func gemmSmall[T Float](transA, transB bool, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) {
	rowA, stepA := lda, 1
	if transA {
		rowA, stepA = 1, lda
	}
	stepB, colB := ldb, 1
	if transB {
		stepB, colB = 1, ldb
	}
	if k == 1 && colB == 1 {
		smallOuter(m, n, alpha, a, rowA, b[:n], beta, c, ldc)
		return
	}
	i := 0
	for ; i+4 <= m; i += 4 {
		j := 0
		for ; j+2 <= n; j += 2 {
			c00, c01, c10, c11, c20, c21, c30, c31 := small4x2(k, a, i*rowA, rowA, stepA, b, j*colB, colB, stepB)
			smallStore(alpha, beta, c00, c01, c[i*ldc+j:])
			smallStore(alpha, beta, c10, c11, c[(i+1)*ldc+j:])
			smallStore(alpha, beta, c20, c21, c[(i+2)*ldc+j:])
			smallStore(alpha, beta, c30, c31, c[(i+3)*ldc+j:])
		}
		if j < n { // the last column (n odd): a 4×1 block
			c0, c1, c2, c3 := small4x1(k, a, i*rowA, rowA, stepA, b, j*colB, stepB)
			smallStore1(alpha, beta, c0, c[i*ldc+j:])
			smallStore1(alpha, beta, c1, c[(i+1)*ldc+j:])
			smallStore1(alpha, beta, c2, c[(i+2)*ldc+j:])
			smallStore1(alpha, beta, c3, c[(i+3)*ldc+j:])
		}
	}
	for ; i < m; i++ { // the last rows: 1×4 and 1×2 blocks, then a single entry
		j := 0
		for ; j+4 <= n; j += 4 { // four chains of adds: a single row is latency-bound
			var c0, c1, c2, c3 T
			at, bt := i*rowA, j*colB
			for range k {
				av := a[at]
				c0 += av * b[bt]
				c1 += av * b[bt+colB]
				c2 += av * b[bt+2*colB]
				c3 += av * b[bt+3*colB]
				at += stepA
				bt += stepB
			}
			smallStore(alpha, beta, c0, c1, c[i*ldc+j:])
			smallStore(alpha, beta, c2, c3, c[i*ldc+j+2:])
		}
		for ; j+2 <= n; j += 2 {
			var c0, c1 T
			at, bt := i*rowA, j*colB
			for range k {
				av := a[at]
				c0 += av * b[bt]
				c1 += av * b[bt+colB]
				at += stepA
				bt += stepB
			}
			smallStore(alpha, beta, c0, c1, c[i*ldc+j:])
		}
		if j < n {
			smallDot(alpha, beta, a[i*rowA:], stepA, b[j*colB:], stepB, k, c[i*ldc+j:])
		}
	}
}

// smallStore1 sets c[0] to alpha·s + beta·c[0] (alpha·s without reading c
// when beta == 0).
func smallStore1[T Float](alpha, beta, s T, c []T) {
	if beta == 0 {
		c[0] = alpha * s
		return
	}
	c[0] = alpha*s + beta*c[0]
}

// smallStore sets c[0], c[1] to alpha·s0 + beta·c[0], alpha·s1 + beta·c[1]; with
// beta == 0, to alpha·s0, alpha·s1 without reading c.
func smallStore[T Float](alpha, beta, s0, s1 T, c []T) {
	c = c[:2]
	if beta == 0 && alpha == 1 { // 1·s is s: the same bits, two multiplications fewer
		c[0], c[1] = s0, s1
		return
	}
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

// mac4x2 is one step p of a 4×2 block: it returns c_ij + a_i·b_j for the eight
// accumulators. Inlined here it compiles to the same code as the sums written out
// (checked on the compiler's -S output). goKernel4x2 keeps its sums written out:
// with mac4x2 the compiler computes all eight products before the adds in every
// unrolled step, the tile's frame grows from 56 to 184 bytes of spills, and the
// driver at n = 256 on one core ran at 7.2/6.9 GFLOP/s f32/f64 instead of
// 7.8/9.4 (best of 7 interleaved runs of BenchmarkGemm/go-f*/256, purego).
func mac4x2[T Float](c00, c01, c10, c11, c20, c21, c30, c31, a0, a1, a2, a3, b0, b1 T) (T, T, T, T, T, T, T, T) {
	return c00 + a0*b0, c01 + a0*b1, c10 + a1*b0, c11 + a1*b1,
		c20 + a2*b0, c21 + a2*b1, c30 + a3*b0, c31 + a3*b1
}

// smallOuter is gemmSmall for k = 1 and a contiguous row of B, the outer
// product C[i,j] ← alpha·(0 + a[i·rowA]·b[j]) + beta·C[i,j], row by row: the
// blocked loops' sums (an accumulator starting at 0) without their per-block
// set-up, which costs more than the one product per entry.
func smallOuter[T Float](m, n int, alpha T, a []T, rowA int, b []T, beta T, c []T, ldc int) {
	for i := range m {
		av, row := a[i*rowA], c[i*ldc:i*ldc+len(b)]
		if beta == 0 && alpha == 1 { // the same bits without the product by 1
			for j, bv := range b {
				row[j] = 0 + av*bv
			}
			continue
		}
		if beta == 0 {
			for j, bv := range b {
				row[j] = alpha * (0 + av*bv)
			}
			continue
		}
		for j, bv := range b {
			row[j] = alpha*(0+av*bv) + beta*row[j]
		}
	}
}

// small4x2 returns the eight sums of a 4×2 block of gemmSmall,
//
//	c_rs = Σ_{p<k} a[at + r·rowA + p·stepA] · b[bt + s·colB + p·stepB],   r < 4, s < 2,
//
// each in order of p from 0. It walks byte offsets instead of indexing (as
// gather4 does): the strides are not negative, so the two index expressions at
// the top, the last element each walk reaches, check every access of the loop,
// and the loop carries no bounds checks. Pointers are formed only to elements
// it reads.
func small4x2[T Float](k int, a []T, at, rowA, stepA int, b []T, bt, colB, stepB int) (c00, c01, c10, c11, c20, c21, c30, c31 T) {
	_ = a[at+3*rowA+(k-1)*stepA]
	_ = b[bt+colB+(k-1)*stepB]
	size := unsafe.Sizeof(c00)
	pa, pb := unsafe.Pointer(unsafe.SliceData(a)), unsafe.Pointer(unsafe.SliceData(b))
	rowBytes, colBytes := uintptr(rowA)*size, uintptr(colB)*size
	stepABytes, stepBBytes := uintptr(stepA)*size, uintptr(stepB)*size
	offA, offB := uintptr(at)*size, uintptr(bt)*size
	for range k {
		x, y := unsafe.Add(pa, offA), unsafe.Add(pb, offB)
		a0, a1 := *(*T)(x), *(*T)(unsafe.Add(x, rowBytes))
		a2, a3 := *(*T)(unsafe.Add(x, 2*rowBytes)), *(*T)(unsafe.Add(x, 3*rowBytes))
		b0, b1 := *(*T)(y), *(*T)(unsafe.Add(y, colBytes))
		c00, c01, c10, c11, c20, c21, c30, c31 = mac4x2(c00, c01, c10, c11, c20, c21, c30, c31, a0, a1, a2, a3, b0, b1)
		offA += stepABytes
		offB += stepBBytes
	}
	return
}

// small4x1 returns the four sums of a 4×1 block of gemmSmall, as small4x2
// does for one column:
//
//	c_r = Σ_{p<k} a[at + r·rowA + p·stepA] · b[bt + p·stepB],   r < 4.
func small4x1[T Float](k int, a []T, at, rowA, stepA int, b []T, bt, stepB int) (c0, c1, c2, c3 T) {
	_ = a[at+3*rowA+(k-1)*stepA]
	_ = b[bt+(k-1)*stepB]
	size := unsafe.Sizeof(c0)
	pa, pb := unsafe.Pointer(unsafe.SliceData(a)), unsafe.Pointer(unsafe.SliceData(b))
	rowBytes := uintptr(rowA) * size
	stepABytes, stepBBytes := uintptr(stepA)*size, uintptr(stepB)*size
	offA, offB := uintptr(at)*size, uintptr(bt)*size
	for range k {
		x, bv := unsafe.Add(pa, offA), *(*T)(unsafe.Add(pb, offB))
		c0 += *(*T)(x) * bv
		c1 += *(*T)(unsafe.Add(x, rowBytes)) * bv
		c2 += *(*T)(unsafe.Add(x, 2*rowBytes)) * bv
		c3 += *(*T)(unsafe.Add(x, 3*rowBytes)) * bv
		offA += stepABytes
		offB += stepBBytes
	}
	return
}
