package theory

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/deeptheory/deeptheory/autograd"
	"github.com/deeptheory/deeptheory/nn"
	"github.com/deeptheory/deeptheory/optim"
	"github.com/deeptheory/deeptheory/tensor"
)

// homogTrain is the family's one training helper: full-batch gradient
// descent W ← W − h_s·∇L on model's parameters with the mean loss on (x, y),
// for steps s = 1, 2, … with step size h_s = lrAt(s) (asked before step s,
// at the parameters the step starts from; h_s ≤ 0 ends the run). After step
// s it calls observe(s, h_s, prev, grads, loss) with the parameters before
// the step, the gradients the step used and the loss at prev; observe may
// stop the run by returning false.
func homogTrain(model *nn.Sequential[float64], loss labelLoss, x, y *tensor.Tensor[float64], lrAt func(step int) float64,
	observe func(step int, lr float64, prev, grads []*tensor.Tensor[float64], loss float64) bool) {
	params := tensorsOf(model.Params())
	opt := optim.NewSGD(model.Params(), optim.SGDConfig{LR: 1})
	tp := autograd.NewTape[float64]()
	prev := make([]*tensor.Tensor[float64], len(params))
	for i, p := range params {
		prev[i] = p.Clone()
	}
	for s := 1; ; s++ {
		lr := lrAt(s)
		if !(lr > 0) {
			return
		}
		opt.SetLR(lr)
		tp.Reset()
		l := loss(model.Forward(tp.Const(x)), y)
		grads := gradientsOf(l, params)
		for i, p := range params {
			prev[i].CopyFrom(p)
		}
		opt.Update(grads)
		if !observe(s, lr, prev, grads, l.Value().Item()) {
			return
		}
	}
}

// homogSqDelta returns ‖b‖² − ‖a‖² computed as Σ (bᵢ − aᵢ)(bᵢ + aᵢ), which
// keeps the small change of a large norm accurate.
func homogSqDelta(a, b *tensor.Tensor[float64]) float64 {
	var s float64
	ad, bd := a.Data(), b.Data()
	for i := range ad {
		s += (bd[i] - ad[i]) * (bd[i] + ad[i])
	}
	return s
}

// homogBalanceRun is what one GD run of C12 measured.
type homogBalanceRun struct {
	lr          float64 // the (base) step size
	steps       int
	identityErr float64   // max over steps and layer pairs of the per-step identity's error (the GD map), relative to the h² terms
	identityAbs float64   // the same error relative to the rounding scale 2h(ρ_1‖∇_1‖ + ρ_k‖∇_k‖) + h²(‖∇_1‖² + ‖∇_k‖²)
	accRel      float64   // max over layer pairs of |drift − accumulated|/|drift|
	storedErr   float64   // max of the stored trajectory's per-step error relative to ρ_1² + ρ_k²
	drift       []float64 // Δ(ρ_1² − ρ_{k+1}²) over the run, k = 0..K−2
	accumulated []float64 // Σ_t η_t² (‖∇_1‖² − ‖∇_{k+1}‖²), the drift the identity predicts
	growth      float64   // Δρ_1² over the run
	neuron      float64   // max_j |Δ(‖W_1[j,:]‖² − W_2[:,j]²)| (2-layer nets)
	neuronDrift []float64 // Δ(‖W_1[j,:]‖² − W_2[:,j]²) for every hidden unit j (2-layer nets)
	diverged    bool      // the loss overflowed and the run was stopped
	t           []float64 // flow time of the recorded points
	sq          [][]float64
	lambda      []float64 // λ = −⟨W_1, ∇_1 L⟩/2 before each step (Euler: (1/2N)Σ e^{−m} m)
	loss        []float64 // mean loss before each step
	flow        []float64 // flow time before each step (the t of lambda and loss)
	final       *nn.Sequential[float64]
}

// homogBalance trains a copy of init with the constant step lr for steps
// steps: homogBalanceSched with h_s = lr.
func homogBalance(init *nn.Sequential[float64], x, y *tensor.Tensor[float64], lr float64, steps int, track bool) homogBalanceRun {
	run := homogBalanceSched(init, x, y, float64(steps)*lr, func(s int, _ *nn.Sequential[float64]) float64 {
		if s > steps {
			return 0
		}
		return lr
	}, track)
	run.lr = lr
	return run
}

