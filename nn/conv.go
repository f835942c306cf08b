package nn

import (
	"fmt"
	"math/rand/v2"

	"github.com/deeptheory/deeptheory/autograd"
	"github.com/deeptheory/deeptheory/tensor"
)

// Conv2D is a 2-D convolution (cross-correlation), PyTorch's Conv2d: for
// x [N, C, H, W] with zero padding (ph, pw),
//
//	y[n, o, i, j] = Bias[o] + Σ_{c,p,q} Weight[o, c, p, q]·xpad[n, c, i·sh + p, j·sw + q].
//
// Weight is [O, C, kh, kw]; Bias is [O] or nil. Params: "weight", "bias".
type Conv2D[T Float] struct {
	Weight  *tensor.Tensor[T]
	Bias    *tensor.Tensor[T]
	Stride  [2]int
	Padding [2]int
}

// NewConv2D returns a Conv2D layer from in to out channels, initialized as
// PyTorch's Conv2d: Weight and Bias from U[−1/√fanIn, 1/√fanIn] with
// fanIn = in·kh·kw.
func NewConv2D[T Float](r *rand.Rand, in, out int, kernel, stride, padding [2]int, bias bool) *Conv2D[T] {
	win := tensor.Window{Kernel: kernel, Stride: stride, Padding: padding}
	if err := checkLayer(in, out, win, kernel); err != nil {
		panic(fmt.Sprintf("nn: NewConv2D: channels %d → %d: %v", in, out, err))
	}
	c := &Conv2D[T]{
		Weight: tensor.Zeros[T](out, in, kernel[0], kernel[1]), Bias: newBias[T](bias, out),
		Stride: stride, Padding: padding,
	}
	defaultInit(r, c.Weight, c.Bias, in*kernel[0]*kernel[1])
	return c
}

// Params returns "weight" [O, C, kh, kw] and "bias" [O] if the layer has one.
func (c *Conv2D[T]) Params() []Param[T] { return weightAndBias(c.Weight, c.Bias) }

// Forward returns the convolution of x [N, C, H, W] (autograd.Conv2D).
func (c *Conv2D[T]) Forward(x *autograd.Var[T]) *autograd.Var[T] {
	return c.forwardWith(x, mustWeight("Conv2D", x.Tape(), c.Weight))
}

func (c *Conv2D[T]) forwardWith(x, w *autograd.Var[T]) *autograd.Var[T] {
	return autograd.Conv2D(x, w, param(x.Tape(), c.Bias), c.Stride, c.Padding)
}

func (c *Conv2D[T]) weights() (w, b **tensor.Tensor[T], unitDims int) {
	return &c.Weight, &c.Bias, 1
}
func (c *Conv2D[T]) shallowCopy() weighted[T] { cc := *c; return &cc }

// Conv1D is a 1-D convolution, PyTorch's Conv1d: for x [N, C, L] with zero
// padding p on each side,
//
//	y[n, o, l] = Bias[o] + Σ_{c,j} Weight[o, c, j]·xpad[n, c, l·stride + j].
//
// Weight is [O, C, k]; Bias is [O] or nil. Params: "weight", "bias".
type Conv1D[T Float] struct {
	Weight  *tensor.Tensor[T]
	Bias    *tensor.Tensor[T]
	Stride  int
	Padding int
}

// NewConv1D returns a Conv1D layer from in to out channels, initialized as
// PyTorch's Conv1d (U[−1/√fanIn, 1/√fanIn], fanIn = in·kernel).
func NewConv1D[T Float](r *rand.Rand, in, out, kernel, stride, padding int, bias bool) *Conv1D[T] {
	if err := checkLayer(in, out, tensor.Window1D(kernel, stride, padding), [2]int{1, kernel}); err != nil {
		panic(fmt.Sprintf("nn: NewConv1D: channels %d → %d: %v", in, out, err))
	}
	c := &Conv1D[T]{Weight: tensor.Zeros[T](out, in, kernel), Bias: newBias[T](bias, out), Stride: stride, Padding: padding}
	defaultInit(r, c.Weight, c.Bias, in*kernel)
	return c
}

// Params returns "weight" [O, C, k] and "bias" [O] if the layer has one.
func (c *Conv1D[T]) Params() []Param[T] { return weightAndBias(c.Weight, c.Bias) }

// Forward returns the convolution of x [N, C, L] (autograd.Conv1D).
func (c *Conv1D[T]) Forward(x *autograd.Var[T]) *autograd.Var[T] {
	return c.forwardWith(x, mustWeight("Conv1D", x.Tape(), c.Weight))
}

func (c *Conv1D[T]) forwardWith(x, w *autograd.Var[T]) *autograd.Var[T] {
	return autograd.Conv1D(x, w, param(x.Tape(), c.Bias), c.Stride, c.Padding)
}

func (c *Conv1D[T]) weights() (w, b **tensor.Tensor[T], unitDims int) {
	return &c.Weight, &c.Bias, 1
}
func (c *Conv1D[T]) shallowCopy() weighted[T] { cc := *c; return &cc }

// checkLayer returns an error unless a layer from in to out channels has
// positive channel counts and win is valid for inputs of the given size
// (a convolution, valid for any input its kernel fits, passes its kernel).
func checkLayer(in, out int, win tensor.Window, size [2]int) error {
	if in < 1 || out < 1 {
		return fmt.Errorf("channel counts must be positive")
	}
	return win.Check(size[0], size[1])
}
