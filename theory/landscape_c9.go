package theory

import (
	"fmt"
	"math/rand/v2"

	"github.com/deeptheory/deeptheory/autograd"
	"github.com/deeptheory/deeptheory/nn"
	"github.com/deeptheory/deeptheory/optim"
	"github.com/deeptheory/deeptheory/tensor"
)

// C9: the paper argues (heuristically: degenerate global minima fill more
// volume, and SGD samples like Langevin dynamics) that SGD finds global
// minima of overparametrized nets with high probability. The check:
// mini-batch SGD from many random initialisations of a net with W ≥ 5N
// parameters reaches a global minimum of the training loss (zero training
// error, or a square loss < 1e-4) on random labels in nearly every run; an
// underparametrized net, W < N, is reported beside it.

const (
	landC9Samples = 40
	landC9Dim     = 5
	landC9Inits   = 20
	landC9Batch   = 10
	landC9LR      = 0.05
	// landC9Need: runs (of landC9Inits) that must succeed (CLAIMS.md: 19 of 20).
	landC9Need = 19
	// landC9LossGoal: a square loss below it also counts as a global minimum.
	landC9LossGoal = 1e-4
	// landC9Over is the hidden width of the overparametrized net:
	// W = (d + 1)·h = 300 ≥ 5N = 200.
	landC9Over = 50
	// landC9Under is the width of the underparametrized net: W = 12 < N.
	landC9Under = 2
)

// landC9Outcome is what one run reached.
type landC9Outcome struct {
	success bool
	epochs  int     // epochs until success, or the budget
	err     float64 // final training error (fraction misclassified)
	loss    float64 // final training square loss
}

func landC9(cfg Config, r *Result, progress Progress) {
	epochs, widths := 500, []int{landC9Under, landC9Over}
	if cfg.Size == Full {
		epochs, widths = 2000, []int{1, landC9Under, 4, 8, 16, 32, landC9Over}
	}
	n, d := landC9Samples, landC9Dim
	rng := cfg.Rand(9)
	x := gaussianInputs(rng, n, d)
	y := tensor.Zeros[float64](n)
	for i := range n {
		y.Data()[i] = float64(2*rng.IntN(2) - 1)
	}
	r.AddData("x", x)
	r.AddData("y", y)
	r.Setup = fmt.Sprintf("N = %d inputs x ~ N(0, I_%d) with random labels y = ±1 (independent of x); bias-free 2-layer ReLU "+
		"nets Linear(%d, h) → ReLU → Linear(h, 1), W = %d·h, PyTorch default init, widths h ∈ %v; for each width %d "+
		"random initialisations; square loss (1/N)Σ(f(xₙ) − yₙ)², mini-batch SGD (batch %d, reshuffled each epoch, lr %g, "+
		"no momentum), at most %d epochs; a run succeeds when, checked after each epoch on the whole training set, "+
		"every sign(f(xₙ)) = yₙ or the loss is < %g. Models: the first initialisation of each width after training.",
		n, d, d, d+1, widths, landC9Inits, landC9Batch, landC9LR, epochs, landC9LossGoal)
	r.Criterion = fmt.Sprintf("Overparametrized net (h = %d, W = %d ≥ 5N = %d): at least %d of %d runs succeed. "+
		"The underparametrized net (h = %d, W = %d < N) is reported, not checked: with W < N it cannot, in general, "+
		"fit random labels, and how close it gets is not the claim.",
		landC9Over, (d+1)*landC9Over, 5*n, landC9Need, landC9Inits, landC9Under, (d+1)*landC9Under)

	var counts, params []float64
	total := len(widths) * landC9Inits
	for wi, h := range widths {
		succ := 0
		var epochsToSuccess, finalErr []float64
		for run := range landC9Inits {
			model, layers := landTwoLayer(rng, d, h, "relu")
			o := landC9Run(model, x, y, epochs, rng)
			if o.success {
				succ++
				epochsToSuccess = append(epochsToSuccess, float64(o.epochs))
			}
			finalErr = append(finalErr, o.err)
			if run == 0 {
				r.AddModel(fmt.Sprintf("h = %d, initialisation 0", h), layers, model.Params())
			}
			progress.Report("C9", wi*landC9Inits+run+1, total)
		}
		w := (d + 1) * h
		counts = append(counts, float64(succ))
		params = append(params, float64(w))
		r.Measure(fmt.Sprintf("h = %d (W = %d): successful runs of %d", h, w, landC9Inits), float64(succ))
		if len(epochsToSuccess) > 0 {
			_, med, hi := landStats(epochsToSuccess)
			r.Measure(fmt.Sprintf("h = %d: epochs to success (median)", h), med)
			r.Measure(fmt.Sprintf("h = %d: epochs to success (max)", h), hi)
		}
		lo, med, _ := landStats(finalErr)
		r.Measure(fmt.Sprintf("h = %d: final training error (min over runs)", h), lo)
		r.Measure(fmt.Sprintf("h = %d: final training error (median)", h), med)
		if h == landC9Over {
			r.Require(fmt.Sprintf("h = %d (W = %d): runs reaching a global minimum", h, w), float64(succ), ">=", landC9Need)
		}
	}
	r.AddCurve(Curve{
		Name:   fmt.Sprintf("SGD runs (of %d) reaching a global minimum on random labels", landC9Inits),
		XLabel: "number of parameters W", YLabel: "successful runs", LogX: true,
		X: params, Y: counts,
	})
}

// landC9Run trains model with landSGD until success or the epoch budget.
func landC9Run(model *nn.Sequential[float64], x, y *tensor.Tensor[float64], epochs int, rng *rand.Rand) landC9Outcome {
	loss := func(out *autograd.Var[float64], target *tensor.Tensor[float64]) *autograd.Var[float64] {
		return nn.MSELoss(out, target)
	}
	var o landC9Outcome
	check := func(epoch int) bool {
		out := Output(model, x)
		wrong := 0
		for _, m := range Margins(out, y) {
			if m <= 0 {
				wrong++
			}
		}
		o.epochs = epoch
		o.err = float64(wrong) / float64(y.Len())
		o.loss = loss(autograd.Const(out), y).Value().Data()[0]
		o.success = wrong == 0 || o.loss < landC9LossGoal
		return !o.success
	}
	landSGD(model, loss, x, y, landC9Batch, landC9LR, epochs, rng, check)
	return o
}

// landSGD runs mini-batch SGD θ ← θ − lr·∇L_B(θ) on model's parameters,
// the batches B of the given size drawn from (x, y) in a fresh random
// order (from rng) each epoch. Before epoch 1 and after every epoch e it
// calls observe(e), which stops the run by returning false. It returns the
// number of epochs run.
func landSGD(model *nn.Sequential[float64], loss labelLoss, x, y *tensor.Tensor[float64], batch int, lr float64, epochs int, rng *rand.Rand, observe func(epoch int) bool) int {
	opt := optim.NewSGD(model.Params(), optim.SGDConfig{LR: lr})
	tp := autograd.NewTape[float64]()
	batches := nn.NewBatches(x, y, batch, rng)
	if !observe(0) {
		return 0
	}
	for e := 1; e <= epochs; e++ {
		for xb, yb := range batches.Epoch() {
			tp.Reset()
			opt.Step(loss(model.Forward(tp.Const(xb)), yb))
		}
		if !observe(e) {
			return e
		}
	}
	return epochs
}