// homogBalanceSched trains a copy of init by GD with step h_s = lrAt(s, model)
// (asked with the model before step s; 0 ends the run) and measures the
// per-step identity Δ(ρ_k² − ρ_j²) = h_s²(‖∇_k L‖² − ‖∇_j L‖²), the drifts
// and (if track) λ and the loss at every step. flow is the run's expected
// flow time Σ h_s, used only to space the recorded points.
//
// The identity is measured twice. For the GD map W ↦ W − h∇L itself,
// Δρ_k² = −2h⟨W_k, ∇_k L⟩ + h²‖∇_k L‖² exactly, so the identity holds iff
// ⟨W_k, ∇_k L⟩ is the same for every layer; its error is
// |Δ(ρ_1² − ρ_k²) − h²(‖∇_1‖² − ‖∇_k‖²)| / (h²(‖∇_1‖² + ‖∇_k‖²)), relative to the
// size of the h² terms (their difference may vanish). Its rounding floor,
// ε·ρ‖∇L‖/(h‖∇L‖²), grows like 1/h, so it is also measured relative to the
// rounding scale of ⟨W_k, ∇_k L⟩ (Cauchy–Schwarz) and of the h² terms,
// 2h(ρ_1‖∇_1‖ + ρ_k‖∇_k‖) + h²(‖∇_1‖² + ‖∇_k‖²): a floor independent of h.
// On the stored float
// iterates, Δρ_k² = Σ(w'−w)(w'+w) also carries the rounding of w' (up to
// ε|w'| per entry, i.e. of order ε ρ_k² in Δρ_k²), so there the error is
// measured relative to ρ_1² + ρ_k².
func homogBalanceSched(init *nn.Sequential[float64], x, y *tensor.Tensor[float64], flow float64,
	lrAt func(step int, model *nn.Sequential[float64]) float64, track bool) homogBalanceRun {
	model := homogClone(init)
	ws := homogWeights(model)
	kk := len(ws)
	run := homogBalanceRun{drift: make([]float64, kk-1), accumulated: make([]float64, kk-1)}
	neuron0 := homogNeuronBalance(ws)
	var t float64
	record := func() {
		row := make([]float64, kk)
		for k, w := range ws {
			row[k] = homogInner(w, w)
		}
		run.t = append(run.t, t)
		run.sq = append(run.sq, row)
	}
	record()
	const points = 400
	next := 1
	homogTrain(model, nn.ExpLoss[float64], x, y, func(s int) float64 { return lrAt(s, model) },
		func(s int, lr float64, prev, grads []*tensor.Tensor[float64], loss float64) bool {
			run.steps = s
			before := t
			t += lr
			if math.IsInf(loss, 0) || math.IsNaN(loss) || math.IsNaN(homogInner(ws[0], ws[0])) {
				run.diverged = true
				return false
			}
			d1 := homogSqDelta(prev[0], ws[0])
			g1 := homogInner(grads[0], grads[0])
			e1 := homogInner(prev[0], grads[0])
			r1 := homogInner(ws[0], ws[0])
			run.growth += d1
			for k := 1; k < kk; k++ {
				dk := homogSqDelta(prev[k], ws[k])
				gk := homogInner(grads[k], grads[k])
				ek := homogInner(prev[k], grads[k])
				rhs := lr * lr * (g1 - gk)
				mapDelta := (-2*lr*e1 + lr*lr*g1) - (-2*lr*ek + lr*lr*gk)
				run.identityErr = max(run.identityErr, math.Abs(mapDelta-rhs)/(lr*lr*(g1+gk)))
				scale := 2*lr*(math.Sqrt(homogInner(prev[0], prev[0])*g1)+math.Sqrt(homogInner(prev[k], prev[k])*gk)) + lr*lr*(g1+gk)
				run.identityAbs = max(run.identityAbs, math.Abs(mapDelta-rhs)/scale)
				run.storedErr = max(run.storedErr, math.Abs(d1-dk-rhs)/(r1+homogInner(ws[k], ws[k])))
				run.drift[k-1] += d1 - dk
				run.accumulated[k-1] += rhs
			}
			if track {
				run.lambda = append(run.lambda, -homogInner(prev[0], grads[0])/2)
				run.loss = append(run.loss, loss)
				run.flow = append(run.flow, before)
			}
			if t >= float64(next)*flow/points*(1-1e-9) {
				record()
				next = int(t/(flow/points)*(1+1e-9)) + 1
			}
			return true
		})
	if run.diverged {
		for k := range run.drift {
			run.drift[k], run.accumulated[k] = math.NaN(), math.NaN()
		}
		run.growth, run.neuron = math.NaN(), math.NaN()
	} else {
		for k := range run.drift {
			run.accRel = max(run.accRel, math.Abs(run.drift[k]-run.accumulated[k])/math.Abs(run.drift[k]))
		}
	}
	if !run.diverged && kk == 2 {
		n1 := homogNeuronBalance(ws)
		run.neuronDrift = make([]float64, len(n1))
		for j := range n1 {
			run.neuronDrift[j] = n1[j] - neuron0[j]
			run.neuron = max(run.neuron, math.Abs(n1[j]-neuron0[j]))
		}
	}
	run.final = model
	return run
}

