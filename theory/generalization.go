package theory

import (
	"math"
	"math/rand/v2"

	"github.com/deeptheory/deeptheory/autograd"
	"github.com/deeptheory/deeptheory/nn"
	"github.com/deeptheory/deeptheory/optim"
	"github.com/deeptheory/deeptheory/tensor"
	"gonum.org/v1/gonum/mat"
)

// generalizationClaims are the claims of §5 of CLAIMS.md: uniform
// convergence for the normalized class (C20), the slope-1 relation between
// normalized train and test losses (C21, C22), no overfitting with width
// (C23) and the minimum-norm interpolant's leave-one-out stability (C24).
var generalizationClaims = []Claim{
	{
		ID: "C20", Family: "generalization",
		Statement:  "The normalized class (unit-norm layers) has an empirical Rademacher complexity of order max‖x‖/√N, so classical uniform convergence applies to it.",
		Experiment: genRademacherClaim,
	},
	{
		ID: "C21", Family: "generalization",
		Statement:  "The normalized test loss of many networks is their normalized training loss plus a small positive constant (a slope-1 line), random-label networks included; the unnormalized losses show no such relation.",
		Experiment: genSlopeOneClaim,
	},
	{
		ID: "C22", Family: "generalization",
		Statement:  "Networks with the same (zero) training error differ in test error by init scale or corrupted pre-training, and their normalized training loss tracks the test error.",
		Experiment: genRankClaim,
	},
	{
		ID: "C23", Family: "generalization",
		Statement:  "The test error does not rise as the width grows far beyond the number of training points.",
		Experiment: genWidthClaim,
	},
	{
		ID: "C24", Family: "generalization",
		Statement:  "Among interpolating solutions of an overparametrized linear regression the minimum-norm one has the smallest leave-one-out error, and hence expected error.",
		Experiment: genLOOClaim,
	},
}

// genTrain takes steps of opt (bound to model's parameters) against loss(model(x)),
// the loss on the whole batch x: the family's one training loop besides
// setup.go's fullBatchGD.
func genTrain(model *nn.Sequential[float64], loss lossFunc, x *tensor.Tensor[float64], opt optim.Optimizer[float64], steps int) {
	tp := autograd.NewTape[float64]()
	for range steps {
		tp.Reset()
		opt.Step(loss(model.Forward(tp.Const(x))))
	}
}

// genLogistic returns the loss function mean log(1 + exp(−yₙ·f(xₙ))) for
// labels y of ±1.
func genLogistic(y *tensor.Tensor[float64]) lossFunc {
	return func(out *autograd.Var[float64]) *autograd.Var[float64] { return nn.LogisticLoss(out, y) }
}

// genLogisticValue returns (1/N) Σₙ log(1 + exp(−yₙsₙ)) for scores s and
// labels y of ±1, each term computed stably as max(−m, 0) + log1p(e^{−|m|})
// with m = yₙsₙ.
func genLogisticValue(scores, y *tensor.Tensor[float64]) float64 {
	var sum float64
	for _, m := range Margins(scores, y) {
		sum += max(-m, 0) + math.Log1p(math.Exp(-math.Abs(m)))
	}
	return sum / float64(y.Len())
}

// genErrorRate returns the fraction of samples with yₙsₙ ≤ 0 (a zero score
// counts as an error).
func genErrorRate(scores, y *tensor.Tensor[float64]) float64 {
	var wrong int
	for _, m := range Margins(scores, y) {
		if m <= 0 {
			wrong++
		}
	}
	return float64(wrong) / float64(y.Len())
}

// genRandomSigns returns n independent signs ±1 with probability 1/2 each.
func genRandomSigns(r *rand.Rand, n int) *tensor.Tensor[float64] {
	s := tensor.Zeros[float64](n)
	for i := range s.Data() {
		if r.Uint64()&1 == 1 {
			s.Data()[i] = 1
		} else {
			s.Data()[i] = -1
		}
	}
	return s
}

// genRows returns rows [lo, hi) of a [N, ...] tensor or elements [lo, hi)
// of a [N] tensor, as a new tensor.
func genRows(t *tensor.Tensor[float64], lo, hi int) *tensor.Tensor[float64] {
	shape := append([]int{hi - lo}, t.Shape()[1:]...)
	width := t.Len() / t.Dim(0)
	return tensor.FromSlice(append([]float64(nil), t.Data()[lo*width:hi*width]...), shape...)
}

// genTensorOf copies a gonum matrix into a tensor of the same shape.
func genTensorOf(m *mat.Dense) *tensor.Tensor[float64] {
	rows, cols := m.Dims()
	t := tensor.Zeros[float64](rows, cols)
	for i := range rows {
		for j := range cols {
			t.Set(m.At(i, j), i, j)
		}
	}
	return t
}

// genTensorOfVec copies a gonum vector into a tensor [n].
func genTensorOfVec(v *mat.VecDense) *tensor.Tensor[float64] {
	t := tensor.Zeros[float64](v.Len())
	for i := range v.Len() {
		t.Data()[i] = v.AtVec(i)
	}
	return t
}
