package autograd

import "github.com/deeptheory/deeptheory/tensor"

// checkWindow panics unless win is a valid window for an h×w input and
// returns the output size.
func checkWindow(op string, win tensor.Window, h, w int) (ho, wo int) {
	if err := win.Check(h, w); err != nil {
		panicf("%s: %v", op, err)
	}
	return win.Out(h, w)
}

// shapeOrNil returns b's shape, or nil for a nil b (an absent bias).
func shapeOrNil[T Float](b *Var[T]) []int {
	if b == nil {
		return nil
	}
	return b.Shape()
}

// Unfold extracts the sliding windows of a batch of images (im2col): x is
// [N, C, H, W] and y is [N, C·kh·kw, Ho·Wo] with
//
//	y[n, (c·kh + p)·kw + q, i·Wo + j] = x[n, c, i·sh + p − ph, j·sw + q − pw]
//
// (zero in the padding), the layout of PyTorch's F.unfold. A primitive.
// Gradient: x̄ = Fold(ḡ, H, W, win), which adds every entry back where it
// was read from.
func Unfold[T Float](x *Var[T], win tensor.Window) *Var[T] {
	shape := x.Shape()
	if len(shape) != 4 {
		panicf("Unfold: shape %v is not [N C H W]", shape)
	}
	n, c, h, w := shape[0], shape[1], shape[2], shape[3]
	ho, wo := checkWindow("Unfold", win, h, w)
	tp := x.tape
	y := tensor.UnfoldInto(tp.allocUncleared(n, c*win.Kernel[0]*win.Kernel[1], ho*wo), x.value, win)
	return tp.record(y, func(g *Var[T]) []*Var[T] { return []*Var[T]{Fold(g, h, w, win)} }, x)
}

// Fold is the adjoint of Unfold (col2im): cols is [N, C·kh·kw, Ho·Wo] for
// h×w images and y is [N, C, h, w] with
//
//	y[n, c, a, b] = Σ cols[n, (c·kh + p)·kw + q, i·Wo + j] over a = i·sh + p − ph, b = j·sw + q − pw
//
// (entries that fall in the padding are dropped). A primitive.
// Gradient: cols̄ = Unfold(ḡ, win).
func Fold[T Float](cols *Var[T], h, w int, win tensor.Window) *Var[T] {
	shape := cols.Shape()
	if len(shape) != 3 {
		panicf("Fold: shape %v is not [N C·kh·kw L]", shape)
	}
	ho, wo := checkWindow("Fold", win, h, w)
	k := win.Kernel[0] * win.Kernel[1]
	if shape[1]%k != 0 || shape[2] != ho*wo {
		panicf("Fold: shape %v does not fit %d×%d images with kernel %v, stride %v, padding %v (want [N C·%d %d])",
			shape, h, w, win.Kernel, win.Stride, win.Padding, k, ho*wo)
	}
	tp := cols.tape
	y := tensor.FoldAddInto(tp.alloc(shape[0], shape[1]/k, h, w), cols.value, win)
	return tp.record(y, func(g *Var[T]) []*Var[T] { return []*Var[T]{Unfold(g, win)} }, cols)
}