// homogNeuronBalance returns, for a 2-layer net (W_1 [h, d], W_2 [1, h]),
// ‖W_1[j,:]‖² − W_2[0,j]² for every hidden unit j (nil otherwise).
func homogNeuronBalance(ws []*tensor.Tensor[float64]) []float64 {
	if len(ws) != 2 || ws[1].Dim(0) != 1 {
		return nil
	}
	h, d := ws[0].Dim(0), ws[0].Dim(1)
	out := make([]float64, h)
	for j := range h {
		row := ws[0].Data()[j*d : (j+1)*d]
		out[j] = dot(row, row) - ws[1].Data()[j]*ws[1].Data()[j]
	}
	return out
}

// homogClone returns a bias-free dense network with m's layers and a copy
// of its weights.
func homogClone(m *nn.Sequential[float64]) *nn.Sequential[float64] {
	out := nn.NewSequential[float64]()
	for _, l := range m.Layers {
		if d, ok := l.(*nn.Dense[float64]); ok {
			c := *d
			c.Weight = d.Weight.Clone()
			if d.Bias != nil {
				c.Bias = d.Bias.Clone()
			}
			l = &c
		}
		out.Layers = append(out.Layers, l)
	}
	return out
}

// homogP1 returns CLAIMS.md's P1 set-up as C12 and C15 share it: data p1
// and a 5–20–1 bias-free ReLU net with N(0, 0.5²) weights, drawn from the
// generator of stream 12 (so C15 analyses the very run of C12).
func homogP1(cfg Config) (x, y *tensor.Tensor[float64], init *nn.Sequential[float64]) {
	rng := cfg.Rand(12)
	x, y = p1(rng)
	return x, y, biasFreeReLU(rng, 0.5, 5, 20, 1)
}

