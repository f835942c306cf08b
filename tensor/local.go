package tensor

import (
	"fmt"

	"github.com/deeptheory/deeptheory/internal/kernel"
)

// LocallyConnected2D returns a locally connected layer applied to a batch of
// images: a 2-D cross-correlation whose every output position (i, j) has its
// own filters. x is [N, C, H, W], w is [Ho, Wo, O, C, kh, kw] with
// win.Kernel = [kh, kw], b is [O, Ho, Wo] or nil, and
//
//	y[n, o, i, j] = b[o, i, j] + Σ_{c,p,q} w[i, j, o, c, p, q]·x[n, c, i·sh + p − ph, j·sw + q − pw]
//
// (x is zero in the padding). With cols = Unfold(x) [N, K, P] (K = C·kh·kw,
// P = Ho·Wo) it is y[n, ·, p] = w[p]·cols[n, ·, p] + b[·, p], one product per
// position, computed without materializing cols: each window is read from x
// where it lies.
func LocallyConnected2D[T Float](x, w, b *Tensor[T], win Window) *Tensor[T] {
	d := localDims("LocallyConnected2D", x.shape, w.shape, win, false)
	return LocallyConnected2DInto(Zeros[T](d.N, d.O, d.HO, d.WO), x, w, b, win)
}

// LocallyConnected2DInto is LocallyConnected2D writing into dst [N, O, Ho, Wo];
// returns dst.
func LocallyConnected2DInto[T Float](dst, x, w, b *Tensor[T], win Window) *Tensor[T] {
	d := localDims("LocallyConnected2D", x.shape, w.shape, win, false)
	checkConvShape("LocallyConnected2D", "destination", dst.shape, d.N, d.O, d.HO, d.WO)
	kernel.LocallyConnected2D(dst.data, x.data, w.data, localBias("LocallyConnected2D", b, d, false), d)
	return dst
}

// LocallyConnected2DAdjointInto applies the adjoints (transposes) of
// LocallyConnected2D's linear maps x ↦ y and w ↦ y to g [N, O, Ho, Wo]: for
// ⟨g, y⟩ = ⟨dx, x⟩ = ⟨dw, w⟩ it stores
//
//	dx[n, c, s, t] = Σ g[n, o, i, j]·w[i, j, o, c, p, q]  over s = i·sh + p − ph, t = j·sw + q − pw,
//	dw[i, j, o, c, p, q] = Σ_n g[n, o, i, j]·x[n, c, i·sh + p − ph, j·sw + q − pw],
//
// that is Fold of wᵀ·g per position, and Σₙ g·Unfold(x)ᵀ per position (the
// bias's adjoint is the sum of g over n). Either of dx, dw may be nil to
// skip it; x is read only for dw and w only for dx (so either may then be
// nil too).
func LocallyConnected2DAdjointInto[T Float](dx, dw, x, w, g *Tensor[T], win Window) {
	localAdjoint("LocallyConnected2DAdjoint", dx, dw, x, w, g, win, false)
}

// LocallyConnected1D returns a locally connected layer applied to a batch of
// sequences (no padding): x is [N, C, L], w is [Lout, O, C, k], b is
// [O, Lout] or nil, and
//
//	y[n, o, l] = b[o, l] + Σ_{c,j} w[l, o, c, j]·x[n, c, l·stride + j].
//
// It is LocallyConnected2D on x viewed as [N, C, 1, L] with w viewed as
// [1, Lout, O, C, 1, k].
func LocallyConnected1D[T Float](x, w, b *Tensor[T], stride int) *Tensor[T] {
	d := localDims("LocallyConnected1D", x.shape, w.shape, Window1D(kernelOf(w.shape, 4), stride, 0), true)
	return LocallyConnected1DInto(Zeros[T](d.N, d.O, d.WO), x, w, b, stride)
}

// LocallyConnected1DInto is LocallyConnected1D writing into dst [N, O, Lout];
// returns dst.
func LocallyConnected1DInto[T Float](dst, x, w, b *Tensor[T], stride int) *Tensor[T] {
	d := localDims("LocallyConnected1D", x.shape, w.shape, Window1D(kernelOf(w.shape, 4), stride, 0), true)
	if len(dst.shape) != 3 || dst.shape[0] != d.N || dst.shape[1] != d.O || dst.shape[2] != d.WO {
		panic(fmt.Sprintf("tensor: LocallyConnected1D: destination shape %v, want [%d %d %d]", dst.shape, d.N, d.O, d.WO))
	}
	kernel.LocallyConnected2D(dst.data, x.data, w.data, localBias("LocallyConnected1D", b, d, true), d)
	return dst
}

// LocallyConnected1DAdjointInto applies the adjoints of LocallyConnected1D's
// linear maps x ↦ y and w ↦ y to g [N, O, Lout]:
//
//	dx[n, c, t] = Σ g[n, o, l]·w[l, o, c, j]  over t = l·stride + j,
//	dw[l, o, c, j] = Σ_n g[n, o, l]·x[n, c, l·stride + j],
//
// as LocallyConnected2DAdjointInto, whose conventions for nil it follows.
func LocallyConnected1DAdjointInto[T Float](dx, dw, x, w, g *Tensor[T], stride int) {
	k := 0
	if t := firstNonNil(dw, w); t != nil {
		k = kernelOf(t.shape, 4)
	}
	localAdjoint("LocallyConnected1DAdjoint", dx, dw, x, w, g, Window1D(k, stride, 0), true)
}

