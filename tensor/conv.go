package tensor

import (
	"fmt"

	"github.com/deeptheory/deeptheory/internal/kernel"
)

// Conv2D returns the 2-D cross-correlation of a batch of images, as PyTorch's
// conv2d: x is [N, C, H, W], w is [O, C, kh, kw] with win.Kernel = [kh, kw],
// b is [O] or nil, and
//
//	y[n, o, i, j] = b[o] + Σ_{c,p,q} w[o, c, p, q]·x[n, c, i·sh + p − ph, j·sw + q − pw]
//
// (x is zero in the padding). It is W·Unfold(x) for each image, computed
// without materializing the whole Unfold.
func Conv2D[T Float](x, w, b *Tensor[T], win Window) *Tensor[T] {
	d := convDims("Conv2D", x.shape, w.shape, win)
	return Conv2DInto(Zeros[T](d.N, d.O, d.HO, d.WO), x, w, b, win)
}

// Conv2DInto is Conv2D writing into dst [N, O, Ho, Wo]; returns dst.
func Conv2DInto[T Float](dst, x, w, b *Tensor[T], win Window) *Tensor[T] {
	d := convDims("Conv2D", x.shape, w.shape, win)
	checkConvShape("Conv2D", "destination", dst.shape, d.N, d.O, d.HO, d.WO)
	var bias []T
	if b != nil {
		if len(b.shape) != 1 || b.shape[0] != d.O {
			panic(fmt.Sprintf("tensor: Conv2D: bias shape %v, want [%d]", b.shape, d.O))
		}
		bias = b.data
	}
	kernel.Conv2D(dst.data, x.data, w.data, bias, d)
	return dst
}

// Conv2DInputInto stores in dst [N, C, H, W] the gradient of ⟨g, Conv2D(x, w)⟩
// with respect to x, for g [N, O, Ho, Wo]: the transposed convolution
//
//	dst[n, c, a, e] = Σ g[n, o, i, j]·w[o, c, p, q]  over a = i·sh + p − ph, e = j·sw + q − pw,
//
// which is Fold(wᵀ·g) for each image. It returns dst.
func Conv2DInputInto[T Float](dst, g, w *Tensor[T], win Window) *Tensor[T] {
	d := convDims("Conv2DInput", dst.shape, w.shape, win)
	checkConvShape("Conv2DInput", "gradient", g.shape, d.N, d.O, d.HO, d.WO)
	kernel.Conv2DInput(dst.data, g.data, w.data, d)
	return dst
}

// Conv2DWeightInto stores in dst [O, C, kh, kw] the gradient of
// ⟨g, Conv2D(x, w)⟩ with respect to w, for g [N, O, Ho, Wo]:
//
//	dst[o, c, p, q] = Σ_{n,i,j} g[n, o, i, j]·x[n, c, i·sh + p − ph, j·sw + q − pw],
//
// which is Σₙ g[n]·Unfold(x)[n]ᵀ. It returns dst.
func Conv2DWeightInto[T Float](dst, x, g *Tensor[T], win Window) *Tensor[T] {
	d := convDims("Conv2DWeight", x.shape, dst.shape, win)
	checkConvShape("Conv2DWeight", "gradient", g.shape, d.N, d.O, d.HO, d.WO)
	kernel.Conv2DWeight(dst.data, x.data, g.data, d)
	return dst
}

// convDims checks the shapes of a convolution's input x [N, C, H, W] and
// weight w [O, C, kh, kw] against win, and returns its sizes.
func convDims(op string, x, w []int, win Window) kernel.ConvDims {
	if len(x) != 4 || len(w) != 4 || x[1] != w[1] || w[2] != win.Kernel[0] || w[3] != win.Kernel[1] {
		panic(fmt.Sprintf("tensor: %s: shapes %v (x) and %v (w) with kernel %v: want x [N C H W], w [O C kh kw]",
			op, x, w, win.Kernel))
	}
	ho, wo := win.check(op, x[2], x[3])
	return kernel.ConvDims{
		N: x[0], C: x[1], H: x[2], W: x[3], O: w[0], KH: w[2], KW: w[3],
		SH: win.Stride[0], SW: win.Stride[1], PH: win.Padding[0], PW: win.Padding[1], HO: ho, WO: wo,
	}
}

// checkConvShape panics unless shape is [n, o, ho, wo].
func checkConvShape(op, what string, shape []int, n, o, ho, wo int) {
	if len(shape) != 4 || shape[0] != n || shape[1] != o || shape[2] != ho || shape[3] != wo {
		panic(fmt.Sprintf("tensor: %s: %s shape %v, want [%d %d %d %d]", op, what, shape, n, o, ho, wo))
	}
}
