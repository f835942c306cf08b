package tensor

import (
	"fmt"
	"slices"

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

// Conv2DAdjointInto applies the adjoints (transposes) of Conv2D's three
// linear maps to g [N, O, Ho, Wo]: y = Conv2D(x, w, b) is linear in each of
// x, w and b, and the adjoints store, for ⟨g, y⟩ = ⟨dx, x⟩ + ..., the
// tensors dx [N, C, H, W], dw [O, C, kh, kw] and db [O] (what
// reverse-mode differentiation needs). Any of them may be nil to skip it;
// x is read only for dw and w only for dx (so either may then be nil too).
// The first is the transposed convolution
//
//	dx[n, c, a, e] = Σ g[n, o, i, j]·w[o, c, p, q]  over a = i·sh + p − ph, e = j·sw + q − pw,
//
// Fold(wᵀ·g) for each image; the second is
//
//	dw[o, c, p, q] = Σ_{n,i,j} g[n, o, i, j]·x[n, c, i·sh + p − ph, j·sw + q − pw],
//
// Σₙ g[n]·Unfold(x)[n]ᵀ; the third db[o] = Σ_{n,i,j} g[n, o, i, j]. Several
// at once take one pass over g.
func Conv2DAdjointInto[T Float](dx, dw, db, x, w, g *Tensor[T], win Window) {
	if dx == nil && dw == nil && db == nil {
		return
	}
	if x == nil && dx == nil || w == nil && dw == nil {
		panic("tensor: Conv2DAdjoint: the shapes of x (or dx) and w (or dw) are needed")
	}
	xShape, wShape := shapeOf(dx, x), shapeOf(dw, w)
	d := convDims("Conv2DAdjoint", xShape, wShape, win)
	checkConvShape("Conv2DAdjoint", "gradient", g.shape, d.N, d.O, d.HO, d.WO)
	var dxData, dwData, dbData, xData, wData []T
	if dx != nil {
		if w == nil {
			panic("tensor: Conv2DAdjoint: the input's gradient needs the weight")
		}
		dxData, wData = dx.data, w.data
	}
	if dw != nil {
		if x == nil {
			panic("tensor: Conv2DAdjoint: the weight's gradient needs the input")
		}
		dwData, xData = dw.data, x.data
	}
	if db != nil {
		if len(db.shape) != 1 || db.shape[0] != d.O {
			panic(fmt.Sprintf("tensor: Conv2DAdjoint: bias gradient shape %v, want [%d]", db.shape, d.O))
		}
		dbData = db.data
	}
	kernel.Conv2DGrad(dxData, dwData, dbData, xData, g.data, wData, d)
}

// shapeOf returns the shape of the gradient grad, or of the tensor value it
// is taken for when grad is nil.
func shapeOf[T Float](grad, value *Tensor[T]) []int {
	if grad != nil {
		if value != nil && !slices.Equal(grad.shape, value.shape) {
			panic(fmt.Sprintf("tensor: Conv2DAdjoint: gradient shape %v for a tensor of shape %v", grad.shape, value.shape))
		}
		return grad.shape
	}
	return value.shape
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
