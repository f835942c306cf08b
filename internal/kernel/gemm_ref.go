package kernel

// GemmRef computes C ← alpha·op(A)·op(B) + beta·C with the same arguments and
// conventions as Gemm, by the definition: for each row i of C, scale it by beta, then
// for p = 0, 1, ..., k-1 add (alpha·op(A)[i,p])·op(B)[p,j] to C[i,j] for every j.
// No blocking, no packing, no goroutines: it is the oracle Gemm is tested against.
func GemmRef[T Float](transA, transB bool, m, n, k int, alpha T, a []T, lda int, b []T, ldb int, beta T, c []T, ldc int) {
	checkGemm("GemmRef", transA, transB, m, n, k, len(a), lda, len(b), ldb, len(c), ldc)
	for i := range m {
		for j := range n {
			if beta == 0 {
				c[i*ldc+j] = 0 // C's old value is not read, even if it is NaN
			} else {
				c[i*ldc+j] *= beta
			}
		}
		if alpha == 0 {
			continue // A and B are not read
		}
		for p := range k {
			aip := alpha * opAt(transA, a, lda, i, p)
			for j := range n {
				c[i*ldc+j] += aip * opAt(transB, b, ldb, p, j)
			}
		}
	}
}

// opAt returns op(X)[r, q] for X stored row-major with leading dimension ld:
// X[r, q] = x[r·ld + q], or Xᵀ[r, q] = x[q·ld + r] when trans.
func opAt[T Float](trans bool, x []T, ld, r, q int) T {
	if trans {
		return x[q*ld+r]
	}
	return x[r*ld+q]
}
