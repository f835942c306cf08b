package theory

import (
	"math"

	"github.com/deeptheory/deeptheory/autograd"
	"github.com/deeptheory/deeptheory/nn"
	"github.com/deeptheory/deeptheory/optim"
	"github.com/deeptheory/deeptheory/tensor"
)

// approxTrain fits model to (x, y) by full-batch Adam (PyTorch's defaults,
// betas (0.9, 0.999), eps 1e-8) on the mean squared error for iters steps,
// the learning rate decaying geometrically from lr to lr/10:
//
//	η_t = lr · 10^(−t/iters),  t = 0 .. iters−1.
//
// It returns the training MSE after the last step. This is the family's one
// training loop; it reuses one tape.
func approxTrain(model *nn.Sequential[float64], x, y *tensor.Tensor[float64], lr float64, iters int) float64 {
	opt := optim.NewAdam(model.Params(), optim.AdamDefaults(lr))
	tp := autograd.NewTape[float64]()
	for t := range iters {
		tp.Reset()
		loss := nn.MSELoss(model.Forward(tp.Const(x)), y)
		opt.SetLR(lr * math.Pow(10, -float64(t)/float64(iters)))
		opt.Step(loss)
	}
	return approxMSE(model, x, y)
}

// approxMSE returns the mean squared error of model on (x, y), evaluated
// without a tape.
func approxMSE(model *nn.Sequential[float64], x, y *tensor.Tensor[float64]) float64 {
	out := model.Forward(autograd.Const(x)).Value().Data()
	var s float64
	for i, yi := range y.Data() {
		d := out[i] - yi
		s += d * d
	}
	return s / float64(y.Len())
}
