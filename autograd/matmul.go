package autograd

import (
	"github.com/deeptheory/deeptheory/internal/shapes"
	"github.com/deeptheory/deeptheory/tensor"
)

// MatMul returns the matrix product a·b: 2-D, or batched over leading
// dimensions that broadcast (see tensor.MatMul).
func MatMul[T Float](a, b *Var[T]) *Var[T] { return MatMulT(a, b, false, false) }

// MatMulT returns y = op(a)·op(b), where op transposes the last two dimensions
// when its flag is set; the kernel reads transposed operands in place.
// Gradient (per matrix of the batch, then summed over broadcast batch dimensions):
//
//	ā = ḡ·op(b)ᵀ, or op(b)·ḡᵀ when transA;   b̄ = op(a)ᵀ·ḡ, or ḡᵀ·op(a) when transB.
func MatMulT[T Float](a, b *Var[T], transA, transB bool) *Var[T] {
	tp := tapeOf("MatMul", a, b)
	shape := matmulShape(tp.shapeBuf(), a.Shape(), b.Shape(), transA, transB)
	y := tensor.MatMulInto(tp.allocUncleared(shape...), a.value, b.value, transA, transB)
	flags := 0
	if transA {
		flags |= transAFlag
	}
	if transB {
		flags |= transBFlag
	}
	return tp.recordOp(y, matMulOp[T]{}, 0, flags, a, b)
}

// MatMulT's transpose flags, as a node's k.
const (
	transAFlag = 1 << iota
	transBFlag
)

type matMulOp[T Float] struct{}

func (matMulOp[T]) vjp(n *node[T], g *Var[T]) (d vjps[T]) {
	a, b := n.inputs[0], n.inputs[1]
	transA, transB := n.k&transAFlag != 0, n.k&transBFlag != 0
	if a.Recorded() {
		var ga *Var[T]
		if transA {
			ga = MatMulT(b, g, transB, true)
		} else {
			ga = MatMulT(g, b, false, !transB)
		}
		d[0] = SumTo(ga, a.Shape()...)
	}
	if b.Recorded() {
		var gb *Var[T]
		if transB {
			gb = MatMulT(g, a, true, transA)
		} else {
			gb = MatMulT(a, g, !transA, false)
		}
		d[1] = SumTo(gb, b.Shape()...)
	}
	return d
}

// matmulShape appends the output shape of op(a)·op(b) to dst and returns it;
// tensor.MatMulInto checks the shapes and panics with a message if they do
// not agree. (dst lets the caller reuse the tape's buffer.)
func matmulShape(dst, a, b []int, transA, transB bool) []int {
	if len(a) < 2 || len(b) < 2 {
		return tensor.MatMulT(tensor.Zeros[float32](a...), tensor.Zeros[float32](b...), transA, transB).Shape()
	}
	m, n := a[len(a)-2], b[len(b)-1]
	if transA {
		m = a[len(a)-1]
	}
	if transB {
		n = b[len(b)-2]
	}
	if len(a) == 2 && len(b) == 2 {
		return append(dst, m, n)
	}
	// Batch dimensions that do not broadcast are left out: MatMulInto reports them.
	dst, _ = shapes.AppendBroadcast(dst, a[:len(a)-2], b[:len(b)-2])
	return append(dst, m, n)
}
