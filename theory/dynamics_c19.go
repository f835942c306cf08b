package theory

import (
	"fmt"
	"math"
)

// C19: the smoothed normalized margin is monotone after separation.

// dynC19Steps is the length of C19's run.
func dynC19Steps(s Size) int {
	if s == Full {
		return 400_000
	}
	return 40_000
}

// dynC19 is C19's experiment: the smoothed normalized margin of the P1
// network checked at every step after separation.
func dynC19(cfg Config, r *Result, progress Progress) {
	const lr = 1e-2
	total := dynC19Steps(cfg.Size)
	steps := dynCheckpoints(total, 10)
	r.Setup = fmt.Sprintf("P1: d = 5, N = 40, x ~ N(0, I) labelled by a 3-unit ReLU teacher with output signs (+,−,+); "+
		"bias-free ReLU net 5-20-1 (K = 2), init N(0, 0.5²), full-batch GD (framework tape, optim.SGD) on the mean exponential loss, lr %g, %d steps. "+
		"At every step: L_sum = Σₙ e^{−yₙf(xₙ)} and γ̃ = log(1/L_sum)/‖θ‖², θ all weights.", lr, total)
	r.Criterion = "The data get separated (L_sum < 1 at some step). Lyu & Li prove γ̃ non-decreasing for gradient flow, and for GD where the loss is smooth; a ReLU network's loss has kinks where an entry of the activation pattern sign(W₁xₙ) flips, and a finite step across one can fall by a discretization error. So: " +
		"zero steps without an activation flip where γ̃ falls by more than a relative 1e-10; and every step where it falls (necessarily across a kink) is a discretization error: replayed from the same weights over the same interval lr as m = 2, 4, …, 32 steps of lr/m (approaching the flow), the finest replay does not fall (relative fall ≤ 1e-10). " +
		"The exact bounds log(1/L_sum) ≤ minₙ yₙfₙ ≤ log(1/L_sum) + log N hold at every step to a relative 1e-12."
	run := dynP1(cfg, 19, lr, steps, func(s int) { progress.Report("C19", s, total) })
	r.Measure("first step with L_sum < 1", float64(run.Separated))
	r.Measure("steps compared", float64(run.Compared))
	r.Measure("largest relative fall of γ̃ (negative: smallest rise)", run.WorstDrop)
	r.Measure("decreases of γ̃ at steps that flipped a ReLU activation", float64(run.KinkDecreases))
	r.Measure("decreases of log(1/L_sum)/(ρ₁ρ₂) beyond 1e-10", float64(run.ProdDecreases))
	r.Measure("γ̃ at the end", run.Smoothed[len(steps)-1])
	r.Measure("normalized margin min yf/(ρ₁ρ₂) at the end", run.Margin[len(steps)-1])
	r.RequireTrue("the data are separated (L_sum < 1) within the run", run.Separated >= 0)
	r.Measure("steps where γ̃ fell by more than a relative 1e-10", float64(run.Decreases))
	r.Require("falls of γ̃ beyond 1e-10 at steps without an activation flip", float64(run.Decreases-run.KinkDecreases), "<=", 0)
	finest := len(dynReplaySubsteps) - 1
	worst := math.Inf(-1)
	for i, rp := range run.Replays {
		r.Measure(fmt.Sprintf("fall %d: relative fall of the step (kink %v)", i+1, run.Kink[i]), rp[0])
		for j := 1; j < len(rp); j++ {
			r.Measure(fmt.Sprintf("fall %d: replayed as %d steps of lr/%d", i+1, dynReplaySubsteps[j], dynReplaySubsteps[j]), rp[j])
		}
		worst = max(worst, rp[finest])
	}
	if len(run.Replays) > 0 {
		r.Require(fmt.Sprintf("largest relative fall of γ̃ over a fallen step's interval replayed as %d steps", dynReplaySubsteps[finest]), worst, "<=", 1e-10)
	}
	r.Require("violation of log(1/L) ≤ min yf ≤ log(1/L) + log N", run.Sandwich, "<", 1e-12)
	var ts, gs []float64
	for i, s := range steps {
		if !math.IsNaN(run.Smoothed[i]) {
			ts, gs = append(ts, lr*float64(s)), append(gs, run.Smoothed[i])
		}
	}
	r.AddCurve(Curve{Name: "smoothed normalized margin γ̃ = log(1/L_sum)/‖θ‖²", XLabel: "t = lr·steps", YLabel: "γ̃", LogX: true, X: ts, Y: gs})
	r.AddCurve(Curve{Name: "normalized margin min yf/(ρ₁ρ₂)", XLabel: "t = lr·steps", YLabel: "γ", LogX: true, X: dynFloats(steps, lr), Y: run.Margin})
	r.AddData("x", run.X)
	r.AddData("y", run.Y)
	r.AddModel("P1 ReLU", layerList(dynP1Widths...), run.Model.Params())
}
