package theory

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/deeptheory/deeptheory/nn"
	"github.com/deeptheory/deeptheory/tensor"
)

// C2's low-dimensional arm: Theorem 1's exponent n/m says a shallow
// network's error falls more slowly with its size the more variables the
// target has. The 8-variable arm is the shallow ReLU rows of the main table
// (the tanh-node tree); this file fits the same shallow widths, data sizes
// and training to a 2-variable target, one of the tree's own nodes:
//
//	g(a, b) = tanh(a·b + (a − b)/2),  (a, b) ~ U[−1, 1]².

// approx2DRepeats is the least number of repeats of the 2-variable fits.
const approx2DRepeats = 3

// approxNode2 is the 2-variable target g.
func approxNode2(a, b float64) float64 { return math.Tanh(a*b + 0.5*(a-b)) }

// approxShallowNet returns the shallow ReLU net din → m → 1 (PyTorch's
// default initialization from r) and its layer list.
func approxShallowNet(r *rand.Rand, din, m int) (*nn.Sequential[float64], []string) {
	return nn.NewSequential[float64](nn.NewDense[float64](r, din, m, true), nn.ReLU[float64]{}, nn.NewDense[float64](r, m, 1, true)),
		[]string{fmt.Sprintf("Linear(%d, %d)", din, m), "ReLU()", fmt.Sprintf("Linear(%d, 1)", m)}
}

// approx2D holds the 2-variable fits: median test NMSE per width, repeat
// 0's data and trained models.
type approx2D struct {
	widths []int
	nmse   []float64 // median over repeats, per width
	x, y   *tensor.Tensor[float64]
	xt, yt *tensor.Tensor[float64]
	layers [][]string
	models [][]nn.Param[float64]
}

// approxFit2D fits shallow ReLU nets of the given widths to g with spec's
// sizes, training and rates, drawing everything from r, over
// approx2DRepeats repeats (at least three even in Quick: these small fits
// are cheap, and at NMSE ≈ 1e-3 a single fit's rate is noisy).
func approxFit2D(r *rand.Rand, spec approxSpec, widths []int, id string, progress Progress) *approx2D {
	out := &approx2D{widths: widths}
	per := make([][]float64, len(widths))
	repeats := max(spec.repeats, approx2DRepeats)
	total, done := repeats*len(widths)*len(spec.lrs), 0
	for rep := range repeats {
		x, y := approxSample2D(r, spec.nTrain)
		xt, yt := approxSample2D(r, spec.nTest)
		if rep == 0 {
			out.x, out.y, out.xt, out.yt = x, y, xt, yt
		}
		varY, varYt := approxVariance(y.Data()), approxVariance(yt.Data())
		for i, m := range widths {
			seed := r.Uint64()
			bestTrain, bestTest := math.Inf(1), math.NaN()
			var bestModel *nn.Sequential[float64]
			var layers []string
			for _, lr := range spec.lrs {
				model, names := approxShallowNet(rand.New(rand.NewPCG(seed, 2)), 2, m)
				train := approxTrain(model, x, y, lr, spec.iters) / varY
				if train < bestTrain {
					bestTrain, bestTest, bestModel, layers = train, approxMSE(model, xt, yt)/varYt, model, names
				}
				done++
				progress.Report(id, done, total)
			}
			per[i] = append(per[i], bestTest)
			if rep == 0 {
				out.layers = append(out.layers, layers)
				out.models = append(out.models, bestModel.Params())
			}
		}
	}
	for _, v := range per {
		out.nmse = append(out.nmse, genMedian(v))
	}
	return out
}

// approxSample2D returns n points (a, b) ~ U[−1, 1]² as [n, 2] and g at them as [n, 1].
func approxSample2D(r *rand.Rand, n int) (x, y *tensor.Tensor[float64]) {
	x, y = tensor.Zeros[float64](n, 2), tensor.Zeros[float64](n, 1)
	for i := range n {
		a, b := 2*r.Float64()-1, 2*r.Float64()-1
		x.Data()[2*i], x.Data()[2*i+1] = a, b
		y.Data()[i] = approxNode2(a, b)
	}
	return x, y
}

func approxC2(cfg Config, r *Result, progress Progress) {
	spec := approxMainSpec(cfg.Size)
	t := approxGetTable(spec, cfg, r.ID, progress)
	var widths []int
	for _, q := range spec.qs {
		widths = append(widths, approxWidth(approxShallow, approxTreeParams(q)))
	}
	low := approxFit2D(cfg.Rand(2), spec, widths, r.ID, progress)
	r.Setup = fmt.Sprintf("Theorem 1 in numbers: shallow ReLU nets n→M→1 with M ∈ %v, on n = 8 (C6's tanh-node tree; "+
		"those fits are C6's shallow ReLU rows) and on n = 2 (g(a,b) = tanh(ab + (a−b)/2), one of the tree's own nodes, "+
		"(a,b) ~ U[−1,1]²), with the same %d training / %d test points, %d full-batch Adam steps decaying to a tenth, "+
		"best of rates %v by training loss, median over %d repeats (n = 8) and %d repeats (n = 2). The 8-D set-up: ",
		widths, spec.nTrain, spec.nTest, spec.iters, spec.lrs, spec.repeats, max(spec.repeats, approx2DRepeats)) + approxSetup(spec, "")
	r.Criterion = "Theorem 1 is an upper bound with a matching lower bound (nonlinear n-width) on a whole function class, so a " +
		"finite experiment can only show its trend: the error of a shallow net falls with its size M at a rate set by n/m, " +
		"slower in more dimensions. Check: the least-squares log-log slope of median test NMSE against M is at least 0.5 " +
		"steeper on the 2-variable target than on the 8-variable one (slope(n=8) − slope(n=2) ≥ 0.5; the same exponent " +
		"threshold as C3). Calibrated in PyTorch (testdata/theory/calibration/c1_control.py, c1_control.txt)."
	var c8, c2 Curve
	c8 = Curve{Name: "n = 8 (tanh tree): shallow ReLU", XLabel: "hidden units M", YLabel: "test NMSE (MSE/Var)", LogX: true, LogY: true}
	c2 = Curve{Name: "n = 2 (one node): shallow ReLU", XLabel: "hidden units M", YLabel: "test NMSE (MSE/Var)", LogX: true, LogY: true}
	for i, q := range spec.qs {
		m := float64(widths[i])
		n8 := r.Measure(fmt.Sprintf("NMSE n=8 M=%d", widths[i]), t.median(approxCell{approxTanhTree, false, q, approxShallow}))
		n2 := r.Measure(fmt.Sprintf("NMSE n=2 M=%d", widths[i]), low.nmse[i])
		c8.X, c8.Y = append(c8.X, m), append(c8.Y, n8)
		c2.X, c2.Y = append(c2.X, m), append(c2.Y, n2)
	}
	r.AddCurve(c8)
	r.AddCurve(c2)
	s8 := r.Measure("slope n=8", approxSlope(c8.X, c8.Y))
	s2 := r.Measure("slope n=2", approxSlope(c2.X, c2.Y))
	r.Require("C2: slope(n=8) − slope(n=2) of log NMSE against log M", s8-s2, ">=", 0.5)
	r.AddData("x", low.x)
	r.AddData("y", low.y)
	r.AddData("x_test", low.xt)
	r.AddData("y_test", low.yt)
	for i, m := range widths {
		r.AddModel(fmt.Sprintf("n=2 shallow M=%d", m), low.layers[i], low.models[i])
	}
}
