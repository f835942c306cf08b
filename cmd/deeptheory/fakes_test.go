package main

import (
	"bytes"
	"flag"
	"io"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/deeptheory/deeptheory/nn"
	"github.com/deeptheory/deeptheory/tensor"
	"github.com/deeptheory/deeptheory/theory"
)

var keep = flag.String("keep", "", "also write the fake claims' report to this `directory`, to look at the plots")

// The fake claims draw the kinds of figures the paper's claims produce,
// from closed-form curves (with a little seeded noise), so tests can check
// the command without running real experiments.

// steps reports a few progress steps of a fake experiment.
func steps(id string, p theory.Progress, n int) {
	for i := range n + 1 {
		p.Report(id, i, n)
	}
}

// fakeApproximation: NMSE against parameters for four architectures, log-log.
var fakeApproximation = theory.Claim{
	ID: "C6", Family: "approximation",
	Statement: "Deep locally connected networks approximate compositional functions with far fewer parameters than shallow ones",
	Experiment: func(cfg theory.Config, r *theory.Result, p theory.Progress) {
		steps("C6", p, 4)
		r.Setup = "Target: a binary tree of depth 3 of smooth 2-variable functions on [-1,1]^8. 4096 training and 4096 test points."
		r.Criterion = "The slope of log NMSE against log parameters is below -0.3 for the deep networks."
		rng := cfg.Rand(6)
		archs := []struct {
			name  string
			slope float64
			scale float64
		}{{"shallow", -0.12, 0.5}, {"deep tree", -0.55, 2}, {"LC tree", -0.6, 2.5}, {"CNN tree", -0.58, 2.2}}
		for _, a := range archs {
			var xs, ys []float64
			for k := 5; k <= 14; k++ {
				n := math.Pow(2, float64(k))
				xs = append(xs, n)
				ys = append(ys, a.scale*math.Pow(n, a.slope)*math.Exp(0.1*rng.NormFloat64()))
			}
			r.AddCurve(theory.Curve{Name: a.name, XLabel: "parameters", YLabel: "test NMSE", LogX: true, LogY: true, X: xs, Y: ys})
		}
		r.Measure("slope shallow", -0.12)
		r.Measure("slope LC tree", -0.6)
		r.Require("slope of log NMSE, LC tree", -0.6, "<", -0.3)
		r.Require("slope of log NMSE, shallow", -0.12, ">", -0.3)
		x := tensor.RandN[float64](rng, 16, 8)
		y := tensor.RandN[float64](rng, 16)
		r.AddData("x", x)
		r.AddData("y", y)
		r.AddData("x_test", tensor.RandN[float64](rng, 4, 8))
		r.AddData("y_test", tensor.RandN[float64](rng, 4))
		r.AddModel("LC tree", []string{"Linear(8, 4, bias=False)", "ReLU()", "Linear(4, 1, bias=False)"}, []nn.Param[float64]{
			{Name: "0.weight", Value: tensor.RandN[float64](rng, 4, 8)},
			{Name: "2.weight", Value: tensor.RandN[float64](rng, 1, 4)},
		})
	},
}

// fakeLandscape: Hessian spectra, with zero and negative eigenvalues on a
// log axis.
var fakeLandscape = theory.Claim{
	ID: "C7", Family: "landscape",
	Statement: "Overparametrized square loss: global minima are highly degenerate",
	Experiment: func(cfg theory.Config, r *theory.Result, p theory.Progress) {
		steps("C7", p, 3)
		r.Setup = "A 5-16-1 ReLU network fitted to 8 points."
		r.Criterion = "At least 80% of the Hessian's eigenvalues are below 1e-8 of the largest."
		var idx, at, init []float64
		for i := range 60 {
			idx = append(idx, float64(i+1))
			v := 0.0
			if i < 8 {
				v = 10 * math.Exp(-0.6*float64(i))
			} else if i%7 == 0 {
				v = -1e-12
			}
			at = append(at, v)
			init = append(init, 3*math.Exp(-0.08*float64(i))-0.05)
		}
		r.AddCurve(theory.Curve{Name: "at interpolation", XLabel: "eigenvalue index", YLabel: "Hessian eigenvalue", LogY: true, X: idx, Y: at})
		r.AddCurve(theory.Curve{Name: "at initialization", XLabel: "eigenvalue index", YLabel: "Hessian eigenvalue", LogY: true, X: idx, Y: init})
		r.Measure("fraction of zero eigenvalues", 52.0/60)
		r.Require("fraction of zero eigenvalues", 52.0/60, ">=", 0.8)
	},
}

