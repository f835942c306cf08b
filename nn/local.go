package nn

import (
	"fmt"
	"math/rand/v2"

	"github.com/deeptheory/deeptheory/autograd"
	"github.com/deeptheory/deeptheory/tensor"
)

// LocallyConnected1D is a 1-D convolution without weight sharing: every
// output position l has its own filters. For x [N, C, L] (no padding),
//
//	y[n, o, l] = Bias[o, l] + Σ_{c,j} Weight[l, o, c, j]·x[n, c, l·stride + j].
//
// Weight is [Lout, O, C, k] with Lout = ⌊(L − k)/stride⌋ + 1; Bias is
// [O, Lout] or nil. Params: "weight", "bias". An output unit is a pair
// (l, o), whose fan-in is C·k.
type LocallyConnected1D[T Float] struct {
	Weight *tensor.Tensor[T]
	Bias   *tensor.Tensor[T]
	Stride int
}

// NewLocallyConnected1D returns a layer from in to out channels for inputs
// of the given length, initialized like a convolution (U[−1/√fanIn,
// 1/√fanIn] with fanIn = in·kernel, the fan-in of one output unit).
func NewLocallyConnected1D[T Float](r *rand.Rand, in, out, length, kernel, stride int, bias bool) *LocallyConnected1D[T] {
	if err := checkLayer(in, out, tensor.Window1D(kernel, stride, 0), [2]int{1, length}); err != nil {
		panic(fmt.Sprintf("nn: NewLocallyConnected1D: channels %d → %d: %v", in, out, err))
	}
	lout := (length-kernel)/stride + 1
	l := &LocallyConnected1D[T]{Weight: tensor.Zeros[T](lout, out, in, kernel), Bias: newBias[T](bias, out, lout), Stride: stride}
	defaultInit(r, l.Weight, l.Bias, in*kernel)
	return l
}

// Params returns "weight" [Lout, O, C, k] and "bias" [O, Lout] if the layer has one.
func (l *LocallyConnected1D[T]) Params() []Param[T] { return weightAndBias(l.Weight, l.Bias) }

// Forward returns the layer's output [N, O, Lout] for x [N, C, L]
// (autograd.LocallyConnected1D).
func (l *LocallyConnected1D[T]) Forward(x *autograd.Var[T]) *autograd.Var[T] {
	return l.forwardWith(x, mustWeight("LocallyConnected1D", x.Tape(), l.Weight))
}

func (l *LocallyConnected1D[T]) forwardWith(x, w *autograd.Var[T]) *autograd.Var[T] {
	return autograd.LocallyConnected1D(x, w, param(x.Tape(), l.Bias), l.Stride)
}

func (l *LocallyConnected1D[T]) weights() (w, b **tensor.Tensor[T], unitDims int) {
	return &l.Weight, &l.Bias, 2
}
func (l *LocallyConnected1D[T]) shallowCopy() weighted[T] { c := *l; return &c }

// LocallyConnected2D is a 2-D convolution without weight sharing. For
// x [N, C, H, W] with zero padding (ph, pw),
//
//	y[n, o, i, j] = Bias[o, i, j] + Σ_{c,p,q} Weight[i, j, o, c, p, q]·xpad[n, c, i·sh + p, j·sw + q].
//
// Weight is [Ho, Wo, O, C, kh, kw]; Bias is [O, Ho, Wo] or nil. Params:
// "weight", "bias". An output unit is a triple (i, j, o) with fan-in C·kh·kw.
type LocallyConnected2D[T Float] struct {
	Weight  *tensor.Tensor[T]
	Bias    *tensor.Tensor[T]
	Stride  [2]int
	Padding [2]int
}

// NewLocallyConnected2D returns a layer from in to out channels for inputs
// of size [H, W], initialized like a convolution (U[−1/√fanIn, 1/√fanIn]
// with fanIn = in·kh·kw).
func NewLocallyConnected2D[T Float](r *rand.Rand, in, out int, size, kernel, stride, padding [2]int, bias bool) *LocallyConnected2D[T] {
	win := tensor.Window{Kernel: kernel, Stride: stride, Padding: padding}
	if err := checkLayer(in, out, win, size); err != nil {
		panic(fmt.Sprintf("nn: NewLocallyConnected2D: channels %d → %d: %v", in, out, err))
	}
	ho, wo := win.Out(size[0], size[1])
	l := &LocallyConnected2D[T]{
		Weight: tensor.Zeros[T](ho, wo, out, in, kernel[0], kernel[1]), Bias: newBias[T](bias, out, ho, wo),
		Stride: stride, Padding: padding,
	}
	defaultInit(r, l.Weight, l.Bias, in*kernel[0]*kernel[1])
	return l
}

// Params returns "weight" [Ho, Wo, O, C, kh, kw] and "bias" [O, Ho, Wo] if the layer has one.
func (l *LocallyConnected2D[T]) Params() []Param[T] { return weightAndBias(l.Weight, l.Bias) }

// Forward returns the layer's output [N, O, Ho, Wo] for x [N, C, H, W]
// (autograd.LocallyConnected2D).
func (l *LocallyConnected2D[T]) Forward(x *autograd.Var[T]) *autograd.Var[T] {
	return l.forwardWith(x, mustWeight("LocallyConnected2D", x.Tape(), l.Weight))
}

func (l *LocallyConnected2D[T]) forwardWith(x, w *autograd.Var[T]) *autograd.Var[T] {
	return autograd.LocallyConnected2D(x, w, param(x.Tape(), l.Bias), l.Stride, l.Padding)
}

func (l *LocallyConnected2D[T]) weights() (w, b **tensor.Tensor[T], unitDims int) {
	return &l.Weight, &l.Bias, 3
}
func (l *LocallyConnected2D[T]) shallowCopy() weighted[T] { c := *l; return &c }
