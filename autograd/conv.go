package autograd

import "github.com/deeptheory/deeptheory/tensor"

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
	return tp.recordOp(y, conv2dOp[T]{}, 0, tp.saveWindow(win), inputs...)
}

// conv2dOp is Conv2D's backward; the node's k indexes its window (see
// Tape.saveWindow), its inputs are x, w and b if any.
type conv2dOp[T Float] struct{}

func (conv2dOp[T]) vjp(n *node[T], g *Var[T]) vjps[T] {
	var b *Var[T]
	if len(n.inputs) == 3 {
		b = n.inputs[2]
	}
	return conv2dGrads(n.inputs[0], n.inputs[1], b, g, n.out.tape.windows[n.k])
}

// conv2dGrads returns the gradients of ⟨g, Conv2D(x, w, b)⟩ for the recorded
// inputs among x, w and b (b may be nil), in that order: conv2dInput(g, w),
// conv2dWeight(x, g), and b̄ = Σ_{n,i,j} g[n, ·, i, j], the value of
// Reshape(SumTo(g, O, 1, 1), O), recorded with that composite's gradient
// (BroadcastTo). They are computed in one pass over g, each recorded as its
// own node.
func conv2dGrads[T Float](x, w, b, g *Var[T], win tensor.Window) (grads vjps[T]) {
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
	if dx != nil {
		grads[0] = recordConv2dInput(dx, g, w, win)
	}
	if dw != nil {
		grads[1] = recordConv2dWeight(dw, x, g, win)
	}
	if db != nil {
		grads[2] = tp.recordOp(db, convBiasOp[T]{}, 0, 0, g)
	}
	return grads
}

// convBiasOp is the backward of Conv2D's bias gradient b̄ = Σ_{n,i,j} g: h̄
// [O] broadcast back to g's shape.
type convBiasOp[T Float] struct{}

func (convBiasOp[T]) vjp(n *node[T], h *Var[T]) vjps[T] {
	return vjps[T]{BroadcastTo(Reshape(h, h.Shape()[0], 1, 1), n.inputs[0].Shape()...)}
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
	tp := tapeOf("Conv2D", g, w)
	return tp.recordOp(y, conv2dInputOp[T]{}, 0, tp.saveWindow(win), g, w)
}

// conv2dInputOp is conv2dInput's backward (k indexes the window).
type conv2dInputOp[T Float] struct{}

func (conv2dInputOp[T]) vjp(n *node[T], hbar *Var[T]) (d vjps[T]) {
	g, w, win := n.inputs[0], n.inputs[1], n.out.tape.windows[n.k]
	if g.Recorded() {
		d[0] = Conv2D(hbar, w, nil, win.Stride, win.Padding)
	}
	if w.Recorded() {
		d[1] = conv2dWeight(hbar, g, win)
	}
	return d
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
	tp := tapeOf("Conv2D", x, g)
	return tp.recordOp(y, conv2dWeightOp[T]{}, 0, tp.saveWindow(win), x, g)
}

// conv2dWeightOp is conv2dWeight's backward (k indexes the window).
type conv2dWeightOp[T Float] struct{}

func (conv2dWeightOp[T]) vjp(n *node[T], hbar *Var[T]) (d vjps[T]) {
	x, g, win := n.inputs[0], n.inputs[1], n.out.tape.windows[n.k]
	if x.Recorded() {
		xs := x.Shape()
		d[0] = conv2dInput(g, hbar, xs[2], xs[3], win)
	}
	if g.Recorded() {
		d[1] = Conv2D(x, hbar, nil, win.Stride, win.Padding)
	}
	return d
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
