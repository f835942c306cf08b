package tensor

import (
	"fmt"
	"math"

	"github.com/deeptheory/deeptheory/internal/kernel"
	"github.com/deeptheory/deeptheory/internal/shapes"
)

// Pooling slides a window over each channel of x [N, C, H, W] without padding:
// win.Padding must be zero. Output [N, C, Ho, Wo] with Ho = ⌊(H − kh)/sh⌋ + 1,
// likewise Wo. Argmax indices are int32 positions in a channel's H×W plane,
// one per output element, in the output's row-major order.

// MaxPool2D returns the maximum of each window of x [N, C, H, W] (PyTorch's
// max_pool2d without padding) and where each came from:
//
//	y[n, c, i, j] = max_{p,q} x[n, c, i·sh + p, j·sw + q] = x[n, c, a, b],
//	arg[n, c, i, j] = a·W + b,
//
// (a, b) the first maximal element of the window in row-major (p, q) order
// (PyTorch's CPU rule on ties). A NaN counts as the maximum; the first NaN wins.
func MaxPool2D[T Float](x *Tensor[T], win Window) (*Tensor[T], []int32) {
	d := poolDims("MaxPool2D", x.shape, win)
	y := Zeros[T](x.shape[0], x.shape[1], d.HO, d.WO)
	arg := make([]int32, len(y.data))
	return MaxPool2DInto(y, arg, x, win), arg
}

// MaxPool2DInto is MaxPool2D writing into dst [N, C, Ho, Wo] and arg (of
// dst's length, or nil when not wanted); returns dst.
func MaxPool2DInto[T Float](dst *Tensor[T], arg []int32, x *Tensor[T], win Window) *Tensor[T] {
	d := poolDims("MaxPool2D", x.shape, win)
	checkPoolOut("MaxPool2D", "destination", dst.shape, x.shape, d)
	if arg != nil && len(arg) != len(dst.data) {
		panic(fmt.Sprintf("tensor: MaxPool2D: %d argmax indices for an output of shape %v", len(arg), dst.shape))
	}
	kernel.MaxPool2D(dst.data, arg, x.data, d)
	return dst
}

// MaxPool2DScatterInto overwrites dx [N, C, H, W] with the adjoint of
// MaxPool2D's derivative applied to g [N, C, Ho, Wo] (arg from MaxPool2D on an
// input of dx's shape with the same window): each g entry goes to the element
// its window's maximum came from,
//
//	dx[n, c, a] = Σ_{(i, j): arg[n, c, i, j] = a} g[n, c, i, j]
//
// (a a position in the H×W plane; several terms where windows overlap, added
// in row-major (i, j) order), and zero elsewhere. Returns dx.
func MaxPool2DScatterInto[T Float](dx, g *Tensor[T], arg []int32, win Window) *Tensor[T] {
	d := poolDims("MaxPool2DScatter", dx.shape, win)
	checkPoolOut("MaxPool2DScatter", "gradient", g.shape, dx.shape, d)
	checkArg("MaxPool2DScatter", arg, g.shape)
	kernel.MaxPool2DScatter(dx.data, g.data, arg, d)
	return dx
}

// MaxPool2DGatherInto writes into dst [N, C, Ho, Wo] the elements of h
// [N, C, H, W] at the argmax of a MaxPool2D with the same window,
//
//	dst[n, c, i, j] = h[n, c, a, b],  a·W + b = arg[n, c, i, j],
//
// the derivative of MaxPool2D applied to h, and the adjoint of
// MaxPool2DScatterInto. Returns dst.
func MaxPool2DGatherInto[T Float](dst, h *Tensor[T], arg []int32, win Window) *Tensor[T] {
	d := poolDims("MaxPool2DGather", h.shape, win)
	checkPoolOut("MaxPool2DGather", "destination", dst.shape, h.shape, d)
	checkArg("MaxPool2DGather", arg, dst.shape)
	kernel.MaxPool2DGather(dst.data, h.data, arg, d)
	return dst
}

