package theory

import (
	"math"

	"github.com/deeptheory/deeptheory/nn"
	"github.com/deeptheory/deeptheory/tensor"
)

// The 2-layer bias-free ReLU network of CLAIMS.md's P1 (C16, C17, C19).

// dynP1Widths are P1's layer widths: d = 5 inputs, h = 20 hidden, 1 output.
var dynP1Widths = []int{5, 20, 1}

// dynP1Std is P1's initial weight scale: weights from N(0, 0.5²).
const dynP1Std = 0.5

// dynReLURun is the history of one P1 run: measures at the checkpoint
// steps, and the smoothed margin γ̃ = log(1/L_sum)/‖θ‖² (K = 2) checked at
// every step.
type dynReLURun struct {
	X, Y  *tensor.Tensor[float64]
	Model *nn.Sequential[float64]
	LR    float64

	Steps    []int     // the checkpoints
	Rho      []float64 // ρ = ‖W₁‖_F‖W₂‖_F
	Margin   []float64 // normalized margin γ = minₙ yₙf(xₙ)/ρ
	NearMass []float64 // Σ αₙ over the points with yₙfₙ ≤ 1.05·min (NaN while min ≤ 0)
	Smoothed []float64 // γ̃ (NaN while L_sum ≥ 1)
	LossSum  []float64 // L_sum = Σₙ e^{−yₙfₙ}

	// Separated is the first step with L_sum < 1 (−1 if none); from the
	// step after it, Compared steps were compared with their predecessor.
	Separated, Compared int
	// Decreases counts the steps where γ̃ fell by more than a relative
	// 1e-10; ProdDecreases the same for log(1/L_sum)/(ρ₁ρ₂).
	Decreases, ProdDecreases int
	// WorstDrop is the largest relative fall of γ̃ after separation (≤ 0
	// when it only rose: then minus the smallest relative rise).
	WorstDrop float64
	// KinkDecreases counts the decreases of γ̃ at steps that changed the
	// hidden units' activation pattern sign(W₁xₙ) (the ReLU kinks, where the
	// loss is not smooth and a finite step can leave the flow).
	KinkDecreases int
	// Replays holds, for each step where γ̃ fell, the relative fall of γ̃
	// over the same time interval lr when the step is replayed from the
	// same θ as dynReplaySubsteps[j] substeps of lr/dynReplaySubsteps[j]
	// (Replays[i][0] is the fall of the step itself); Kink[i] tells
	// whether that step changed the activation pattern.
	Replays [][]float64
	Kink    []bool
	// Sandwich is the largest violation, over all steps, of the exact
	// bounds log(1/L_sum) ≤ minₙ yₙfₙ ≤ log(1/L_sum) + log N, relative to
	// max(1, |minₙ yₙfₙ|).
	Sandwich float64
}

// dynNearMass returns Σ αₙ over the points whose margin qₙ is within 5% of
// the smallest, αₙ = e^{−qₙ}/Σₘ e^{−qₘ}: the share of the loss's weight on
// the (near) support vectors. It returns NaN if the smallest margin is
// not positive.
func dynNearMass(q []float64) float64 {
	low := math.Inf(1)
	for _, v := range q {
		low = min(low, v)
	}
	if !(low > 0) {
		return math.NaN()
	}
	var near, total float64
	for _, v := range q {
		a := math.Exp(-(v - low))
		total += a
		if v <= 1.05*low {
			near += a
		}
	}
	return near / total
}

// dynSumSquares returns ‖θ‖² = Σ over all parameters of the squared entries.
func dynSumSquares(model *nn.Sequential[float64]) float64 {
	var sq float64
	for _, p := range model.Params() {
		for _, v := range p.Value.Data() {
			sq += v * v
		}
	}
	return sq
}