// homogC12 checks the per-step identity, the conservation of ρ_k² − ρ_j²
// in the flow limit, the linear-in-η law of the GD drift, the per-neuron
// invariants and a 3-layer version.
//
// Why a controlled discretisation. The claim is about the gradient FLOW.
// GD with step η is Euler's method for it, and its drift of ρ_1² − ρ_2² is
// η²Σ(‖∇_1 L‖² − ‖∇_2 L‖²) ≈ η∫(‖∇_1 L‖² − ‖∇_2 L‖²)dt: a discretisation error
// whose constant depends on the draw (it grows with the initial loss), so a
// bound on the drift at one fixed lr (CLAIMS.md's draft (ii): < 2e-3·Δρ_1²
// at lr 1e-2) is a property of the draw, not of the flow; at seed 1 it
// measures 2.4e-3, at seed 7 0.58. Worse, Euler tracks the flow only where
// η·λ_max(∇²L) ≪ 1, and λ_max at the P1 inits is 6 … 1700 (seed 7, initial
// loss 42), falling to ≲ 7 by t = 0.5: at lr 1e-2 the first steps have
// η·λ_max up to 17, GD is not near the flow there, and the drift is not
// even linear in η (halving ratios 0.25 at seed 7). So the judged runs keep
// P1's model, data and flow time but cap the step at c/λ_max (c = 0.1,
// λ_max by power iteration with Hessian-vector products), on a base level
// η0 = 1e-2 and its halvings with the same schedule shape (homogFlowLevels):
// every level is in the regime where GD tracks the flow, the drift is
// c_1·η + O(η²), and the flow-limit drift is estimated by Richardson
// extrapolation, 2d(η/2) − d(η). The claim holds iff that limit is 0 up to
// the O(η²) remainder. The constant-lr runs of CLAIMS.md are kept as
// measured quantities (and for the identity (i), exact at any η).
//
// Over seeds 1–12 (Quick) the judged levels give halving ratios 0.492 …
// 0.504, |D|/Δρ_1² ≤ 7e-7 (2 layers) and ≤ 2.1e-6 (3 layers), |D|/|d(η0)|
// ≤ 1.3e-3; even the capped base level's own drift is up to 3e-3·Δρ_1²
// (seed 7), so no fixed-η bound is a property of the flow. The criterion
// can fail: with a bias in the first layer (not homogeneous in the
// weights) the same extrapolation gives |D|/Δρ_1² ≫ 1
// (TestHomogC12FlowLimitCanFail).
func homogC12(cfg Config, r *Result, progress Progress) {
	x, y, init := homogP1(cfg)
	const flow, eta0, capC = 20.0, 1e-2, 0.1
	lrs := []float64{4e-2, 2e-2, 1e-2, 5e-3, 2.5e-3}
	levels, levels3 := 4, 3
	if cfg.Size == Full {
		lrs = append(lrs, 1.25e-3)
		levels, levels3 = 5, 4
	}
	init3 := biasFreeReLU(cfg.Rand(1012), 0.5, 5, 10, 10, 1)
	r.Setup = fmt.Sprintf("P1: d = 5, N = 40 Gaussian inputs, labels the sign of a 3-unit ReLU teacher with output signs (+,−,+); "+
		"bias-free ReLU net 5–20–1, weights N(0, 0.5²); full-batch GD on the mean exponential loss for flow time t = Σ h = %g, every run from the same init. "+
		"Judged runs (the flow): step h_n = min(η0, c/λ_max(W_n)) with η0 = %g, c = %g, λ_max = max|eig ∇²L| by power iteration with "+
		"Hessian-vector products (50 iterations at the start, then 10 warm-started ones every 5 steps while the cap is active, every 50 after); "+
		"then %d halvings of that schedule (every step split in 2^j steps of h_n/2^j, the same flow-time grid). "+
		"3-layer version: 5–10–10–1, N(0, 0.5²), the same scheme with %d levels. "+
		"Measured for comparison with CLAIMS.md: constant-lr runs at lr %v (steps = t/lr). Δρ_k² per step computed as Σ(w'−w)(w'+w).",
		flow, eta0, capC, levels-1, levels3, lrs)
	r.Setup += " Cross-check with PyTorch: testdata/torchref/traj/" + homogTorchCase + " (5–8–1 bias-free ReLU, N = 24, GD lr 0.05 on the mean " +
		"exponential loss, 300 steps, computed by PyTorch 1.13): left side of the identity from PyTorch's stored per-step norms, right side from " +
		"hand-written gradients (no framework code) along a hand-written replay from PyTorch's initial weights."
	r.Criterion = "The claim is about the gradient flow; GD with step η is Euler's method for it, accurate only where η·λ_max(∇²L) ≪ 1, and its " +
		"drift of ρ_1² − ρ_2² is c·η + O(η²) with a draw-dependent c, so the judged runs cap the step at 0.1/λ_max and the flow-limit drift is " +
		"extrapolated (Richardson, D = 2d(η/2) − d(η) from the two finest levels). " +
		"(i) per step, for the GD map: |Δ(ρ_1² − ρ_k²) − h²(‖∇_1 L‖² − ‖∇_k L‖²)| / (h²(‖∇_1 L‖² + ‖∇_k L‖²)) < 1e-10 on the constant-lr runs " +
		"(h ≥ 2.5e-3; on the judged runs, steps down to ~1e-5, this ratio's rounding floor grows like 1/h) and, in every run " +
		"(2 and 3 layers, every layer pair), the same error / (2h(ρ_1‖∇_1 L‖ + ρ_k‖∇_k L‖) + h²(‖∇_1 L‖² + ‖∇_k L‖²)) (the rounding scale of " +
		"the terms, independent of h) < 1e-14; on the stored float iterates the per-step error < 4ε(ρ_1² + ρ_k²) in every run (the rounding " +
		"of the stored weights, nothing more); accumulated over a constant-lr run |drift − Σh²(‖∇_1‖² − ‖∇_k‖²)|/|drift| < 1e-8 (on the " +
		"judged runs its floor grows like 1/h²: implied there by the per-step bound); " +
		"(ii) flow limit, 2 and 3 layers, every pair (1, k): |D|/|Δρ_1²| < 2e-3 (CLAIMS.md's bound, applied to the flow it is about); " +
		"2 layers also |D|/|d(η0)| < 1e-2 (the extrapolation removes > 99% of the base level's drift: the drift is discretisation error); " +
		"(iii) d(η/2)/d(η) ∈ [0.4, 0.6] for every halving of the judged levels (2 layers; for 3 layers measured: a pair's drift constant " +
		"may nearly cancel, and then the ratio measures the O(η²) term); " +
		"(iv) per-neuron invariants ‖w_j^in‖² − (w_j^out)², flow limit by the same extrapolation: max_j |D_j| < 1e-2 (CLAIMS.md's bound) and " +
		"< 1e-2·max_j |d_j(η0)|. The constant-lr numbers (CLAIMS.md's (ii) and (iv) at lr 1e-2, the halving ratios, η·λ_max at the init) are " +
		"measured, not judged. " +
		"PyTorch cross-check (when the case file is found): the replay reproduces PyTorch's norms and final weights to 1e-8; per step " +
		"|Δ(ρ0² − ρ2²)[PyTorch] − η²(‖∇_0‖² − ‖∇_2‖²)| / (η²(‖∇_0‖² + ‖∇_2‖²)) < 1e-10 and < 4ε(ρ0² + ρ2²); over the run < 1e-8 relative; " +
		"Euler ⟨W0, ∇_0 L⟩ = ⟨W2, ∇_2 L⟩ at PyTorch's initial and final weights to 1e-12."
	total := len(lrs) + 2
	r.Measure("initial mean loss (2 layers; the drift's constant grows with it)", nn.ExpLoss(init.Forward(autograd.Const(x)), y).Value().Item())
	// (i) on the constant-lr runs (h ≥ 2.5e-3) as CLAIMS.md states it; on the
	// judged runs, whose steps go down to ~1e-5, relative to the rounding
	// scale. There the h²-relative per-step error grows like 1/h (Quick
	// ≤ 6e-11, Full ≤ 1.5e-10 over seeds 1–12) and the accumulated one like
	// 1/h² (Full ≤ 8e-9): rounding noise, not recorded (the golden file
	// would pin it).
	var idErr, idAbs, accErr, stored float64
	diverged := 0
	collect := func(run homogBalanceRun, judged bool) {
		idAbs = max(idAbs, run.identityAbs)
		stored = max(stored, run.storedErr)
		if run.diverged {
			diverged++
		}
		if !judged {
			idErr = max(idErr, run.identityErr)
			accErr = max(accErr, run.accRel)
		}
	}

	// The judged runs: the curvature-controlled levels.
	progress.Report("C12", 0, total)
	flowRuns, sched := homogFlowLevels(init, x, y, cfg.Rand(2012), eta0, capC, flow, levels)
	progress.Report("C12", 1, total)
	flowRuns3, sched3 := homogFlowLevels(init3, x, y, cfg.Rand(3012), eta0, capC, flow, levels3)
	for _, run := range append(append([]homogBalanceRun(nil), flowRuns...), flowRuns3...) {
		collect(run, true)
	}
	r.Measure("λ_max(∇²L) at the init (2 layers)", sched.lam[0])
	r.Measure("λ_max(∇²L) at the init (3 layers)", sched3.lam[0])
	r.Measure("judged base level: steps (2 layers)", float64(len(sched.h)))
	r.Measure("judged base level: max h·λ_max at the checkpoints (2 layers)", sched.maxHL)
	r.Measure("judged base level: max h·λ_max at the checkpoints (3 layers)", sched3.maxHL)

	// The constant-lr runs of CLAIMS.md, measured.
	var runs []homogBalanceRun
	for i, lr := range lrs {
		progress.Report("C12", 2+i, total)
		run := homogBalance(init, x, y, lr, int(math.Round(flow/lr)), false)
		runs = append(runs, run)
		collect(run, false)
	}
	r.Require("(i) GD map: max per-step identity error / (h² terms), constant-lr runs (all layer pairs)", idErr, "<", 1e-10)
	r.Require("(i) GD map: max per-step identity error / (2h(ρ1‖∇1‖ + ρk‖∇k‖) + h²(‖∇1‖² + ‖∇k‖²)), all runs (all layer pairs)", idAbs, "<", 1e-14)
	r.Require("(i) stored iterates: max per-step error / (ρ1² + ρk²) (rounding of w'), bound 4ε, all runs", stored, "<", homogFourEps)
	r.Require("(i) max accumulated identity error |drift − Σh²…|/|drift|, constant-lr runs (finished)", accErr, "<", 1e-8)
	r.Measure("runs stopped by an overflowing loss", float64(diverged))

	homogC12Judge(r, "2 layers", flowRuns, true)
	homogC12Judge(r, "3 layers", flowRuns3, false)

	var at1e2 homogBalanceRun
	driftCurve := Curve{Name: "drift of ρ1² − ρ2² against lr, constant lr (2 layers, flow time 20)", XLabel: "learning rate η", YLabel: "|Δ(ρ1² − ρ2²)|", LogX: true, LogY: true}
	for i, run := range runs {
		r.Measure(fmt.Sprintf("constant lr %g: η·λ_max at the init", run.lr), run.lr*sched.lam[0])
		r.Measure(fmt.Sprintf("constant lr %g: drift Δ(ρ1² − ρ2²)", run.lr), run.drift[0])
		r.Measure(fmt.Sprintf("constant lr %g: Δρ1²", run.lr), run.growth)
		if !run.diverged {
			driftCurve.X = append(driftCurve.X, run.lr)
			driftCurve.Y = append(driftCurve.Y, math.Abs(run.drift[0]))
		}
		if run.lr == 1e-2 {
			at1e2 = run
		}
		if i > 0 {
			ratio := run.drift[0] / runs[i-1].drift[0]
			if run.diverged || runs[i-1].diverged {
				ratio = math.NaN()
			}
			r.Measure(fmt.Sprintf("constant lr: drift(%g)/drift(%g)", run.lr, runs[i-1].lr), ratio)
		}
	}
	r.Measure("constant lr 1e-2 (CLAIMS.md's (ii), not judged): |Δ(ρ1² − ρ2²)|/|Δρ1²|", math.Abs(at1e2.drift[0]/at1e2.growth))
	r.Measure("constant lr 1e-2 (CLAIMS.md's (iv), not judged): max per-neuron drift", at1e2.neuron)

	homogC12Torch(r)

	r.AddCurve(driftCurve)
	flowCurve := Curve{Name: "drift of ρ1² − ρ2² against the base step, judged (curvature-capped) levels (2 layers, flow time 20)",
		XLabel: "base step η (h_n = η·s_n)", YLabel: "|Δ(ρ1² − ρ2²)|", LogX: true, LogY: true}
	for _, run := range flowRuns {
		flowCurve.X = append(flowCurve.X, run.lr)
		flowCurve.Y = append(flowCurve.Y, math.Abs(run.drift[0]))
	}
	r.AddCurve(flowCurve)
	r.AddCurve(Curve{Name: "sharpness along the judged base level (2 layers)", XLabel: "flow time t", YLabel: "λ_max(∇²L)", LogY: true, X: sched.t, Y: sched.lam})
	for _, c := range homogBalanceCurves(flowRuns[0], fmt.Sprintf("2 layers, judged base level η0 = %g", eta0)) {
		r.AddCurve(c)
	}
	for _, c := range homogBalanceCurves(at1e2, "2 layers, constant lr 1e-2") {
		r.AddCurve(c)
	}
	last3 := flowRuns3[len(flowRuns3)-1]
	for _, c := range homogBalanceCurves(last3, fmt.Sprintf("3 layers, judged level η = %g", last3.lr)) {
		r.AddCurve(c)
	}
	r.AddData("x", x)
	r.AddData("y", y)
	r.AddModel("2-layer-init", layerList(5, 20, 1), init.Params())
	r.AddModel("2-layer-final-lr1e-2", layerList(5, 20, 1), at1e2.final.Params())
	r.AddModel(fmt.Sprintf("2-layer-final-judged-eta%g", flowRuns[len(flowRuns)-1].lr), layerList(5, 20, 1), flowRuns[len(flowRuns)-1].final.Params())
	r.AddModel("3-layer-init", layerList(5, 10, 10, 1), init3.Params())
	r.AddModel(fmt.Sprintf("3-layer-final-judged-eta%g", last3.lr), layerList(5, 10, 10, 1), last3.final.Params())
	progress.Report("C12", total, total)
}

