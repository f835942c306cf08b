package autograd

import "github.com/deeptheory/deeptheory/tensor"

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
