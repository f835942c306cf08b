package autograd

import "github.com/deeptheory/deeptheory/tensor"

// LocallyConnected2D is Conv2D with unshared weights: every output position
// (i, j) has its own filters. x is [N, C, H, W], w is [Ho, Wo, O, C, kh, kw],
// b is [O, Ho, Wo] or nil, and
//
//	y[n, o, i, j] = b[o, i, j] + Σ_{c,p,q} w[i, j, o, c, p, q]·xpad[n, c, i·sh + p − ph, j·sw + q − pw].
//
// A primitive (tensor.LocallyConnected2D: one product per position, the
// windows read where they lie, never unfolded for the whole batch). It
// equals the composite Unfold, Permute to [P, N, K], a batched MatMulT with
// w viewed as [P, O, K], Permute back, Add of b, which the tests keep as its
// oracle. Gradient:
//
//	x̄ = localInput(ḡ, w),  w̄ = localWeight(x, ḡ),  b̄ = Σₙ ḡ[n]  (SumTo),
//
// the adjoints of the layer's linear maps x ↦ y and w ↦ y, themselves
// primitives whose rules are the layer again, so that gradients of any
// order flow.
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
	return locallyConnected(x, w, b, localOp{win: win, h: xs[2], w: xs[3]})
}

// LocallyConnected1D is Conv1D with unshared weights (no padding): x is
// [N, C, L], w is [Lout, O, C, k], b is [O, Lout] or nil, and
//
//	y[n, o, l] = b[o, l] + Σ_{c,j} w[l, o, c, j]·x[n, c, l·stride + j].
//
// A primitive, LocallyConnected2D's on x viewed as [N, C, 1, L]
// (tensor.LocallyConnected1D), with the same gradients.
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
	return locallyConnected(x, w, b, localOp{win: tensor.Window1D(ws[3], stride, 0), oneD: true, h: 1, w: xs[2]})
}

// A localOp is what a locally connected layer's nodes keep of it: the
// window, whether it is the 1-D form, and the input's spatial size h×w
// (1×L in 1-D).
type localOp struct {
	win  tensor.Window
	oneD bool
	h, w int
}

// name is the op's name in panics.
func (op localOp) name() string {
	if op.oneD {
		return "LocallyConnected1D"
	}
	return "LocallyConnected2D"
}

// outShape is the shape of the output for n images and weight shape ws.
func (op localOp) outShape(tp interface{ shapeBuf() []int }, n int, ws []int) []int {
	s := tp.shapeBuf()
	if op.oneD {
		return append(s, n, ws[1], ws[0])
	}
	return append(s, n, ws[2], ws[0], ws[1])
}

// inShape is the shape of the input for n images and weight shape ws.
func (op localOp) inShape(tp interface{ shapeBuf() []int }, n int, ws []int) []int {
	s := tp.shapeBuf()
	if op.oneD {
		return append(s, n, ws[2], op.w)
	}
	return append(s, n, ws[3], op.h, op.w)
}

// locallyConnected records y = the layer op of x, w and b (b may be nil),
// whose shapes the caller has checked.
func locallyConnected[T Float](x, w, b *Var[T], op localOp) *Var[T] {
	inputs := []*Var[T]{x, w, b}
	var bias *tensor.Tensor[T]
	if b == nil {
		inputs = inputs[:2]
	} else {
		bias = b.value
	}
	tp := tapeOf(op.name(), inputs...)
	y := tp.allocUncleared(op.outShape(tp, x.Shape()[0], w.Shape())...)
	if op.oneD {
		tensor.LocallyConnected1DInto(y, x.value, w.value, bias, op.win.Stride[1])
	} else {
		tensor.LocallyConnected2DInto(y, x.value, w.value, bias, op.win)
	}
	return tp.record(y, func(g *Var[T]) []*Var[T] { return localGrads(x, w, b, g, op) }, inputs...)
}