// homogC12Judge applies C12's criteria (ii)–(iv) to the levels of one
// homogFlowLevels run (runs[j] with base step η0/2^j). For every layer pair
// (1, k) it requires the flow-limit drift D = 2d(η_f) − d(2η_f) from the two
// finest levels to be < 2e-3 of the growth Δρ_1² (finest level). If
// linearLaw (the 2-layer net, the pair CLAIMS.md states), it also requires
// the linear law: every halving ratio d(η/2)/d(η) ∈ [0.4, 0.6] and |D| <
// 1e-2·|d(η0)|. For the 3-layer net these are measured, not judged: its
// drift constant ∫(‖∇_1 L‖² − ‖∇_k L‖²)dt may nearly cancel (seed 2, pair
// (1, 3): |d(η0)| = 6e-6·Δρ_1²), and then the ratios measure the O(η²)
// term, not the claim. For a 2-layer net it extrapolates the per-neuron
// invariants the same way.
func homogC12Judge(r *Result, label string, runs []homogBalanceRun, linearLaw bool) {
	fine, coarse := runs[len(runs)-1], runs[len(runs)-2]
	for k := range runs[0].drift {
		pair := fmt.Sprintf("ρ1² − ρ%d²", k+2)
		for j, run := range runs {
			r.Measure(fmt.Sprintf("%s, judged η %g: drift Δ(%s)", label, run.lr, pair), run.drift[k])
			if j == 0 {
				continue
			}
			ratio := run.drift[k] / runs[j-1].drift[k]
			name := fmt.Sprintf("(iii) %s: drift(%s) ratio %g/%g", label, pair, run.lr, runs[j-1].lr)
			if linearLaw {
				r.Require(name+" ≥", ratio, ">=", 0.4)
				r.Require(name+" ≤", ratio, "<=", 0.6)
			} else {
				r.Measure(name+" (not judged)", ratio)
			}
		}
		r.Measure(fmt.Sprintf("%s, judged η %g: |Δ(%s)|/|Δρ1²|", label, runs[0].lr, pair), math.Abs(runs[0].drift[k]/runs[0].growth))
		d := 2*fine.drift[k] - coarse.drift[k]
		r.Measure(fmt.Sprintf("%s: flow-limit drift D = 2d(%g) − d(%g) of %s", label, fine.lr, coarse.lr, pair), d)
		r.Require(fmt.Sprintf("(ii) %s: flow limit |D(%s)|/|Δρ1²|", label, pair), math.Abs(d/fine.growth), "<", 2e-3)
		name := fmt.Sprintf("(ii) %s: flow limit |D(%s)|/|d(%g)|", label, pair, runs[0].lr)
		if linearLaw {
			r.Require(name, math.Abs(d/runs[0].drift[k]), "<", 1e-2)
		} else {
			r.Measure(name+" (not judged)", math.Abs(d/runs[0].drift[k]))
		}
	}
	r.Measure(label+": Δρ1² (finest judged level)", fine.growth)
	if fine.neuronDrift == nil {
		return
	}
	var flowMax, baseMax float64
	for j := range fine.neuronDrift {
		flowMax = max(flowMax, math.Abs(2*fine.neuronDrift[j]-coarse.neuronDrift[j]))
		baseMax = max(baseMax, math.Abs(runs[0].neuronDrift[j]))
	}
	r.Measure(fmt.Sprintf("%s, judged η %g: max per-neuron drift", label, runs[0].lr), baseMax)
	r.Require(fmt.Sprintf("(iv) %s: flow limit max_j |D_j| of the per-neuron invariants", label), flowMax, "<", 1e-2)
	r.Require(fmt.Sprintf("(iv) %s: flow limit max_j |D_j| / max_j |d_j(%g)|", label, runs[0].lr), flowMax/baseMax, "<", 1e-2)
}