// fakeDynamics: ρ(t) against log t, the angle to the SVM direction and the
// normalized margin against t, ρ_k² − ρ_j² over t.
var fakeDynamics = theory.Claim{
	ID: "C17", Family: "dynamics",
	Statement: "Under gradient flow on the exponential loss the norm ρ grows like log t and the normalized weights converge to the max-margin direction",
	Experiment: func(cfg theory.Config, r *theory.Result, p theory.Progress) {
		steps("C17", p, 10)
		r.Setup = "A bias-free 5-8-1 ReLU network on 24 separable points, gradient descent with step 0.05 for 10⁶ steps."
		r.Criterion = "ρ against log t has slope within 20% of the prediction; the angle to the SVM direction falls below 0.1."
		var t, rho, angle, margin, d12, d23 []float64
		for k := 0; k <= 60; k++ {
			s := math.Pow(10, float64(k)/10)
			t = append(t, s)
			rho = append(rho, 1+0.5*math.Log(1+s))
			angle = append(angle, 1.2/(1+0.3*math.Log(1+s)))
			margin = append(margin, 0.3-0.25/(1+math.Log(1+s)))
			d12 = append(d12, 0.25+1e-13*math.Sin(s))
			d23 = append(d23, -0.4+1e-13*math.Cos(s))
		}
		r.AddCurve(theory.Curve{Name: "ρ", XLabel: "t (steps)", YLabel: "ρ = ∏ ρ_k", LogX: true, X: t, Y: rho})
		r.AddCurve(theory.Curve{Name: "angle", XLabel: "t (steps)", YLabel: "angle to the SVM direction (rad)", LogX: true, X: t, Y: angle})
		r.AddCurve(theory.Curve{Name: "margin", XLabel: "t (steps)", YLabel: "normalized margin", LogX: true, X: t, Y: margin})
		r.AddCurve(theory.Curve{Name: "ρ_1² − ρ_2²", XLabel: "t (steps)", YLabel: "ρ_k² − ρ_j²", LogX: true, X: t, Y: d12})
		r.AddCurve(theory.Curve{Name: "ρ_2² − ρ_3²", XLabel: "t (steps)", YLabel: "ρ_k² − ρ_j²", LogX: true, X: t, Y: d23})
		r.Measure("slope of ρ against log t", 0.5)
		r.Require("angle to the SVM direction at t=10⁶", angle[len(angle)-1], "<", 0.3)
		r.RequireTrue("margin non-decreasing", true)
	},
}

