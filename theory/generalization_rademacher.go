package theory

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/deeptheory/deeptheory/autograd"
	"github.com/deeptheory/deeptheory/optim"
	"github.com/deeptheory/deeptheory/tensor"
)

// C20: the empirical Rademacher complexity of the normalized class
//
//	F̃ = { f̃(x) = v₂ᵀ relu(V₁x) : ‖V₁‖_F = ‖v₂‖ = 1 },
//	R̂_N(F̃) = E_σ sup_{f̃ ∈ F̃} (1/N) Σₙ σₙ f̃(xₙ),
//
// σ uniform on {±1}^N, estimated by Monte Carlo over σ; the supremum by
// projected gradient ascent on the two unit spheres (optim.Sphere) with
// restarts, so the estimate is from below. Golowich et al. bound R̂_N of
// products of unit Frobenius norms by about max‖x‖·√K/√N; the unnormalized
// class {ρ f̃} has R̂_N(ρ F̃) = ρ R̂_N(F̃), unbounded in ρ (by homogeneity).

const (
	genRadDim, genRadHidden = 5, 10
	genRadLR                = 0.5 // Sphere step, times √N (the gradient scales like 1/√N)
)

// genRadSizes are the sample sizes N.
var genRadSizes = []int{25, 100, 400}

// genRadSize is the part of C20's experiment that depends on the size.
type genRadSize struct{ signs, restarts, steps int }

func genRadSizeOf(s Size) genRadSize {
	if s == Full {
		return genRadSize{signs: 40, restarts: 6, steps: 300}
	}
	return genRadSize{signs: 10, restarts: 3, steps: 150}
}

// genRadSup returns a lower estimate of sup_{f̃ ∈ F̃} (1/N) Σₙ σₙ f̃(xₙ): the
// best of restarts runs of steps projected ascent steps from random unit
// layers. The class is symmetric (v₂ → −v₂), so a run's |objective| is
// attained.
func genRadSup(r *rand.Rand, x, sigma *tensor.Tensor[float64], restarts, steps int) float64 {
	n := x.Dim(0)
	objective := func(out *autograd.Var[float64]) *autograd.Var[float64] {
		return autograd.Neg(autograd.Mean(autograd.Mul(out, autograd.Const(sigma))))
	}
	best := 0.0
	for range restarts {
		model := biasFreeReLU(r, 1, x.Dim(1), genRadHidden, 1)
		for _, p := range tensorsOf(model.Params()) {
			d := p.Data()
			norm := frobenius(p)
			for i := range d {
				d[i] /= norm
			}
		}
		// Three phases with the step shrinking 5× each, so the ascent settles
		// instead of bouncing between the pieces of the piecewise-linear f̃.
		lr := genRadLR * math.Sqrt(float64(n))
		for phase := range 3 {
			genTrain(model, objective, x, optim.NewSphere(model.Params(), lr/math.Pow(5, float64(phase))), steps/3)
		}
		var value float64
		for i, f := range Output(model, x).Data() {
			value += sigma.Data()[i] * f
		}
		best = max(best, math.Abs(value)/float64(n))
	}
	return best
}

// genRademacherClaim is C20's experiment.
func genRademacherClaim(cfg Config, r *Result, progress Progress) {
	size := genRadSizeOf(cfg.Size)
	rng := cfg.Rand(20)
	nMax := slices.Max(genRadSizes)
	all := gaussianInputs(rng, nMax, genRadDim)
	r.Setup = fmt.Sprintf("x ~ N(0, I_%d), nested samples of N ∈ %v (the first N of %d). Class: Linear(%d, %d, bias=False) → ReLU → "+
		"Linear(%d, 1, bias=False) with both weight matrices of unit Frobenius norm. Per N, %d sign vectors σ; for each, sup "+
		"(1/N)Σσₙf̃(xₙ) by projected gradient ascent on the unit spheres (optim.Sphere, lr %g·√N for a third of %d steps, then a fifth and a 25th of it, best of %d random "+
		"restarts): a lower estimate of the empirical Rademacher complexity R̂_N, averaged over σ.",
		genRadDim, genRadSizes, nMax, genRadDim, genRadHidden, genRadHidden, size.signs, genRadLR, size.steps, size.restarts)
	r.Criterion = "CLAIMS.md C20 (sanity): the least-squares slope of log R̂_N against log N over N ∈ {25, 100, 400} lies in " +
		"[−0.65, −0.35], and R̂_N ≤ 3·max‖xₙ‖/√N at every N."
	var logN, logR []float64
	var rs, bounds []float64
	worst := 0.0
	for k, n := range genRadSizes {
		x := genRows(all, 0, n)
		maxNorm := 0.0
		for i := range n {
			maxNorm = max(maxNorm, frobenius(genRows(x, i, i+1)))
		}
		var sum float64
		for s := range size.signs {
			progress.Report("C20", k*size.signs+s, len(genRadSizes)*size.signs)
			sum += genRadSup(rng, x, genRandomSigns(rng, n).Reshape(n, 1), size.restarts, size.steps)
		}
		estimate := sum / float64(size.signs)
		bound := 3 * maxNorm / math.Sqrt(float64(n))
		r.Measure(fmt.Sprintf("R̂_N, N=%d", n), estimate)
		r.Measure(fmt.Sprintf("3·max‖x‖/√N, N=%d", n), bound)
		r.Measure(fmt.Sprintf("R̂_N·√N, N=%d", n), estimate*math.Sqrt(float64(n)))
		logN = append(logN, math.Log(float64(n)))
		logR = append(logR, math.Log(estimate))
		rs = append(rs, estimate)
		bounds = append(bounds, bound)
		worst = max(worst, estimate/bound)
	}
	slope := r.Measure("slope of log R̂_N vs log N", genLeastSquaresFit(logN, logR).Slope)
	r.Require("slope of log R̂_N vs log N", slope, ">=", -0.65)
	r.Require("slope of log R̂_N vs log N", slope, "<=", -0.35)
	r.Require("max over N of R̂_N/(3·max‖x‖/√N)", worst, "<=", 1)
	ns := make([]float64, len(genRadSizes))
	for k, n := range genRadSizes {
		ns[k] = float64(n)
	}
	r.AddCurve(Curve{Name: "empirical Rademacher complexity (lower estimate)", XLabel: "N (samples)", YLabel: "R̂_N",
		LogX: true, LogY: true, X: ns, Y: rs})
	r.AddCurve(Curve{Name: "3·max‖x‖/√N", XLabel: "N (samples)", YLabel: "R̂_N", LogX: true, LogY: true, X: ns, Y: bounds})
	r.AddData("x", all)
	progress.Report("C20", len(genRadSizes)*size.signs, len(genRadSizes)*size.signs)
}