// homogBalanceCurves returns ρ_1² − ρ_k² − (its initial value) and every ρ_k²
// against flow time.
func homogBalanceCurves(run homogBalanceRun, label string) []Curve {
	kk := len(run.sq[0])
	var out []Curve
	for k := 1; k < kk; k++ {
		c := Curve{Name: fmt.Sprintf("(ρ1² − ρ%d²)(t) − (ρ1² − ρ%d²)(0), %s", k+1, k+1, label), XLabel: "flow time t = Σ h (η·steps at constant η)", YLabel: "change of ρ1² − ρk²"}
		for i, row := range run.sq {
			c.X = append(c.X, run.t[i])
			c.Y = append(c.Y, (row[0]-row[k])-(run.sq[0][0]-run.sq[0][k]))
		}
		out = append(out, c)
	}
	for k := range kk {
		c := Curve{Name: fmt.Sprintf("ρ%d², %s", k+1, label), XLabel: "flow time t = Σ h (η·steps at constant η)", YLabel: fmt.Sprintf("ρ%d² = ‖W%d‖²", k+1, k+1)}
		for i, row := range run.sq {
			c.X = append(c.X, run.t[i])
			c.Y = append(c.Y, row[k])
		}
		out = append(out, c)
	}
	return out
}

// homogFourEps is 4ε = 2⁻⁵⁰: four units of float64 rounding, the bound for
// an identity read off stored (rounded) weights or norms.
const homogFourEps = 0x1p-50