// fakeGeneralization: normalized test against train loss (scatter, with
// the slope-1 line), and test error against width.
var fakeGeneralization = theory.Claim{
	ID: "C21", Family: "generalization",
	Statement: "Normalized train and test losses lie on a line of slope 1, even for random labels",
	Experiment: func(cfg theory.Config, r *theory.Result, p theory.Progress) {
		steps("C21", p, 5)
		r.Setup = "20 networks on natural labels, 10 on random labels."
		r.Criterion = "The least-squares slope of test against train normalized loss is within 0.1 of 1."
		rng := cfg.Rand(21)
		var tr, te, trR, teR []float64
		for range 20 {
			x := 2.2 + 0.1*rng.Float64()
			tr, te = append(tr, x), append(te, x+0.02+0.005*rng.NormFloat64())
		}
		for range 10 {
			x := 2.295 + 0.01*rng.Float64()
			trR, teR = append(trR, x), append(teR, x+0.004*rng.NormFloat64())
		}
		r.AddCurve(theory.Curve{Name: "scatter:natural labels", XLabel: "normalized train loss", YLabel: "normalized test loss", X: tr, Y: te})
		r.AddCurve(theory.Curve{Name: "scatter:random labels", XLabel: "normalized train loss", YLabel: "normalized test loss", X: trR, Y: teR})
		r.AddCurve(theory.Curve{Name: "ref:slope 1", XLabel: "normalized train loss", YLabel: "normalized test loss", X: []float64{2.19, 2.31}, Y: []float64{2.19, 2.31}})
		var w, errTr, errTe []float64
		for k := 1; k <= 9; k++ {
			width := math.Pow(2, float64(k))
			w = append(w, width)
			errTe = append(errTe, 0.1+0.4*math.Exp(-float64(k)/2))
			errTr = append(errTr, math.Max(0, 0.5-0.1*float64(k)))
		}
		r.AddCurve(theory.Curve{Name: "test", XLabel: "width (neurons per layer)", YLabel: "classification error", LogX: true, X: w, Y: errTe})
		r.AddCurve(theory.Curve{Name: "train", XLabel: "width (neurons per layer)", YLabel: "classification error", LogX: true, X: w, Y: errTr})
		r.Measure("slope", 0.98)
		r.Require("|slope − 1|", 0.02, "<", 0.1)
	},
}

// fakeFailing fails one of its two checks and has a NaN quantity.
var fakeFailing = theory.Claim{
	ID: "C9", Family: "landscape",
	Statement: "SGD finds global minima with high probability",
	Experiment: func(cfg theory.Config, r *theory.Result, p theory.Progress) {
		steps("C9", p, 2)
		r.Criterion = "At least 90% of runs reach zero training loss."
		r.Measure("diverged runs' loss", math.NaN())
		r.Require("runs converged", 1, ">=", 1)
		r.Require("fraction at zero loss", 0.7, ">=", 0.9)
		r.AddCurve(theory.Curve{Name: "loss", XLabel: "run", YLabel: "final loss", LogY: true,
			X: []float64{1, 2, 3}, Y: []float64{math.NaN(), math.Inf(1), 0}})
	},
}

// fakePanicking has a bug.
var fakePanicking = theory.Claim{
	ID: "C13", Family: "homogeneity",
	Statement: "A claim whose experiment has a bug",
	Experiment: func(cfg theory.Config, r *theory.Result, p theory.Progress) {
		var s []int
		_ = s[3]
	},
}

var passingClaims = []theory.Claim{fakeApproximation, fakeLandscape, fakeDynamics, fakeGeneralization}

// fakeClock advances by step on each reading.
type fakeClock struct {
	t    time.Time
	step time.Duration
}

func (c *fakeClock) now() time.Time {
	c.t = c.t.Add(c.step)
	return c.t
}

// testApp returns an app with the given claims, the repository's reference
// cases, and stderr a terminal or not.
func testApp(claims []theory.Claim, terminal bool) *app {
	clock := &fakeClock{t: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), step: 300 * time.Millisecond}
	return &app{
		claims:     func() []theory.Claim { return claims },
		torchref:   "../../testdata/torchref",
		isTerminal: func(io.Writer) bool { return terminal },
		now:        clock.now,
	}
}

// result is the outcome of one in-process run.
type result struct {
	code           int
	stdout, stderr string
}

func (a *app) runT(t *testing.T, args ...string) result {
	t.Helper()
	t.Setenv("DEEPTHEORY_TORCHREF", "")
	var stdout, stderr bytes.Buffer
	code := a.run(args, &stdout, &stderr)
	return result{code, stdout.String(), stderr.String()}
}

func (r result) String() string {
	return "exit " + string(rune('0'+r.code)) + "\nstdout:\n" + r.stdout + "\nstderr:\n" + r.stderr
}

// contains reports the wanted substrings that s lacks.
func lacks(s string, want ...string) []string {
	var missing []string
	for _, w := range want {
		if !strings.Contains(s, w) {
			missing = append(missing, w)
		}
	}
	return missing
}