// kernelOf returns the last dimension of a weight shape of rank rank (the
// 1-D kernel size), or 0 if the rank is wrong (localDims then panics).
func kernelOf(w []int, rank int) int {
	if len(w) != rank {
		return 0
	}
	return w[rank-1]
}

// localAdjoint is LocallyConnected2DAdjointInto, or with oneD the 1-D form.
func localAdjoint[T Float](op string, dx, dw, x, w, g *Tensor[T], win Window, oneD bool) {
	if dx == nil && dw == nil {
		return
	}
	if x == nil && dx == nil || w == nil && dw == nil {
		panic(fmt.Sprintf("tensor: %s: the shapes of x (or dx) and w (or dw) are needed", op))
	}
	d := localDims(op, localShapeOf(op, dx, x), localShapeOf(op, dw, w), win, oneD)
	if want := []int{d.N, d.O, d.HO, d.WO}; oneD && !sameInts(g.shape, want[0], want[1], want[3]) ||
		!oneD && !sameInts(g.shape, want...) {
		panic(fmt.Sprintf("tensor: %s: gradient shape %v for an output of %d×%d positions, %d channels, %d images",
			op, g.shape, d.HO, d.WO, d.O, d.N))
	}
	if dx != nil {
		if w == nil {
			panic(fmt.Sprintf("tensor: %s: the input's gradient needs the weight", op))
		}
		kernel.LocallyConnected2DInput(dx.data, g.data, w.data, d)
	}
	if dw != nil {
		if x == nil {
			panic(fmt.Sprintf("tensor: %s: the weight's gradient needs the input", op))
		}
		kernel.LocallyConnected2DWeight(dw.data, x.data, g.data, d)
	}
}

// firstNonNil returns a if it is not nil, else b.
func firstNonNil[T Float](a, b *Tensor[T]) *Tensor[T] {
	if a != nil {
		return a
	}
	return b
}

// localShapeOf returns the shape of the gradient grad, or of the tensor
// value it is taken for when grad is nil; both given, they must agree.
func localShapeOf[T Float](op string, grad, value *Tensor[T]) []int {
	if grad != nil {
		if value != nil && !sameInts(grad.shape, value.shape...) {
			panic(fmt.Sprintf("tensor: %s: gradient shape %v for a tensor of shape %v", op, grad.shape, value.shape))
		}
		return grad.shape
	}
	return value.shape
}

// sameInts reports whether shape equals want.
func sameInts(shape []int, want ...int) bool {
	if len(shape) != len(want) {
		return false
	}
	for i, v := range want {
		if shape[i] != v {
			return false
		}
	}
	return true
}

// localDims checks the shapes of a locally connected layer's input and
// weight against win, and returns its sizes: x [N, C, H, W] and w
// [Ho, Wo, O, C, kh, kw], or with oneD x [N, C, L] and w [Lout, O, C, k]
// (win is then Window1D(k, stride, 0)).
func localDims(op string, x, w []int, win Window, oneD bool) kernel.ConvDims {
	if oneD {
		if len(x) != 3 || len(w) != 4 || x[1] != w[2] || w[3] != win.Kernel[1] {
			panic(fmt.Sprintf("tensor: %s: shapes %v (x) and %v (w): want x [N C L], w [Lout O C k]", op, x, w))
		}
		_, lout := win.check(op, 1, x[2])
		if w[0] != lout {
			panic(fmt.Sprintf("tensor: %s: shapes %v (x) and %v (w): the output has length %d, want w [%d O C k]", op, x, w, lout, lout))
		}
		return kernel.ConvDims{N: x[0], C: x[1], H: 1, W: x[2], O: w[1], KH: 1, KW: w[3],
			SH: 1, SW: win.Stride[1], HO: 1, WO: lout}
	}
	if len(x) != 4 || len(w) != 6 || x[1] != w[3] || w[4] != win.Kernel[0] || w[5] != win.Kernel[1] {
		panic(fmt.Sprintf("tensor: %s: shapes %v (x) and %v (w) with kernel %v: want x [N C H W], w [Ho Wo O C kh kw]",
			op, x, w, win.Kernel))
	}
	ho, wo := win.check(op, x[2], x[3])
	if w[0] != ho || w[1] != wo {
		panic(fmt.Sprintf("tensor: %s: shapes %v (x) and %v (w): the output is %d×%d, want w [%d %d O C kh kw]",
			op, x, w, ho, wo, ho, wo))
	}
	return kernel.ConvDims{
		N: x[0], C: x[1], H: x[2], W: x[3], O: w[2], KH: w[4], KW: w[5],
		SH: win.Stride[0], SW: win.Stride[1], PH: win.Padding[0], PW: win.Padding[1], HO: ho, WO: wo,
	}
}

// localBias checks b against the layer d ([O, Ho, Wo], or with oneD
// [O, Lout]) and returns its data, nil for no bias.
func localBias[T Float](op string, b *Tensor[T], d kernel.ConvDims, oneD bool) []T {
	if b == nil {
		return nil
	}
	if oneD && !sameInts(b.shape, d.O, d.WO) || !oneD && !sameInts(b.shape, d.O, d.HO, d.WO) {
		want := fmt.Sprint([]int{d.O, d.HO, d.WO})
		if oneD {
			want = fmt.Sprint([]int{d.O, d.WO})
		}
		panic(fmt.Sprintf("tensor: %s: bias shape %v, want %s", op, b.shape, want))
	}
	return b.data
}