// homogC12Torch adds C12's cross-check with PyTorch's trajectory. If the
// case file cannot be found (the claim run outside the module), it records
// "torchref: case found" = 0 and no checks; the tests require it found.
func homogC12Torch(r *Result) {
	path, err := homogFindTorchCase()
	if err != nil {
		r.Measure("torchref: case found", 0)
		return
	}
	r.Measure("torchref: case found", 1)
	c, err := homogTorchCrossCheck(path)
	if err != nil {
		r.RequireTrue("torchref: "+err.Error(), false)
		return
	}
	r.Measure("torchref: steps", float64(c.steps))
	r.Measure("torchref: drift Δ(ρ0² − ρ2²) from PyTorch's norms", c.drift)
	r.Require("torchref: hand replay vs PyTorch's norms and final weights (max rel.)", c.replayErr, "<", 1e-8)
	r.Require("torchref: per-step identity with PyTorch's norms, rel. to η²(‖∇_0‖² + ‖∇_2‖²)", c.stepRel, "<", 1e-10)
	r.Require("torchref: per-step identity with PyTorch's norms, / (ρ0² + ρ2²), bound 4ε", c.stepAbs, "<", homogFourEps)
	r.Require("torchref: accumulated identity |drift − η²Σ…|/|drift|", c.totalRel, "<", 1e-8)
	r.Require("torchref: Euler |⟨W0,∇_0⟩ − ⟨W2,∇_2⟩|/|⟨W0,∇_0⟩| at PyTorch's init and final weights", max(c.eulerTorch, c.eulerFinalW), "<", 1e-12)
}

// homogRandomStart returns a start for homogSharpness's power iteration: one
// N(0, 1) tensor per weight of model, drawn from rng.
func homogRandomStart(model *nn.Sequential[float64], rng *rand.Rand) []*tensor.Tensor[float64] {
	ws := homogWeights(model)
	v := make([]*tensor.Tensor[float64], len(ws))
	for i, w := range ws {
		v[i] = tensor.Zeros[float64](w.Shape()...)
		for j := range v[i].Data() {
			v[i].Data()[j] = rng.NormFloat64()
		}
	}
	return v
}

