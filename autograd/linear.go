package autograd

import "github.com/deeptheory/deeptheory/tensor"

// Linear returns the affine map y = x·wᵀ + b of a batch: x is [N, in], w is
// [out, in] (PyTorch's layout), b is [out] or nil, and
//
//	y[n, o] = Σᵢ x[n, i]·w[o, i] + b[o].
//
// Without b it is MatMulT(x, w, false, true), the product reading w
// transposed in place. With b it is a primitive that starts y as b in every
// row and adds the product onto it in the GEMM, saving the pass of a separate
// Add (the composite MatMulT, then Add of b, is its test oracle).
// Gradient: x̄ = ḡ·w, w̄ = ḡᵀ·x, b̄ = Σₙ ḡ[n, ·].
func Linear[T Float](x, w, b *Var[T]) *Var[T] {
	xs, ws := x.Shape(), w.Shape()
	if len(xs) != 2 || len(ws) != 2 || xs[1] != ws[1] || b != nil && (len(b.Shape()) != 1 || b.Shape()[0] != ws[0]) {
		panicf("Linear: shapes %v (x), %v (w), %v (b): want x [N in], w [out in], b [out] or nil", xs, ws, shapeOrNil(b))
	}
	if b == nil {
		return MatMulT(x, w, false, true)
	}
	tp := tapeOf("Linear", x, w, b)
	y := tensor.BroadcastToInto(tp.allocUncleared(xs[0], ws[0]), b.value)
	tensor.MatMulAddInto(y, x.value, w.value, false, true)
	return tp.recordOp(y, linearOp[T]{}, 0, 0, x, w, b)
}

type linearOp[T Float] struct{}

func (linearOp[T]) vjp(n *node[T], g *Var[T]) (d vjps[T]) {
	x, w, b := n.inputs[0], n.inputs[1], n.inputs[2]
	if x.Recorded() {
		d[0] = MatMul(g, w)
	}
	if w.Recorded() {
		d[1] = MatMulT(g, x, true, false)
	}
	if b.Recorded() {
		d[2] = SumTo(g, b.Shape()...)
	}
	return d
}
