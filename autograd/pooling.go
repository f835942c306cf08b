package autograd

import "github.com/deeptheory/deeptheory/tensor"

// poolWindow checks that x is [N, C, H, W] and the window fits it, and
// returns the window.
func poolWindow[T Float](op string, x *Var[T], kernel, stride [2]int) tensor.Window {
	shape := x.Shape()
	if len(shape) != 4 {
		panicf("%s: shape %v is not [N C H W]", op, shape)
	}
	win := tensor.Window{Kernel: kernel, Stride: stride}
	checkWindow(op, win, shape[2], shape[3])
	return win
}

// MaxPool2D returns the maximum of each kh×kw window of x [N, C, H, W], the
// windows stepping by stride, without padding (PyTorch's max_pool2d):
//
//	y[n, c, i, j] = max_{p,q} x[n, c, i·sh + p, j·sw + q].
//
// A primitive (tensor.MaxPool2DInto, one pass that also notes where each
// maximum is, in an index buffer of the tape's pool). It equals the
// composite Unfold of each channel, then MaxAxis over the window, which the
// tests keep as its oracle. A NaN counts as the maximum (y is NaN).
//
// Gradient: ḡ[n, c, i, j] goes to the first maximal element of its window
// in row-major (p, q) order, summed where windows overlap, the others get 0:
// x̄ = maxPoolScatter(ḡ). On ties this is the choice of PyTorch's CPU kernel,
// which keeps the first maximum it scans; with several NaNs in a window the
// first gets ḡ (PyTorch's kernel gives it to the last).
func MaxPool2D[T Float](x *Var[T], kernel, stride [2]int) *Var[T] {
	win := poolWindow("MaxPool2D", x, kernel, stride)
	shape := x.Shape()
	ho, wo := win.Out(shape[2], shape[3])
	tp := x.tape
	y := tp.allocUncleared(shape[0], shape[1], ho, wo)
	if tp == nil || !tp.recording || x.id < 0 { // no gradient: no argmax
		return tp.record(tensor.MaxPool2DInto(y, nil, x.value, win), nil, x)
	}
	arg := tp.pool.indices(y.Len())
	tensor.MaxPool2DInto(y, arg, x.value, win)
	return tp.record(y, func(g *Var[T]) []*Var[T] {
		return []*Var[T]{maxPoolScatter(g, arg, shape[2], shape[3], win)}
	}, x)
}

// maxPoolScatter returns MaxPool2D's input gradient for the cotangent g
// [N, C, Ho, Wo] of h×w images, arg MaxPool2D's argmax:
//
//	y[n, c, a] = Σ_{(i, j): arg[n, c, i, j] = a} g[n, c, i, j]
//
// (a a position in the h×w plane; zero where no window's maximum is). A
// primitive, linear in g; with cotangent hbar (the images' shape),
// ⟨hbar, y⟩ = ⟨maxPoolGather(hbar), g⟩, so the gradient is ḡ = maxPoolGather(hbar).
func maxPoolScatter[T Float](g *Var[T], arg []int32, h, w int, win tensor.Window) *Var[T] {
	gs := g.Shape()
	tp := g.tape
	y := tensor.MaxPool2DScatterInto(tp.allocUncleared(gs[0], gs[1], h, w), g.value, arg, win)
	return tp.record(y, func(hbar *Var[T]) []*Var[T] {
		return []*Var[T]{maxPoolGather(hbar, arg, win)}
	}, g)
}

// maxPoolGather returns the elements of h [N, C, H, W] at MaxPool2D's argmax,
//
//	y[n, c, i, j] = h[n, c, a],  a = arg[n, c, i, j],
//
// MaxPool2D's derivative applied to h. A primitive, linear in h, the adjoint
// of maxPoolScatter: its gradient is h̄ = maxPoolScatter(ḡ).
func maxPoolGather[T Float](h *Var[T], arg []int32, win tensor.Window) *Var[T] {
	hs := h.Shape()
	ho, wo := win.Out(hs[2], hs[3])
	tp := h.tape
	y := tensor.MaxPool2DGatherInto(tp.allocUncleared(hs[0], hs[1], ho, wo), h.value, arg, win)
	return tp.record(y, func(g *Var[T]) []*Var[T] {
		return []*Var[T]{maxPoolScatter(g, arg, hs[2], hs[3], win)}
	}, h)
}

// AvgPool2D returns the mean of each kh×kw window of x [N, C, H, W], the
// windows stepping by stride, without padding (PyTorch's avg_pool2d):
//
//	y[n, c, i, j] = (1/(kh·kw)) Σ_{p,q} x[n, c, i·sh + p, j·sw + q].
//
// A primitive (tensor.AvgPool2DInto), equal to the composite Unfold of each
// channel, then MeanAxis over the window (the tests' oracle), to the bit but
// on planes of a single window, which MeanAxis sums in another order.
// Gradient: each element receives ḡ/(kh·kw) from every window covering it,
// x̄ = avgPoolAdjoint(ḡ).
func AvgPool2D[T Float](x *Var[T], kernel, stride [2]int) *Var[T] {
	win := poolWindow("AvgPool2D", x, kernel, stride)
	shape := x.Shape()
	ho, wo := win.Out(shape[2], shape[3])
	tp := x.tape
	y := tensor.AvgPool2DInto(tp.allocUncleared(shape[0], shape[1], ho, wo), x.value, win)
	return tp.record(y, func(g *Var[T]) []*Var[T] {
		return []*Var[T]{avgPoolAdjoint(g, shape[2], shape[3], win)}
	}, x)
}

// avgPoolAdjoint returns AvgPool2D's input gradient for the cotangent g
// [N, C, Ho, Wo] of h×w images,
//
//	y[n, c, a, b] = Σ_{i·sh + p = a, j·sw + q = b} g[n, c, i, j]/(kh·kw).
//
// A primitive, the adjoint of the linear map AvgPool2D, so its gradient is
// AvgPool2D again: ḡ = AvgPool2D(ȳ).
func avgPoolAdjoint[T Float](g *Var[T], h, w int, win tensor.Window) *Var[T] {
	gs := g.Shape()
	tp := g.tape
	y := tensor.AvgPool2DAdjointInto(tp.allocUncleared(gs[0], gs[1], h, w), g.value, win)
	return tp.record(y, func(ybar *Var[T]) []*Var[T] {
		return []*Var[T]{AvgPool2D(ybar, win.Kernel, win.Stride)}
	}, g)
}
