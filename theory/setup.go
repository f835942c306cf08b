package theory

import (
	"math/rand/v2"
	"strconv"

	"github.com/deeptheory/deeptheory/autograd"
	"github.com/deeptheory/deeptheory/nn"
	"github.com/deeptheory/deeptheory/optim"
	"github.com/deeptheory/deeptheory/tensor"
)

// Set-ups shared by several claims.

// gaussianInputs returns n samples of N(0, I_d), shape [n, d].
func gaussianInputs(r *rand.Rand, n, d int) *tensor.Tensor[float64] {
	return tensor.RandN[float64](r, n, d)
}

// teacherLabels labels the rows of x [N, d] by the sign of a bias-free ReLU
// teacher Σⱼ sⱼ·relu(⟨uⱼ, x⟩) with N(0, I) unit weights uⱼ and output signs
// sⱼ, drawn from r. It returns y [N] of ±1 (a zero score counts as +1).
func teacherLabels(r *rand.Rand, x *tensor.Tensor[float64], signs []float64) *tensor.Tensor[float64] {
	u := tensor.RandN[float64](r, len(signs), x.Dim(1))
	return reluTeacherLabels(u, signs, x)
}

// reluTeacherLabels labels the rows of x [N, d] by the sign of the teacher
// Σⱼ sⱼ·relu(⟨uⱼ, x⟩) with unit weights u [len(signs), d]: y [N] of ±1, a
// zero score counting as +1.
func reluTeacherLabels(u *tensor.Tensor[float64], signs []float64, x *tensor.Tensor[float64]) *tensor.Tensor[float64] {
	n, d := x.Dim(0), x.Dim(1)
	y := tensor.Zeros[float64](n)
	for i := range n {
		var f float64
		for j, s := range signs {
			var z float64
			for k := range d {
				z += u.At(j, k) * x.At(i, k)
			}
			f += s * max(0, z)
		}
		if f >= 0 {
			y.Data()[i] = 1
		} else {
			y.Data()[i] = -1
		}
	}
	return y
}

// p1 is CLAIMS.md's prototype P1: d = 5, N = 40 inputs from N(0, I),
// labelled by the sign of a 3-unit ReLU teacher with output signs (+,−,+).
func p1(r *rand.Rand) (x, y *tensor.Tensor[float64]) {
	x = gaussianInputs(r, 40, 5)
	return x, teacherLabels(r, x, []float64{1, -1, 1})
}

// biasFreeReLU returns a bias-free ReLU network with the given widths
// (widths[0] inputs, widths[len−1] outputs) and weights drawn from
// N(0, std²): Linear(w0, w1, bias=False), ReLU(), ..., Linear(·, wK).
func biasFreeReLU(r *rand.Rand, std float64, widths ...int) *nn.Sequential[float64] {
	var layers []nn.Layer[float64]
	for k := 1; k < len(widths); k++ {
		if k > 1 {
			layers = append(layers, nn.ReLU[float64]{})
		}
		d := nn.NewDense[float64](r, widths[k-1], widths[k], false)
		w := d.Weight.Data()
		for i := range w {
			w[i] = std * r.NormFloat64()
		}
		layers = append(layers, d)
	}
	return nn.NewSequential(layers...)
}

// layerList returns the PyTorch constructors that rebuild biasFreeReLU's
// network of the given widths.
func layerList(widths ...int) []string {
	var out []string
	for k := 1; k < len(widths); k++ {
		if k > 1 {
			out = append(out, "ReLU()")
		}
		out = append(out, "Linear("+itoa(widths[k-1])+", "+itoa(widths[k])+", bias=False)")
	}
	return out
}

func itoa(n int) string { return strconv.Itoa(n) }

// lossFunc is a loss of a network's output on a fixed data set.
type lossFunc func(out *autograd.Var[float64]) *autograd.Var[float64]

// fullBatchGD runs steps of plain gradient descent θ ← θ − lr·∇L on
// model's parameters, the loss taken on the whole input x. Before step 0
// and after every step s (1..steps) it calls observe(s), which may stop the
// run by returning false. It returns the number of steps taken.
func fullBatchGD(model *nn.Sequential[float64], loss lossFunc, x *tensor.Tensor[float64], lr float64, steps int, observe func(step int) bool) int {
	opt := optim.NewSGD(model.Params(), optim.SGDConfig{LR: lr})
	tp := autograd.NewTape[float64]()
	if observe != nil && !observe(0) {
		return 0
	}
	for s := 1; s <= steps; s++ {
		tp.Reset()
		opt.Step(loss(model.Forward(tp.Const(x))))
		if observe != nil && !observe(s) {
			return s
		}
	}
	return steps
}

// labelLoss is a loss of a network's output against labels or targets:
// nn.ExpLoss, nn.LogisticLoss, nn.HingeLoss, nn.MSELoss.
type labelLoss = func(out *autograd.Var[float64], y *tensor.Tensor[float64]) *autograd.Var[float64]

// gradientsOf returns ∂loss/∂t for each tensor t in ts, as recorded on the
// loss's tape (tp.Param(t)); the gradients belong to the tape.
func gradientsOf(loss *autograd.Var[float64], ts []*tensor.Tensor[float64]) []*tensor.Tensor[float64] {
	tp := loss.Tape()
	vars := make([]*autograd.Var[float64], len(ts))
	for i, t := range ts {
		vars[i] = tp.Param(t)
	}
	return autograd.Gradients(loss, vars...)
}

// tensorsOf returns the tensors of params, in order.
func tensorsOf(params []nn.Param[float64]) []*tensor.Tensor[float64] {
	ts := make([]*tensor.Tensor[float64], len(params))
	for i, p := range params {
		ts[i] = p.Value
	}
	return ts
}

// unnamed binds tensors that belong to no model as parameters named "0",
// "1", ... for an optimizer.
func unnamed(ts ...*tensor.Tensor[float64]) []nn.Param[float64] {
	ps := make([]nn.Param[float64], len(ts))
	for i, t := range ts {
		ps[i] = nn.Param[float64]{Name: strconv.Itoa(i), Value: t}
	}
	return ps
}
