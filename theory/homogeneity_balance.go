package theory

import (
	"fmt"
	"math"

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
	identityErr float64   // max over steps and layer pairs of the per-step identity's error (the GD map)
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
// size of the h² terms (their difference may vanish). On the stored float
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
				run.storedErr = max(run.storedErr, math.Abs(d1-dk-rhs)/(r1+homogInner(ws[k], ws[k])))
				run.drift[k-1] += d1 - dk
				run.accumulated[k-1] += rhs
			}
			if track {
				run.lambda = append(run.lambda, -homogInner(prev[0], grads[0])/2)
				run.loss = append(run.loss, loss)
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
	} else if kk == 2 {
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

// homogC12 checks the per-step identity, the drift of ρ_1² − ρ_2² against
// lr, the per-neuron invariants and a 3-layer version.
//
// The drift is η∫(‖∇_1 L‖² − ‖∇_2 L‖²)dt + O(η²): linear in η only for small
// η. The halving criterion is applied where CLAIMS.md states the drift
// (lr ≤ 1e-2: 1e-2 → 5e-3 → 2.5e-3); the halvings from 4e-2 and 2e-2, where
// GD is visibly non-linear in η (and for some draws unstable), are
// measured and plotted but not judged. A run whose loss overflows is
// stopped and counted; its steps up to then still enter the identity.
func homogC12(cfg Config, r *Result, progress Progress) {
	x, y, init := homogP1(cfg)
	const flow = 20.0
	lrs := []float64{4e-2, 2e-2, 1e-2, 5e-3, 2.5e-3}
	lrs3 := []float64{1e-2, 5e-3}
	if cfg.Size == Full {
		lrs = append(lrs, 1.25e-3)
		lrs3 = append(lrs3, 2.5e-3)
	}
	init3 := biasFreeReLU(cfg.Rand(1012), 0.5, 5, 10, 10, 1)
	r.Setup = fmt.Sprintf("P1: d = 5, N = 40 Gaussian inputs, labels the sign of a 3-unit ReLU teacher with output signs (+,−,+); "+
		"bias-free ReLU net 5–20–1, weights N(0, 0.5²); full-batch GD on the mean exponential loss for flow time t = %g at lr %v "+
		"(steps = t/lr), every run from the same init. 3-layer version: 5–10–10–1, N(0, 0.5²), lr %v. "+
		"Δρ_k² per step computed as Σ(w'−w)(w'+w).", flow, lrs, lrs3)
	r.Setup += " Cross-check with PyTorch: testdata/torchref/traj/" + homogTorchCase + " (5–8–1 bias-free ReLU, N = 24, GD lr 0.05 on the mean " +
		"exponential loss, 300 steps, computed by PyTorch 1.13): left side of the identity from PyTorch's stored per-step norms, right side from " +
		"hand-written gradients (no framework code) along a hand-written replay from PyTorch's initial weights."
	r.Criterion = "(i) per step, for the GD map: |Δ(ρ_1² − ρ_k²) − η²(‖∇_1 L‖² − ‖∇_k L‖²)| / (η²(‖∇_1 L‖² + ‖∇_k L‖²)) < 1e-10 in every run " +
		"(2 and 3 layers, every layer pair); on the stored float iterates the per-step error < 4ε(ρ_1² + ρ_k²) (the rounding of the stored " +
		"weights, nothing more); accumulated over a run |drift − η²Σ(‖∇_1‖² − ‖∇_k‖²)|/|drift| < 1e-8; " +
		"(ii) |Δ(ρ_1² − ρ_2²)|/|Δρ_1²| < 2e-3 at lr 1e-2; (iii) drift(lr/2)/drift(lr) ∈ [0.4, 0.6] for every halving from lr 1e-2 down " +
		"(2 layers); (iv) per-neuron invariants ‖w_j^in‖² − (w_j^out)² drift < 1e-2 at lr 1e-2. " +
		"PyTorch cross-check (when the case file is found): the replay reproduces PyTorch's norms and final weights to 1e-8; per step " +
		"|Δ(ρ0² − ρ2²)[PyTorch] − η²(‖∇_0‖² − ‖∇_2‖²)| / (η²(‖∇_0‖² + ‖∇_2‖²)) < 1e-10 and < 4ε(ρ0² + ρ2²); over the run < 1e-8 relative; " +
		"Euler ⟨W0, ∇_0 L⟩ = ⟨W2, ∇_2 L⟩ at PyTorch's initial and final weights to 1e-12."
	total := len(lrs) + len(lrs3)
	r.Measure("initial mean loss (2 layers; the drift's constant grows with it)", nn.ExpLoss(init.Forward(autograd.Const(x)), y).Value().Item())
	var idErr, accErr, stored float64
	diverged := 0
	collect := func(run homogBalanceRun) {
		idErr = max(idErr, run.identityErr)
		stored = max(stored, run.storedErr)
		if run.diverged {
			diverged++
			return
		}
		for k := range run.drift {
			accErr = max(accErr, math.Abs(run.drift[k]-run.accumulated[k])/math.Abs(run.drift[k]))
		}
	}
	var runs []homogBalanceRun
	for i, lr := range lrs {
		progress.Report("C12", i, total)
		run := homogBalance(init, x, y, lr, int(math.Round(flow/lr)), false)
		runs = append(runs, run)
		collect(run)
	}
	var runs3 []homogBalanceRun
	for i, lr := range lrs3 {
		progress.Report("C12", len(lrs)+i, total)
		run := homogBalance(init3, x, y, lr, int(math.Round(flow/lr)), false)
		runs3 = append(runs3, run)
		collect(run)
	}
	r.Require("(i) max per-step identity error of the GD map (all runs, all layer pairs)", idErr, "<", 1e-10)
	r.Require("(i) stored iterates: max per-step error / (ρ1² + ρk²) (rounding of w'), bound 4ε", stored, "<", homogFourEps)
	r.Require("(i) max accumulated identity error |drift − η²Σ…|/|drift| (finished runs)", accErr, "<", 1e-8)
	r.Measure("runs stopped by an overflowing loss", float64(diverged))

	var at1e2 homogBalanceRun
	driftCurve := Curve{Name: "drift of ρ1² − ρ2² against lr (2 layers, flow time 20)", XLabel: "learning rate η", YLabel: "|Δ(ρ1² − ρ2²)|", LogX: true, LogY: true}
	for i, run := range runs {
		r.Measure(fmt.Sprintf("drift Δ(ρ1² − ρ2²) at lr %g", run.lr), run.drift[0])
		r.Measure(fmt.Sprintf("Δρ1² at lr %g", run.lr), run.growth)
		if !run.diverged {
			driftCurve.X = append(driftCurve.X, run.lr)
			driftCurve.Y = append(driftCurve.Y, math.Abs(run.drift[0]))
		}
		if run.lr == 1e-2 {
			at1e2 = run
		}
		if i == 0 {
			continue
		}
		ratio := run.drift[0] / runs[i-1].drift[0]
		if run.diverged || runs[i-1].diverged {
			ratio = math.NaN()
		}
		name := fmt.Sprintf("(iii) drift(%g)/drift(%g)", run.lr, runs[i-1].lr)
		if runs[i-1].lr > 1e-2 {
			r.Measure(name+" (not judged: lr > 1e-2)", ratio)
			continue
		}
		r.Require(name+" ≥", ratio, ">=", 0.4)
		r.Require(name+" ≤", ratio, "<=", 0.6)
	}
	r.Require("(ii) |Δ(ρ1² − ρ2²)|/|Δρ1²| at lr 1e-2", math.Abs(at1e2.drift[0]/at1e2.growth), "<", 2e-3)
	r.Require("(iv) max per-neuron drift at lr 1e-2", at1e2.neuron, "<", 1e-2)
	for i, run := range runs3 {
		for k := range run.drift {
			r.Measure(fmt.Sprintf("3-layer drift Δ(ρ1² − ρ%d²) at lr %g", k+2, run.lr), run.drift[k])
			if i > 0 {
				r.Measure(fmt.Sprintf("3-layer drift(ρ1² − ρ%d²) ratio %g/%g", k+2, run.lr, runs3[i-1].lr), run.drift[k]/runs3[i-1].drift[k])
			}
		}
	}

	homogC12Torch(r)

	r.AddCurve(driftCurve)
	for _, c := range homogBalanceCurves(at1e2, "2 layers, lr 1e-2") {
		r.AddCurve(c)
	}
	last3 := runs3[len(runs3)-1]
	for _, c := range homogBalanceCurves(last3, fmt.Sprintf("3 layers, lr %g", last3.lr)) {
		r.AddCurve(c)
	}
	r.AddData("x", x)
	r.AddData("y", y)
	r.AddModel("2-layer-init", layerList(5, 20, 1), init.Params())
	r.AddModel("2-layer-final-lr1e-2", layerList(5, 20, 1), at1e2.final.Params())
	r.AddModel("3-layer-init", layerList(5, 10, 10, 1), init3.Params())
	r.AddModel(fmt.Sprintf("3-layer-final-lr%g", last3.lr), layerList(5, 10, 10, 1), last3.final.Params())
	progress.Report("C12", total, total)
}

// homogBalanceCurves returns ρ_1² − ρ_k² − (its initial value) and every ρ_k²
// against flow time.
func homogBalanceCurves(run homogBalanceRun, label string) []Curve {
	kk := len(run.sq[0])
	var out []Curve
	for k := 1; k < kk; k++ {
		c := Curve{Name: fmt.Sprintf("(ρ1² − ρ%d²)(t) − (ρ1² − ρ%d²)(0), %s", k+1, k+1, label), XLabel: "flow time t = η·steps", YLabel: "change of ρ1² − ρk²"}
		for i, row := range run.sq {
			c.X = append(c.X, run.t[i])
			c.Y = append(c.Y, (row[0]-row[k])-(run.sq[0][0]-run.sq[0][k]))
		}
		out = append(out, c)
	}
	for k := range kk {
		c := Curve{Name: fmt.Sprintf("ρ%d², %s", k+1, label), XLabel: "flow time t = η·steps", YLabel: fmt.Sprintf("ρ%d² = ‖W%d‖²", k+1, k+1)}
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
