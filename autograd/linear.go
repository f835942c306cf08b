package autograd

// Linear returns the affine map y = x·wᵀ + b of a batch: x is [N, in], w is
// [out, in] (PyTorch's layout), b is [out] or nil, and
//
//	y[n, o] = Σᵢ x[n, i]·w[o, i] + b[o].
//
// A composite: MatMulT reads w transposed in place, then b is added with
// broadcasting. Gradient: x̄ = ḡ·w, w̄ = ḡᵀ·x, b̄ = Σₙ ḡ[n, ·].
func Linear[T Float](x, w, b *Var[T]) *Var[T] {
	xs, ws := x.Shape(), w.Shape()
	if len(xs) != 2 || len(ws) != 2 || xs[1] != ws[1] || b != nil && (len(b.Shape()) != 1 || b.Shape()[0] != ws[0]) {
		var bs []int
		if b != nil {
			bs = b.Shape()
		}
		panicf("Linear: shapes %v (x), %v (w), %v (b): want x [N in], w [out in], b [out] or nil", xs, ws, bs)
	}
	y := MatMulT(x, w, false, true)
	if b != nil {
		y = Add(y, b)
	}
	return y
}
