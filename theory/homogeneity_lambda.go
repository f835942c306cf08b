package theory

import (
	"fmt"
	"math"

	"github.com/deeptheory/deeptheory/nn"
)

// homogC15 follows the Lagrange multiplier of the constrained problem along
// the lr 1e-2 GD run of C12 (P1): in the mean-loss form
//
//	λ(t) = (1/2N) Σₙ e^{−mₙ} mₙ,  mₙ = yₙ f(W; xₙ),
//
// read at every step as −⟨W_1, ∇_{W_1} L⟩/2 (equal to it by the Euler
// identity of C10; cross-checked against the margins at the recorded points).
func homogC15(cfg Config, r *Result, progress Progress) {
	x, y, init := homogP1(cfg)
	const lr = 1e-2
	steps := 40000
	if cfg.Size == Full {
		steps = 160000
	}
	r.Setup = fmt.Sprintf("The run of C12 at lr %g (P1: d = 5, N = 40, 5–20–1 bias-free ReLU, N(0, 0.5²), mean exponential loss, full-batch GD), "+
		"%d steps (flow time %g). λ(t) = (1/2N) Σ e^{−m_n} m_n with m_n = y_n f(x_n), taken as −⟨W_1, ∇_1 L⟩/2 at every step.", lr, steps, float64(steps)*lr)
	r.Criterion = "λ never increases after the mean loss falls below 1/N; λ(2t)/λ(t) ∈ [0.4, 0.65] for the last two doublings; " +
		"max/min of t·λ(t)/log t over the last two decades of t (log-spaced points) < 3; the Euler form of λ agrees with the margin form to 1e-10."
	progress.Report("C15", 0, 1)
	// One step more, so that λ and the loss are known at every k·lr, k = 0..steps.
	run := homogBalance(init, x, y, lr, steps+1, true)
	n := float64(y.Len())

	// Cross-check λ from the margins at the final weights against the Euler form.
	out := homogOutVec(run.final, x)
	var lamMargins float64
	for i, f := range out {
		m := y.Data()[i] * f
		lamMargins += math.Exp(-m) * m / (2 * n)
	}
	// Euler form at the final weights: one more gradient.
	_, g := homogLossGrads(run.final, nn.ExpLoss[float64], x, y, homogWeights(run.final))
	lamEuler := -homogInner(homogWeights(run.final)[0], g[0]) / 2
	r.Require("|λ(margins) − λ(Euler)|/λ at the end", math.Abs(lamMargins-lamEuler)/lamMargins, "<", 1e-10)

	// λ at flow time k·lr (before step k+1).
	lam := func(k int) float64 { return run.lambda[k] }
	start := -1
	for k, l := range run.loss {
		if l < 1/n {
			start = k
			break
		}
	}
	increases := 0
	if start < 0 {
		r.RequireTrue("the mean loss falls below 1/N", false)
	} else {
		r.Measure("flow time when the mean loss falls below 1/N", float64(start)*lr)
		for k := start + 1; k <= steps; k++ {
			if lam(k) > lam(k-1) {
				increases++
			}
		}
	}
	r.Require("steps after loss < 1/N at which λ increases", float64(increases), "<=", 0)
	for _, s := range []int{steps / 4, steps / 2} {
		ratio := lam(2*s) / lam(s)
		r.Measure(fmt.Sprintf("λ at t = %g", float64(s)*lr), lam(s))
		r.Require(fmt.Sprintf("λ(%g)/λ(%g) ≥", float64(2*s)*lr, float64(s)*lr), ratio, ">=", 0.4)
		r.Require(fmt.Sprintf("λ(%g)/λ(%g) ≤", float64(2*s)*lr, float64(s)*lr), ratio, "<=", 0.65)
	}
	r.Measure(fmt.Sprintf("λ at t = %g", float64(steps)*lr), lam(steps))
	lo, hi := math.Inf(1), 0.0
	curve := Curve{Name: "Lagrange multiplier λ(t) (P1, lr 1e-2)", XLabel: "flow time t", YLabel: "λ = (1/2N) Σ e^{−m} m", LogX: true, LogY: true}
	scaled := Curve{Name: "t·λ(t)/log t (P1, lr 1e-2)", XLabel: "flow time t", YLabel: "t·λ/log t", LogX: true}
	for i := range 61 {
		t := float64(steps) * lr * math.Pow(10, -3+float64(i)/20) // three decades, 20 points each
		s := int(math.Round(t / lr))
		if s < 1 || s > steps {
			continue
		}
		tt := float64(s) * lr
		curve.X = append(curve.X, tt)
		curve.Y = append(curve.Y, lam(s))
		if tt < 2 { // t·λ/log t needs log t well away from 0
			continue
		}
		v := tt * lam(s) / math.Log(tt)
		scaled.X = append(scaled.X, tt)
		scaled.Y = append(scaled.Y, v)
		if i >= 20 { // the last two decades
			lo, hi = min(lo, v), max(hi, v)
		}
	}
	r.Measure("min t·λ/log t over the last two decades", lo)
	r.Measure("max t·λ/log t over the last two decades", hi)
	r.Require("max/min of t·λ(t)/log t over the last two decades", hi/lo, "<", 3)
	r.AddCurve(curve)
	r.AddCurve(scaled)
	r.AddData("x", x)
	r.AddData("y", y)
	r.AddModel("final", layerList(5, 20, 1), run.final.Params())
	progress.Report("C15", 1, 1)
}
