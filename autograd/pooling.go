package autograd

import "github.com/deeptheory/deeptheory/tensor"

// poolWindows returns the windows of x [N, C, H, W] as [N·C, kh·kw, Ho·Wo]:
// each channel is unfolded on its own, so the reduction runs along axis 1.
func poolWindows[T Float](op string, x *Var[T], kernel, stride [2]int) (cols *Var[T], ho, wo int) {
	shape := x.Shape()
	if len(shape) != 4 {
		panicf("%s: shape %v is not [N C H W]", op, shape)
	}
	win := tensor.Window{Kernel: kernel, Stride: stride}
	ho, wo = checkWindow(op, win, shape[2], shape[3])
	return Unfold(Reshape(x, shape[0]*shape[1], 1, shape[2], shape[3]), win), ho, wo
}

// MaxPool2D returns the maximum of each kh×kw window of x [N, C, H, W], the
// windows stepping by stride, without padding (PyTorch's max_pool2d):
//
//	y[n, c, i, j] = max_{p,q} x[n, c, i·sh + p, j·sw + q].
//
// A composite: Unfold of each channel, then MaxAxis over the window.
// Gradient: ḡ[n, c, i, j] goes to the first maximal element of its window
// in row-major (p, q) order, summed where windows overlap. On ties this is
// the choice of PyTorch's CPU kernel, which keeps the first maximum it scans.
func MaxPool2D[T Float](x *Var[T], kernel, stride [2]int) *Var[T] {
	cols, ho, wo := poolWindows("MaxPool2D", x, kernel, stride)
	shape := x.Shape()
	return Reshape(MaxAxis(cols, 1, false), shape[0], shape[1], ho, wo)
}

// AvgPool2D returns the mean of each kh×kw window of x [N, C, H, W], the
// windows stepping by stride, without padding (PyTorch's avg_pool2d):
//
//	y[n, c, i, j] = (1/(kh·kw)) Σ_{p,q} x[n, c, i·sh + p, j·sw + q].
//
// A composite: Unfold of each channel, then MeanAxis over the window.
// Gradient: each element receives ḡ/(kh·kw) from every window covering it.
func AvgPool2D[T Float](x *Var[T], kernel, stride [2]int) *Var[T] {
	cols, ho, wo := poolWindows("AvgPool2D", x, kernel, stride)
	shape := x.Shape()
	return Reshape(MeanAxis(cols, 1, false), shape[0], shape[1], ho, wo)
}
