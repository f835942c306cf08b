package theory

import (
	"math"
	"math/rand/v2"

	"github.com/deeptheory/deeptheory/nn"
	"github.com/deeptheory/deeptheory/tensor"
)

// Linear models (K = 1: P2, P3) and the 2-layer linear network (P4).

// dynLinearGradient returns the mean exponential loss of the linear model
// f(x) = ⟨w, x⟩ and its gradient, in closed form:
//
//	L(w) = (1/N) Σₙ e^{−mₙ},  ∇L(w) = −(1/N) Σₙ e^{−mₙ} yₙ xₙ,  mₙ = yₙ⟨w, xₙ⟩,
//
// with z = the rows yₙxₙ, written into grad.
func dynLinearGradient(z [][]float64, w, grad []float64) (loss float64) {
	clear(grad)
	scale := 1 / float64(len(z))
	for _, zn := range z {
		e := math.Exp(-dot(w, zn))
		loss += e
		for i, v := range zn {
			grad[i] -= scale * e * v
		}
	}
	return scale * loss
}

// dynLinearZ returns the rows zₙ = yₙxₙ of the data (x [N, d], y [N] of ±1).
func dynLinearZ(x, y *tensor.Tensor[float64]) [][]float64 {
	rows := dynRows(x)
	z := make([][]float64, len(rows))
	for n, row := range rows {
		z[n] = scaledVec(row, y.Data()[n])
	}
	return z
}

// dynLinearGD runs gradient descent w ← w − lr·∇L(w) on the mean
// exponential loss of the linear model from w0, with the closed-form
// gradient of dynLinearGradient (the framework's gradient of the same loss
// agrees to rounding: TestDynLinearGradientMatchesFramework), and returns w
// after each of the sorted checkpoint steps. The closed form costs a tenth
// of a tape step, which lets the tests afford 10⁶ steps.
func dynLinearGD(x, y *tensor.Tensor[float64], w0 []float64, lr float64, checkpoints []int) [][]float64 {
	z := dynLinearZ(x, y)
	w := append([]float64(nil), w0...)
	grad := make([]float64, len(w))
	out := make([][]float64, 0, len(checkpoints))
	step := 0
	for _, c := range checkpoints {
		for ; step < c; step++ {
			dynLinearGradient(z, w, grad)
			for i, g := range grad {
				w[i] -= lr * g
			}
		}
		out = append(out, append([]float64(nil), w...))
	}
	return out
}

// dynDeepLinear returns the bias-free linear network W_K···W_1 x of the
// given widths, weights drawn from N(0, std²): Linear(w0, w1, bias=False),
// Linear(w1, w2, bias=False), ... with no activation between them.
func dynDeepLinear(r *rand.Rand, std float64, widths ...int) *nn.Sequential[float64] {
	var layers []nn.Layer[float64]
	for k := 1; k < len(widths); k++ {
		d := nn.NewDense[float64](r, widths[k-1], widths[k], false)
		for i := range d.Weight.Data() {
			d.Weight.Data()[i] = std * r.NormFloat64()
		}
		layers = append(layers, d)
	}
	return nn.NewSequential(layers...)
}

// dynDeepLinearLayers returns the PyTorch layer list of dynDeepLinear.
func dynDeepLinearLayers(widths ...int) []string {
	var out []string
	for k := 1; k < len(widths); k++ {
		out = append(out, "Linear("+itoa(widths[k-1])+", "+itoa(widths[k])+", bias=False)")
	}
	return out
}

// dynEffective returns the linear predictor w = W_K···W_1 (a row of d
// numbers) that a deep linear network with one output computes.
func dynEffective(model *nn.Sequential[float64]) []float64 {
	params := model.Params()
	w := params[len(params)-1].Value.Clone() // [1, h]
	for k := len(params) - 2; k >= 0; k-- {
		w = tensor.MatMul(w, params[k].Value)
	}
	return w.Data()
}

// dynDeepLinearGD trains model (a deep linear network) by dynGD on the mean
// exponential loss of (x, y) and returns its effective predictor after
// each sorted checkpoint step.
func dynDeepLinearGD(model *nn.Sequential[float64], x, y *tensor.Tensor[float64], lr float64, checkpoints []int, progress func(step int)) [][]float64 {
	var out [][]float64
	next := 0
	dynGD(model, dynExpLoss(y), x, lr, checkpoints[len(checkpoints)-1], func(step int, _ *tensor.Tensor[float64], _ float64) bool {
		if next < len(checkpoints) && step == checkpoints[next] {
			out = append(out, dynEffective(model))
			next++
			if progress != nil {
				progress(step)
			}
		}
		return true
	})
	return out
}

// dynDirection is a linear predictor's history against the SVM: at each
// checkpoint the angle to the SVM direction, the margin ratio γ(w)/γ* and
// γ*‖w‖.
type dynDirection struct {
	Steps       []int
	Angle       []float64
	MarginRatio []float64
	ScaledNorm  []float64   // γ*‖w‖
	W           [][]float64 // w at each checkpoint
	Final       []float64   // w at the last checkpoint
}

// dynCompare measures the weights ws (one per checkpoint step) against svm.
func dynCompare(steps []int, ws [][]float64, svm SVM, x, y *tensor.Tensor[float64]) dynDirection {
	g := svm.Margin()
	d := dynDirection{Steps: steps, W: ws, Final: ws[len(ws)-1]}
	for _, w := range ws {
		d.Angle = append(d.Angle, Angle(w, svm.W))
		d.MarginRatio = append(d.MarginRatio, dynLinearMargin(w, x, y)/g)
		d.ScaledNorm = append(d.ScaledNorm, g*norm(w))
	}
	return d
}
