package nn

import (
	"fmt"

	"github.com/deeptheory/deeptheory/autograd"
	"github.com/deeptheory/deeptheory/tensor"
)

// BatchNorm holds what BatchNorm1D and BatchNorm2D share: per channel c,
//
//	y = (x − μ_c)/√(σ²_c + Eps)·Weight[c] + Bias[c],
//
// where in training mode μ_c and σ²_c are the mean and biased variance of
// channel c over the batch (and every spatial position), and in evaluation
// mode the running statistics. The mode is set by SetTraining (nn's
// SetTraining for a whole model: PyTorch's train() and eval()); a new layer
// is in training mode. Each training-mode Forward updates the running
// statistics as PyTorch does (momentum m = Momentum, n values per channel),
// whether or not x is on a tape: the tape only decides whether gradients
// are recorded, the mode decides what is computed and updated.
//
//	RunningMean ← m·μ + (1 − m)·RunningMean
//	RunningVar  ← m·σ²·n/(n − 1) + (1 − m)·RunningVar   (the unbiased variance)
//
// Weight (γ) and Bias (β) are [C], or both nil without the affine map.
// Params: "weight", "bias" (if affine). Buffers: "running_mean",
// "running_var" (PyTorch's num_batches_tracked is not kept: with a fixed
// momentum it plays no part, and safetensors here holds floats only).
type BatchNorm[T Float] struct {
	Weight, Bias            *tensor.Tensor[T]
	RunningMean, RunningVar *tensor.Tensor[T]
	Momentum, Eps           float64
	Training                bool
}

func newBatchNorm[T Float](op string, channels int, affine bool) BatchNorm[T] {
	if channels < 1 {
		panic(fmt.Sprintf("nn: %s: %d channels", op, channels))
	}
	bn := BatchNorm[T]{
		RunningMean: tensor.Zeros[T](channels), RunningVar: tensor.Full[T](1, channels),
		Momentum: 0.1, Eps: 1e-5, Training: true,
	}
	if affine {
		bn.Weight, bn.Bias = tensor.Full[T](1, channels), tensor.Zeros[T](channels)
	}
	return bn
}

// Params returns "weight" and "bias" [C] if the layer is affine.
func (bn *BatchNorm[T]) Params() []Param[T] {
	if bn.Weight == nil {
		return nil
	}
	return []Param[T]{{Name: "weight", Value: bn.Weight}, {Name: "bias", Value: bn.Bias}}
}

// Buffers returns "running_mean" and "running_var" [C].
func (bn *BatchNorm[T]) Buffers() []Param[T] {
	return []Param[T]{{Name: "running_mean", Value: bn.RunningMean}, {Name: "running_var", Value: bn.RunningVar}}
}

// SetTraining selects batch statistics (on) or running statistics (off).
func (bn *BatchNorm[T]) SetTraining(on bool) { bn.Training = on }

// forward normalizes x, whose channel axis is 1, over every other axis: in
// training mode with autograd.BatchNorm (the statistics and the output in
// one sweep per channel), in evaluation mode as the affine map of the
// running statistics.
func (bn *BatchNorm[T]) forward(op string, x *autograd.Var[T]) *autograd.Var[T] {
	tp := x.Tape()
	shape := x.Shape()
	c := bn.RunningMean.Len()
	if shape[1] != c {
		panic(fmt.Sprintf("nn: %s: input %v has %d channels, the layer %d", op, shape, shape[1], c))
	}
	var weight, bias *autograd.Var[T]
	if bn.Weight != nil {
		weight, bias = tp.Param(bn.Weight), tp.Param(bn.Bias)
	}
	if bn.Training {
		n := x.Value().Len() / c
		if n < 2 {
			panic(fmt.Sprintf("nn: %s: training needs more than one value per channel, input %v", op, shape))
		}
		y, mean, variance := autograd.BatchNorm(x, weight, bias, bn.Eps)
		bn.update(mean.Data(), variance.Data(), n)
		return y
	}
	// Per-channel tensors are viewed as [1, C, 1, ...] to broadcast against x.
	bshape := make([]int, len(shape))
	for i := range bshape {
		bshape[i] = 1
	}
	bshape[1] = c
	centered := autograd.Sub(x, tp.Const(bn.RunningMean.Reshape(bshape...)))
	scale := autograd.PowScalar(autograd.AddScalar(tp.Const(bn.RunningVar.Reshape(bshape...)), T(bn.Eps)), -0.5)
	if weight == nil {
		return autograd.Mul(centered, scale)
	}
	scale = autograd.Mul(scale, autograd.Reshape(weight, bshape...))
	return autograd.Add(autograd.Mul(centered, scale), autograd.Reshape(bias, bshape...))
}

// update folds the batch statistics into the running ones.
func (bn *BatchNorm[T]) update(mean, variance []T, n int) {
	m := T(bn.Momentum)
	unbias := T(float64(n) / float64(n-1))
	rm, rv := bn.RunningMean.Data(), bn.RunningVar.Data()
	for c := range rm {
		rm[c] = m*mean[c] + (1-m)*rm[c]
		rv[c] = m*(variance[c]*unbias) + (1-m)*rv[c]
	}
}

// BatchNorm1D is batch normalization over x [N, C] or [N, C, L]
// (PyTorch's BatchNorm1d); see BatchNorm.
type BatchNorm1D[T Float] struct{ BatchNorm[T] }

// NewBatchNorm1D returns a BatchNorm1D layer in training mode with
// momentum 0.1, Eps 1e-5, running mean 0 and variance 1, and, if affine,
// Weight 1 and Bias 0 (PyTorch's defaults).
func NewBatchNorm1D[T Float](channels int, affine bool) *BatchNorm1D[T] {
	return &BatchNorm1D[T]{newBatchNorm[T]("NewBatchNorm1D", channels, affine)}
}

// Forward normalizes x [N, C] or [N, C, L].
func (bn *BatchNorm1D[T]) Forward(x *autograd.Var[T]) *autograd.Var[T] {
	if d := len(x.Shape()); d != 2 && d != 3 {
		panic(fmt.Sprintf("nn: BatchNorm1D: input %v is not [N C] or [N C L]", x.Shape()))
	}
	return bn.forward("BatchNorm1D", x)
}

// BatchNorm2D is batch normalization over x [N, C, H, W] (PyTorch's
// BatchNorm2d); see BatchNorm.
type BatchNorm2D[T Float] struct{ BatchNorm[T] }

// NewBatchNorm2D returns a BatchNorm2D layer with PyTorch's defaults (see NewBatchNorm1D).
func NewBatchNorm2D[T Float](channels int, affine bool) *BatchNorm2D[T] {
	return &BatchNorm2D[T]{newBatchNorm[T]("NewBatchNorm2D", channels, affine)}
}

// Forward normalizes x [N, C, H, W].
func (bn *BatchNorm2D[T]) Forward(x *autograd.Var[T]) *autograd.Var[T] {
	if len(x.Shape()) != 4 {
		panic(fmt.Sprintf("nn: BatchNorm2D: input %v is not [N C H W]", x.Shape()))
	}
	return bn.forward("BatchNorm2D", x)
}