// homogSharpness returns an estimate of λ_max = max|eig ∇²L|, the largest
// curvature of the mean exponential loss L of model on (x, y) with respect
// to its weights (the sharpness that decides whether GD with step h tracks
// the gradient flow: it does when h·λ_max ≪ 1). It runs iters steps of
// power iteration v ← Hv/‖Hv‖ with Hessian-vector products (Pearlmutter,
// autograd.HessianVectorProduct) from v, which it leaves at the last
// iterate (a warm start for the next call), and returns ‖Hv‖ for the last
// unit v.
func homogSharpness(model *nn.Sequential[float64], x, y *tensor.Tensor[float64], v []*tensor.Tensor[float64], iters int) float64 {
	ws := homogWeights(model)
	tp := autograd.NewTape[float64]()
	var norm float64
	for range iters {
		var n2 float64
		for _, t := range v {
			n2 += homogInner(t, t)
		}
		for _, t := range v {
			homogScale(t, 1/math.Sqrt(n2))
		}
		tp.Reset()
		vars := make([]*autograd.Var[float64], len(ws))
		for i, w := range ws {
			vars[i] = tp.Param(w)
		}
		hv := autograd.HessianVectorProduct(nn.ExpLoss(model.Forward(tp.Const(x)), y), vars, v)
		n2 = 0
		for i := range hv {
			n2 += homogInner(hv[i], hv[i])
			v[i].CopyFrom(hv[i])
		}
		norm = math.Sqrt(n2)
	}
	return norm
}

// homogFlowSched is the step schedule of C12's controlled discretisation.
type homogFlowSched struct {
	h      []float64 // step sizes h_n of the base level
	t, lam []float64 // flow time and sharpness λ_max at each checkpoint of the base level
	maxHL  float64   // max over checkpoints of h·λ_max on the base level (≤ c by construction)
}

// homogFlowLevels discretises the gradient flow of C12 with a step size
// controlled by the curvature and halves it levels−1 times.
//
// The base level runs GD for flow time flow with h_n = min(eta, c/λ_max(W_n)),
// λ_max from homogSharpness (50 power iterations at the start, then 10
// warm-started ones every 5 steps while the cap is active, every 50 after):
// every step has h·λ_max ≤ c at its checkpoint. Level j then takes the very
// same schedule with every step split into 2^j steps of h_n/2^j, so every
// level covers the same flow-time grid and differs from the base level only
// by the step-size factor 2^−j. Each level is Euler's method for the same
// flow with a fixed step shape s(t) = h(t)/eta, so its drift of ρ_k² − ρ_j² is
// (eta/2^j)·∫ s(t)(‖∇_k L‖² − ‖∇_j L‖²)dt + O(eta²): linear in the step size,
// and zero in the flow limit iff the claim holds.
func homogFlowLevels(init *nn.Sequential[float64], x, y *tensor.Tensor[float64], rng *rand.Rand, eta, c, flow float64, levels int) ([]homogBalanceRun, homogFlowSched) {
	var sched homogFlowSched
	v := homogRandomStart(init, rng)
	var t, lam float64
	last := 0
	base := homogBalanceSched(init, x, y, flow, func(s int, model *nn.Sequential[float64]) float64 {
		if t >= flow*(1-1e-12) {
			return 0
		}
		every := 50
		if len(sched.h) > 0 && sched.h[len(sched.h)-1] < eta {
			every = 5
		}
		if s == 1 || s-last >= every {
			iters := 10
			if s == 1 {
				iters = 50
			}
			lam = homogSharpness(model, x, y, v, iters)
			last = s
			sched.t = append(sched.t, t)
			sched.lam = append(sched.lam, lam)
		}
		h := min(eta, c/lam)
		// End exactly at flow without a sliver of a step: the last two steps
		// share what remains once it is less than 2h.
		if rest := flow - t; rest <= h {
			h = rest
		} else if rest < 2*h {
			h = rest / 2
		}
		sched.maxHL = max(sched.maxHL, h*lam)
		t += h
		sched.h = append(sched.h, h)
		return h
	}, false)
	base.lr = eta
	runs := []homogBalanceRun{base}
	for j := 1; j < levels; j++ {
		split := 1 << j
		run := homogBalanceSched(init, x, y, flow, func(s int, _ *nn.Sequential[float64]) float64 {
			n := (s - 1) / split
			if n >= len(sched.h) {
				return 0
			}
			return sched.h[n] / float64(split)
		}, false)
		run.lr = eta / float64(split)
		runs = append(runs, run)
	}
	return runs, sched
}