// localAdjoint computes the adjoints of the layer op into dx and dw (either
// may be nil), by tensor.LocallyConnected{1,2}DAdjointInto.
func localAdjoint[T Float](dx, dw, x, w, g *tensor.Tensor[T], op localOp) {
	if op.oneD {
		tensor.LocallyConnected1DAdjointInto(dx, dw, x, w, g, op.win.Stride[1])
	} else {
		tensor.LocallyConnected2DAdjointInto(dx, dw, x, w, g, op.win)
	}
}

// localGrads returns the gradients of ⟨g, layer(x, w, b)⟩ for the inputs
// x, w and b (b may be nil), in that order: localInput(g, w),
// localWeight(x, g) (each computed only if its input is recorded) and
// SumTo(g, shape of b).
func localGrads[T Float](x, w, b, g *Var[T], op localOp) []*Var[T] {
	grads := make([]*Var[T], 2, 3)
	if x.Recorded() {
		grads[0] = localInput(g, w, op)
	}
	if w.Recorded() {
		grads[1] = localWeight(x, g, op)
	}
	if b != nil {
		grads = append(grads, SumTo(g, b.Shape()...))
	}
	return grads
}

// localInput returns the gradient of ⟨g, layer(x, w)⟩ with respect to x:
//
//	y[n, c, s, t] = Σ g[n, o, i, j]·w[i, j, o, c, p, q]  over s = i·sh + p − ph, t = j·sw + q − pw
//
// (in 1-D, y[n, c, t] = Σ g[n, o, l]·w[l, o, c, j] over t = l·stride + j).
// A primitive, bilinear in (g, w); with cotangent h (x's shape),
// ⟨h, y⟩ = ⟨layer(h, w), g⟩, so the gradient is
//
//	ḡ = layer(h, w),  w̄ = localWeight(h, g).
func localInput[T Float](g, w *Var[T], op localOp) *Var[T] {
	tp := tapeOf(op.name(), g, w)
	y := tp.allocUncleared(op.inShape(tp, g.Shape()[0], w.Shape())...)
	localAdjoint(y, nil, nil, w.value, g.value, op)
	return tp.record(y, func(h *Var[T]) []*Var[T] {
		var gg, gw *Var[T]
		if g.Recorded() {
			gg = locallyConnected(h, w, nil, op)
		}
		if w.Recorded() {
			gw = localWeight(h, g, op)
		}
		return []*Var[T]{gg, gw}
	}, g, w)
}

// localWeight returns the gradient of ⟨g, layer(x, w)⟩ with respect to w:
//
//	y[i, j, o, c, p, q] = Σ_n g[n, o, i, j]·x[n, c, i·sh + p − ph, j·sw + q − pw]
//
// (in 1-D, y[l, o, c, j] = Σ_n g[n, o, l]·x[n, c, l·stride + j]). A
// primitive, bilinear in (x, g); with cotangent H (w's shape),
// ⟨H, y⟩ = ⟨g, layer(x, H)⟩, so the gradient is
//
//	x̄ = localInput(g, H),  ḡ = layer(x, H).
func localWeight[T Float](x, g *Var[T], op localOp) *Var[T] {
	tp := tapeOf(op.name(), x, g)
	y := tp.allocUncleared(localWeightShape(tp, x.Shape(), g.Shape(), op)...)
	localAdjoint(nil, y, x.value, nil, g.value, op)
	return tp.record(y, func(h *Var[T]) []*Var[T] {
		var gx, gg *Var[T]
		if x.Recorded() {
			gx = localInput(g, h, op)
		}
		if g.Recorded() {
			gg = locallyConnected(x, h, nil, op)
		}
		return []*Var[T]{gx, gg}
	}, x, g)
}

// localWeightShape is the weight's shape for input shape xs and output
// shape gs: [Ho, Wo, O, C, kh, kw], or in 1-D [Lout, O, C, k].
func localWeightShape(tp interface{ shapeBuf() []int }, xs, gs []int, op localOp) []int {
	s := tp.shapeBuf()
	if op.oneD {
		return append(s, gs[2], gs[1], xs[1], op.win.Kernel[1])
	}
	return append(s, gs[2], gs[3], gs[1], xs[1], op.win.Kernel[0], op.win.Kernel[1])
}