// AvgPool2D returns the mean of each window of x [N, C, H, W] (PyTorch's
// avg_pool2d without padding):
//
//	y[n, c, i, j] = (1/(kh·kw)) Σ_{p,q} x[n, c, i·sh + p, j·sw + q],
//
// the sum in row-major (p, q) order, multiplied by 1/(kh·kw) rounded to T.
func AvgPool2D[T Float](x *Tensor[T], win Window) *Tensor[T] {
	d := poolDims("AvgPool2D", x.shape, win)
	return AvgPool2DInto(Zeros[T](x.shape[0], x.shape[1], d.HO, d.WO), x, win)
}

// AvgPool2DInto is AvgPool2D writing into dst [N, C, Ho, Wo]; returns dst.
func AvgPool2DInto[T Float](dst, x *Tensor[T], win Window) *Tensor[T] {
	d := poolDims("AvgPool2D", x.shape, win)
	checkPoolOut("AvgPool2D", "destination", dst.shape, x.shape, d)
	kernel.AvgPool2D(dst.data, x.data, d)
	return dst
}

// AvgPool2DAdjointInto overwrites dx [N, C, H, W] with the adjoint of
// AvgPool2D (a linear map) applied to g [N, C, Ho, Wo]: each element gets
// g/(kh·kw) from every window covering it,
//
//	dx[n, c, a, b] = Σ_{i·sh + p = a, j·sw + q = b} g[n, c, i, j]·(1/(kh·kw)),
//
// and zero if none does. ⟨g, AvgPool2D(x)⟩ = ⟨dx, x⟩ for every x. Returns dx.
func AvgPool2DAdjointInto[T Float](dx, g *Tensor[T], win Window) *Tensor[T] {
	d := poolDims("AvgPool2DAdjoint", dx.shape, win)
	checkPoolOut("AvgPool2DAdjoint", "gradient", g.shape, dx.shape, d)
	kernel.AvgPool2DAdjoint(dx.data, g.data, d)
	return dx
}

// poolDims checks that shape is [N, C, H, W] and win a window without
// padding that fits it, panicking with a message naming op otherwise, and
// returns the kernel's sizes.
func poolDims(op string, shape []int, win Window) kernel.PoolDims {
	if len(shape) != 4 {
		panic(fmt.Sprintf("tensor: %s: shape %v is not [N C H W]", op, shape))
	}
	if win.Padding != [2]int{} {
		panic(fmt.Sprintf("tensor: %s: padding %v: pooling takes none", op, win.Padding))
	}
	h, w := shape[2], shape[3]
	if h*w > math.MaxInt32 {
		panic(fmt.Sprintf("tensor: %s: %d×%d planes are too large for int32 indices", op, h, w))
	}
	ho, wo := win.check(op, h, w)
	return kernel.PoolDims{
		Planes: shape[0] * shape[1], H: h, W: w,
		KH: win.Kernel[0], KW: win.Kernel[1], SH: win.Stride[0], SW: win.Stride[1],
		HO: ho, WO: wo,
	}
}

// checkPoolOut panics unless shape (the role of a tensor in op) is the
// pooling's output shape [N, C, Ho, Wo] for an input of shape in.
func checkPoolOut(op, role string, shape, in []int, d kernel.PoolDims) {
	if len(shape) != 4 || shape[0] != in[0] || shape[1] != in[1] || shape[2] != d.HO || shape[3] != d.WO {
		panic(fmt.Sprintf("tensor: %s: %s shape %v, want %v for input %v", op, role, shape, []int{in[0], in[1], d.HO, d.WO}, in))
	}
}

// checkArg panics unless arg holds one index per element of out.
func checkArg(op string, arg []int32, out []int) {
	if n := shapes.Count(out); len(arg) != n {
		panic(fmt.Sprintf("tensor: %s: %d argmax indices for shape %v", op, len(arg), out))
	}
}
