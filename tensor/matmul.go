package tensor

import (
	"fmt"
	"slices"

	"github.com/deeptheory/deeptheory/internal/kernel"
	"github.com/deeptheory/deeptheory/internal/shapes"
)

// MatMul returns the matrix product a·b. For 2-D operands, a is [m,k], b is [k,n]
// and out[i,j] = Σ_p a[i,p]·b[p,j]. Operands with more dimensions are stacks of
// matrices: the leading (batch) dimensions broadcast as in NumPy, and each pair
// of trailing matrices is multiplied.
func MatMul[T Float](a, b *Tensor[T]) *Tensor[T] { return MatMulT(a, b, false, false) }

// MatMulT returns op(a)·op(b), where op transposes the last two dimensions when its
// flag is set. The kernel reads the transposed operand in place: nothing is copied.
func MatMulT[T Float](a, b *Tensor[T], transA, transB bool) *Tensor[T] {
	shape, _ := matmulShape("MatMul", a, b, transA, transB)
	return matmulInto(Zeros[T](shape...), a, b, transA, transB, 0)
}

// MatMulInto stores op(a)·op(b) in dst and returns dst.
func MatMulInto[T Float](dst, a, b *Tensor[T], transA, transB bool) *Tensor[T] {
	return matmulInto(dst, a, b, transA, transB, 0)
}

// MatMulAddInto adds op(a)·op(b) to dst (dst ← dst + op(a)·op(b)) and returns dst.
func MatMulAddInto[T Float](dst, a, b *Tensor[T], transA, transB bool) *Tensor[T] {
	return matmulInto(dst, a, b, transA, transB, 1)
}

// matDims returns the rows and columns of op(x)'s trailing matrix.
func matDims(x []int, trans bool) (rows, cols int) {
	r, c := x[len(x)-2], x[len(x)-1]
	if trans {
		return c, r
	}
	return r, c
}

func matmulShape[T Float](name string, a, b *Tensor[T], transA, transB bool) (shape, batch []int) {
	if len(a.shape) < 2 || len(b.shape) < 2 {
		panic(fmt.Sprintf("tensor: %s: shapes %v and %v: both operands need at least 2 dimensions", name, a.shape, b.shape))
	}
	m, k := matDims(a.shape, transA)
	k2, n := matDims(b.shape, transB)
	if k != k2 {
		panic(fmt.Sprintf("tensor: %s: shapes %v and %v do not agree (transA=%v, transB=%v)", name, a.shape, b.shape, transA, transB))
	}
	batch, ok := BroadcastShapes(a.shape[:len(a.shape)-2], b.shape[:len(b.shape)-2])
	if !ok {
		panic(fmt.Sprintf("tensor: %s: batch dimensions of %v and %v do not broadcast", name, a.shape, b.shape))
	}
	return append(cloneInts(batch), m, n), batch
}

func matmulInto[T Float](dst, a, b *Tensor[T], transA, transB bool, beta T) *Tensor[T] {
	if len(a.shape) == 2 && len(b.shape) == 2 { // the common case, checked without allocating
		m, k := matDims(a.shape, transA)
		k2, n := matDims(b.shape, transB)
		if k == k2 && len(dst.shape) == 2 && dst.shape[0] == m && dst.shape[1] == n {
			kernel.Gemm(transA, transB, m, n, k, 1, a.data, a.shape[1], b.data, b.shape[1], beta, dst.data, n)
			return dst
		}
	}
	shape, batch := matmulShape("MatMul", a, b, transA, transB)
	if !slices.Equal(dst.shape, shape) {
		panic(fmt.Sprintf("tensor: MatMul: destination shape %v, want %v", dst.shape, shape))
	}
	m, k := matDims(a.shape, transA)
	_, n := matDims(b.shape, transB)
	lda, ldb := a.shape[len(a.shape)-1], b.shape[len(b.shape)-1]
	count := shapes.Count(batch)
	if count == 1 {
		kernel.Gemm(transA, transB, m, n, k, 1, a.data, lda, b.data, ldb, beta, dst.data, n)
		return dst
	}
	// Walk the batch: the matrix offsets of a and b follow their own (possibly
	// broadcast) batch shapes.
	sa := broadcastStrides(nil, a.shape[:len(a.shape)-2], batch)
	sb := broadcastStrides(nil, b.shape[:len(b.shape)-2], batch)
	index := make([]int, len(batch))
	sizeA, sizeB, sizeC := m*k, k*n, m*n
	for i := range count {
		offA, offB := 0, 0
		for d, x := range index {
			offA += x * sa[d]
			offB += x * sb[d]
		}
		kernel.Gemm(transA, transB, m, n, k, 1, a.data[offA*sizeA:], lda, b.data[offB*sizeB:], ldb, beta, dst.data[i*sizeC:(i+1)*sizeC], n)
		for d := len(index) - 1; d >= 0; d-- {
			index[d]++
			if index[d] < batch[d] {
				break
			}
			index[d] = 0
		}
	}
	return dst
}