// Conv2D returns the 2-D cross-correlation of a batch of images, as PyTorch's
// conv2d: x is [N, C, H, W], w is [O, C, kh, kw], b is [O] or nil, zero
// padding (ph, pw) on each side, and
//
//	y[n, o, i, j] = b[o] + Σ_{c,p,q} w[o, c, p, q]·xpad[n, c, i·sh + p − ph, j·sw + q − pw].
//
// A primitive (tensor.Conv2D: per image, w viewed as [O, C·kh·kw] times the
// image's windows, which are never stored for the whole batch). It equals the
// composite Unfold, MatMul with w viewed as [O, C·kh·kw], Add of b, which the
// tests keep as its oracle. Gradient:
//
//	x̄ = conv2dInput(ḡ, w) = Fold(wᵀ·ḡ),  w̄ = conv2dWeight(x, ḡ) = Σₙ ḡₙ·Unfold(x)ₙᵀ,  b̄ = Σ_{n,i,j} ḡ,
//
// themselves primitives whose rules are convolutions again, so that
// gradients of any order flow.
func Conv2D[T Float](x, w, b *Var[T], stride, padding [2]int) *Var[T] {
	xs, ws, bs := x.Shape(), w.Shape(), shapeOrNil(b)
	if len(xs) != 4 || len(ws) != 4 || xs[1] != ws[1] || b != nil && (len(bs) != 1 || bs[0] != ws[0]) {
		panicf("Conv2D: shapes %v (x), %v (w), %v (b): want x [N C H W], w [O C kh kw], b [O] or nil", xs, ws, bs)
	}
	win := tensor.Window{Kernel: [2]int{ws[2], ws[3]}, Stride: stride, Padding: padding}
	ho, wo := checkWindow("Conv2D", win, xs[2], xs[3])
	inputs := []*Var[T]{x, w, b}
	var bias *tensor.Tensor[T]
	if b == nil {
		inputs = inputs[:2]
	} else {
		bias = b.value
	}
	tp := tapeOf("Conv2D", inputs...)
	y := tensor.Conv2DInto(tp.allocUncleared(xs[0], ws[0], ho, wo), x.value, w.value, bias, win)
	return tp.record(y, func(g *Var[T]) []*Var[T] { return conv2dGrads(x, w, b, g, win) }, inputs...)
}

// conv2dGrads returns the gradients of ⟨g, Conv2D(x, w, b)⟩ for the recorded
// inputs among x, w and b (b may be nil), in that order: conv2dInput(g, w),
// conv2dWeight(x, g), and b̄ = Σ_{n,i,j} g[n, ·, i, j], the value of
// Reshape(SumTo(g, O, 1, 1), O), recorded with that composite's gradient
// (BroadcastTo). They are computed in one pass over g, each recorded as its
// own node.
func conv2dGrads[T Float](x, w, b, g *Var[T], win tensor.Window) []*Var[T] {
	tp := tapeOf("Conv2D", x, w, g)
	var dx, dw, db *tensor.Tensor[T]
	if x.Recorded() {
		dx = tp.allocUncleared(x.Shape()...)
	}
	if w.Recorded() {
		dw = tp.allocUncleared(w.Shape()...)
	}
	if b != nil && b.Recorded() {
		db = tp.allocUncleared(b.Shape()...)
	}
	tensor.Conv2DAdjointInto(dx, dw, db, x.value, w.value, g.value, win)
	grads := make([]*Var[T], 2, 3)
	if dx != nil {
		grads[0] = recordConv2dInput(dx, g, w, win)
	}
	if dw != nil {
		grads[1] = recordConv2dWeight(dw, x, g, win)
	}
	if b != nil {
		grads = append(grads, nil)
	}
	if db != nil {
		out := b.Shape()[0]
		grads[2] = tp.record(db, func(h *Var[T]) []*Var[T] {
			return []*Var[T]{BroadcastTo(Reshape(h, out, 1, 1), g.Shape()...)}
		}, g)
	}
	return grads
}

// conv2dInput returns the gradient of ⟨g, Conv2D(x, w)⟩ with respect to an x
// of h×wd images: the transposed convolution of g [N, O, Ho, Wo],
//
//	y[n, c, a, e] = Σ g[n, o, i, j]·w[o, c, p, q]  over a = i·sh + p − ph, e = j·sw + q − pw,
//
// that is Fold(wᵀ·gₙ) for each image. A primitive, bilinear in (g, w); with
// cotangent h (x's shape), ⟨h, y⟩ = ⟨Conv2D(h, w), g⟩, so the gradient is
//
//	ḡ = Conv2D(h, w),  w̄ = conv2dWeight(h, g).
func conv2dInput[T Float](g, w *Var[T], h, wd int, win tensor.Window) *Var[T] {
	tp := tapeOf("Conv2D", g, w)
	y := tp.allocUncleared(g.Shape()[0], w.Shape()[1], h, wd)
	tensor.Conv2DAdjointInto(y, nil, nil, nil, w.value, g.value, win)
	return recordConv2dInput(y, g, w, win)
}

