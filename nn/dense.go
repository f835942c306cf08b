package nn

import (
	"fmt"
	"math/rand/v2"

	"github.com/deeptheory/deeptheory/autograd"
	"github.com/deeptheory/deeptheory/tensor"
)

// Dense is a fully connected layer, PyTorch's Linear: for x [N, in],
//
//	y[n, o] = Σᵢ x[n, i]·Weight[o, i] + Bias[o].
//
// Weight is [out, in]; Bias is [out], or nil for a bias-free layer (the
// homogeneous networks of the theory). Params: "weight", "bias" (if any).
type Dense[T Float] struct {
	Weight *tensor.Tensor[T]
	Bias   *tensor.Tensor[T]
}

// NewDense returns a Dense layer from in to out units, initialized as
// PyTorch's Linear: Weight and then Bias drawn from U[−1/√in, 1/√in].
func NewDense[T Float](r *rand.Rand, in, out int, bias bool) *Dense[T] {
	if in < 1 || out < 1 {
		panic(fmt.Sprintf("nn: NewDense: sizes %d → %d", in, out))
	}
	d := &Dense[T]{Weight: tensor.Zeros[T](out, in), Bias: newBias[T](bias, out)}
	defaultInit(r, d.Weight, d.Bias, in)
	return d
}

// Params returns "weight" [out, in] and "bias" [out] if the layer has one.
func (d *Dense[T]) Params() []Param[T] { return weightAndBias(d.Weight, d.Bias) }

// Forward returns x·Weightᵀ + Bias for x [N, in] (autograd.Linear).
func (d *Dense[T]) Forward(x *autograd.Var[T]) *autograd.Var[T] {
	return d.forwardWith(x, mustWeight("Dense", x.Tape(), d.Weight))
}

func (d *Dense[T]) forwardWith(x, w *autograd.Var[T]) *autograd.Var[T] {
	return autograd.Linear(x, w, param(x.Tape(), d.Bias))
}

func (d *Dense[T]) weights() (w, b **tensor.Tensor[T], unitDims int) {
	return &d.Weight, &d.Bias, 1
}
func (d *Dense[T]) shallowCopy() weighted[T] { c := *d; return &c }
