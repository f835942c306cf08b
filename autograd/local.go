package autograd

import "github.com/deeptheory/deeptheory/tensor"

// LocallyConnected2D is Conv2D with unshared weights: every output position
// (i, j) has its own filters. x is [N, C, H, W], w is [Ho, Wo, O, C, kh, kw],
// b is [O, Ho, Wo] or nil, and
//
//	y[n, o, i, j] = b[o, i, j] + Σ_{c,p,q} w[i, j, o, c, p, q]·xpad[n, c, i·sh + p, j·sw + q].
//
// A composite: Unfold gives cols [N, K, P] (K = C·kh·kw, P = Ho·Wo); permuted
// to [P, N, K] it meets w viewed as [P, O, K] in one batched product per
// position, MatMulT(cols, w, false, true) = [P, N, O], permuted to [N, O, P].
// Gradients follow from those primitives.
func LocallyConnected2D[T Float](x, w, b *Var[T], stride, padding [2]int) *Var[T] {
	xs, ws, bs := x.Shape(), w.Shape(), shapeOrNil(b)
	if len(xs) != 4 || len(ws) != 6 || xs[1] != ws[3] {
		panicf("LocallyConnected2D: shapes %v (x), %v (w), %v (b): want x [N C H W], w [Ho Wo O C kh kw], b [O Ho Wo] or nil", xs, ws, bs)
	}
	win := tensor.Window{Kernel: [2]int{ws[4], ws[5]}, Stride: stride, Padding: padding}
	ho, wo := checkWindow("LocallyConnected2D", win, xs[2], xs[3])
	out := ws[2]
	if ws[0] != ho || ws[1] != wo || b != nil && (len(bs) != 3 || bs[0] != out || bs[1] != ho || bs[2] != wo) {
		panicf("LocallyConnected2D: shapes %v (x), %v (w), %v (b): the output is %d×%d, want w [%d %d O C kh kw], b [O %d %d] or nil",
			xs, ws, bs, ho, wo, ho, wo, ho, wo)
	}
	positions, k := ho*wo, ws[3]*ws[4]*ws[5]
	cols := Permute(Unfold(x, win), 2, 0, 1)                       // [P, N, K]
	y := MatMulT(cols, Reshape(w, positions, out, k), false, true) // [P, N, O]
	y = Reshape(Permute(y, 1, 2, 0), xs[0], out, ho, wo)           // [N, O, Ho, Wo]
	if b != nil {
		y = Add(y, b)
	}
	return y
}

// LocallyConnected1D is Conv1D with unshared weights (no padding): x is
// [N, C, L], w is [Lout, O, C, k], b is [O, Lout] or nil, and
//
//	y[n, o, l] = b[o, l] + Σ_{c,j} w[l, o, c, j]·x[n, c, l·stride + j].
//
// A composite: LocallyConnected2D on x viewed as [N, C, 1, L].
func LocallyConnected1D[T Float](x, w, b *Var[T], stride int) *Var[T] {
	xs, ws, bs := x.Shape(), w.Shape(), shapeOrNil(b)
	if len(xs) != 3 || len(ws) != 4 || xs[1] != ws[2] {
		panicf("LocallyConnected1D: shapes %v (x), %v (w), %v (b): want x [N C L], w [Lout O C k], b [O Lout] or nil", xs, ws, bs)
	}
	_, lout := checkWindow("LocallyConnected1D", tensor.Window1D(ws[3], stride, 0), 1, xs[2])
	if ws[0] != lout || b != nil && (len(bs) != 2 || bs[0] != ws[1] || bs[1] != lout) {
		panicf("LocallyConnected1D: shapes %v (x), %v (w), %v (b): the output has length %d, want w [%d O C k], b [O %d] or nil",
			xs, ws, bs, lout, lout, lout)
	}
	var b2 *Var[T]
	if b != nil {
		b2 = Reshape(b, ws[1], 1, lout)
	}
	y := LocallyConnected2D(Reshape(x, xs[0], xs[1], 1, xs[2]), Reshape(w, 1, lout, ws[1], ws[2], 1, ws[3]), b2,
		[2]int{1, stride}, [2]int{0, 0})
	return Reshape(y, xs[0], ws[1], lout)
}