// recordConv2dInput records y = conv2dInput(g, w), computed by the caller.
func recordConv2dInput[T Float](y *tensor.Tensor[T], g, w *Var[T], win tensor.Window) *Var[T] {
	return tapeOf("Conv2D", g, w).record(y, func(hbar *Var[T]) []*Var[T] {
		var gg, gw *Var[T]
		if g.Recorded() {
			gg = Conv2D(hbar, w, nil, win.Stride, win.Padding)
		}
		if w.Recorded() {
			gw = conv2dWeight(hbar, g, win)
		}
		return []*Var[T]{gg, gw}
	}, g, w)
}

// conv2dWeight returns the gradient of ⟨g, Conv2D(x, w)⟩ with respect to w
// [O, C, kh, kw], for g [N, O, Ho, Wo]:
//
//	y[o, c, p, q] = Σ_{n,i,j} g[n, o, i, j]·x[n, c, i·sh + p − ph, j·sw + q − pw],
//
// that is Σₙ gₙ·Unfold(x)ₙᵀ. A primitive, bilinear in (x, g); with cotangent
// H (w's shape), ⟨H, y⟩ = ⟨g, Conv2D(x, H)⟩, so the gradient is
//
//	x̄ = conv2dInput(g, H),  ḡ = Conv2D(x, H).
func conv2dWeight[T Float](x, g *Var[T], win tensor.Window) *Var[T] {
	tp := tapeOf("Conv2D", x, g)
	y := tp.allocUncleared(g.Shape()[1], x.Shape()[1], win.Kernel[0], win.Kernel[1])
	tensor.Conv2DAdjointInto(nil, y, nil, x.value, nil, g.value, win)
	return recordConv2dWeight(y, x, g, win)
}

// recordConv2dWeight records y = conv2dWeight(x, g), computed by the caller.
func recordConv2dWeight[T Float](y *tensor.Tensor[T], x, g *Var[T], win tensor.Window) *Var[T] {
	xs := x.Shape()
	return tapeOf("Conv2D", x, g).record(y, func(hbar *Var[T]) []*Var[T] {
		var gx, gg *Var[T]
		if x.Recorded() {
			gx = conv2dInput(g, hbar, xs[2], xs[3], win)
		}
		if g.Recorded() {
			gg = Conv2D(x, hbar, nil, win.Stride, win.Padding)
		}
		return []*Var[T]{gx, gg}
	}, x, g)
}

// Conv1D returns the 1-D cross-correlation of a batch of sequences, as
// PyTorch's conv1d: x is [N, C, L], w is [O, C, k], b is [O] or nil, and
//
//	y[n, o, l] = b[o] + Σ_{c,j} w[o, c, j]·xpad[n, c, l·stride + j].
//
// A composite: Conv2D on x viewed as [N, C, 1, L]. Gradients as Conv2D's.
func Conv1D[T Float](x, w, b *Var[T], stride, padding int) *Var[T] {
	xs, ws, bs := x.Shape(), w.Shape(), shapeOrNil(b)
	if len(xs) != 3 || len(ws) != 3 || xs[1] != ws[1] || b != nil && (len(bs) != 1 || bs[0] != ws[0]) {
		panicf("Conv1D: shapes %v (x), %v (w), %v (b): want x [N C L], w [O C k], b [O] or nil", xs, ws, bs)
	}
	checkWindow("Conv1D", tensor.Window1D(ws[2], stride, padding), 1, xs[2])
	y := Conv2D(Reshape(x, xs[0], xs[1], 1, xs[2]), Reshape(w, ws[0], ws[1], 1, ws[2]), b,
		[2]int{1, stride}, [2]int{0, padding})
	return Reshape(y, xs[0], ws[0], y.Shape()[3])
}

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