// dynP1 draws P1's data and network from cfg.Rand(stream), trains it by
// gradient descent with step lr on the mean exponential loss for the last
// checkpoint's number of steps, and returns its history. progress is told
// each checkpoint reached.
func dynP1(cfg Config, stream uint64, lr float64, checkpoints []int, progress func(step int)) *dynReLURun {
	r := cfg.Rand(stream)
	x, y := p1(r)
	model := biasFreeReLU(r, dynP1Std, dynP1Widths...)
	run := &dynReLURun{X: x, Y: y, Model: model, LR: lr, Steps: checkpoints, Separated: -1}
	n := float64(y.Len())
	layers := layersOf(model)
	prev, prevProd := math.NaN(), math.NaN()
	run.WorstDrop = math.Inf(-1)
	next := 0
	q := make([]float64, y.Len())
	w1, w2 := model.Params()[0].Value, model.Params()[1].Value
	prevW1, prevW2 := w1.Clone(), w2.Clone()
	dynGD(model, dynExpLoss(y), x, lr, checkpoints[len(checkpoints)-1], func(step int, out *tensor.Tensor[float64], loss float64) bool {
		lossSum := n * loss
		low := math.Inf(1)
		for i, f := range out.Data() {
			q[i] = y.Data()[i] * f
			low = min(low, q[i])
		}
		logInv := -math.Log(lossSum)
		run.Sandwich = max(run.Sandwich, (logInv-low)/max(1, math.Abs(low)), (low-logInv-math.Log(n))/max(1, math.Abs(low)))
		smoothed := math.NaN()
		if lossSum < 1 || run.Separated >= 0 {
			if run.Separated < 0 {
				run.Separated = step
			}
			rho := 1.0
			for _, l := range layers {
				rho *= frobenius(l.weight)
			}
			smoothed = logInv / dynSumSquares(model)
			prod := logInv / rho
			if step > run.Separated {
				run.Compared++
				drop := (prev - smoothed) / prev
				run.WorstDrop = max(run.WorstDrop, drop)
				if drop > 1e-10 {
					run.Decreases++
					kink := dynPatternFlips(prevW1, w1, x) > 0
					if kink {
						run.KinkDecreases++
					}
					run.Kink = append(run.Kink, kink)
					run.Replays = append(run.Replays, dynReplay(prevW1, prevW2, x, y, lr, prev))
				}
				if (prevProd-prod)/prevProd > 1e-10 {
					run.ProdDecreases++
				}
			}
			prev, prevProd = smoothed, prod
		}
		copy(prevW1.Data(), w1.Data())
		copy(prevW2.Data(), w2.Data())
		if next < len(checkpoints) && step == checkpoints[next] {
			rho := ProductNorm(model)
			run.Rho = append(run.Rho, rho)
			run.Margin = append(run.Margin, low/rho)
			run.NearMass = append(run.NearMass, dynNearMass(q))
			run.Smoothed = append(run.Smoothed, smoothed)
			run.LossSum = append(run.LossSum, lossSum)
			next++
			if progress != nil {
				progress(step)
			}
		}
		return true
	})
	return run
}

// dynPatternFlips returns how many of the hidden pre-activations ⟨W_j, xₙ⟩
// change sign between the first-layer weights a and b (both [h, d]).
func dynPatternFlips(a, b, x *tensor.Tensor[float64]) int {
	h, d := a.Dim(0), a.Dim(1)
	flips := 0
	for n := range x.Dim(0) {
		xn := x.Data()[n*d : (n+1)*d]
		for j := range h {
			if (dot(a.Data()[j*d:(j+1)*d], xn) > 0) != (dot(b.Data()[j*d:(j+1)*d], xn) > 0) {
				flips++
			}
		}
	}
	return flips
}

// dynReplaySubsteps are the refinements of a step replayed by dynReplay.
var dynReplaySubsteps = []int{1, 2, 4, 8, 16, 32}

// dynReplay replays one gradient step of P1's network from the weights
// (w1, w2) over the same time interval lr as m = dynReplaySubsteps[j]
// steps of lr/m, and returns for each m the relative fall (before −
// after)/before of γ̃ = log(1/L_sum)/‖θ‖², before being γ̃ at (w1, w2).
// As m grows the replay approaches the gradient flow, along which γ̃
// never falls (Lyu & Li 2020).
func dynReplay(w1, w2, x, y *tensor.Tensor[float64], lr, before float64) []float64 {
	out := make([]float64, len(dynReplaySubsteps))
	n := float64(y.Len())
	for j, m := range dynReplaySubsteps {
		model := nn.NewSequential[float64](&nn.Dense[float64]{Weight: w1.Clone()}, nn.ReLU[float64]{}, &nn.Dense[float64]{Weight: w2.Clone()})
		dynGD(model, dynExpLoss(y), x, lr/float64(m), m, func(step int, _ *tensor.Tensor[float64], loss float64) bool {
			if step == m {
				after := -math.Log(n*loss) / dynSumSquares(model)
				out[j] = (before - after) / before
			}
			return true
		})
	}
	return out
}
