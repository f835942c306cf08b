package theory

import (
	"fmt"
	"slices"

	"github.com/deeptheory/deeptheory/nn"
	"github.com/deeptheory/deeptheory/optim"
	"github.com/deeptheory/deeptheory/tensor"
)

// C23: test error against width. Per data seed: d = 10, x ~ N(0, I), 100
// training and 2000 test points labelled by a 4-unit ReLU teacher with
// output signs (+, −, +, −); bias-free ReLU networks 10 → w → 1 (PyTorch's
// default init) trained with the logistic loss by full-batch Adam; with
// clean training labels and with 5% of them flipped (the test labels stay
// clean). Beyond w ≈ 10 the network has more parameters (11w) than points.

const (
	genWidthDim, genWidthTrain, genWidthTest = 10, 100, 2000
	genWidthLR                               = 0.01
	genWidthFlips                            = 5 // 5% of the training labels
)

// genWidthSize is the part of C23's experiment that depends on the size.
type genWidthSize struct {
	widths []int
	steps  int
	seeds  int
}

func genWidthSizeOf(s Size) genWidthSize {
	if s == Full {
		return genWidthSize{widths: []int{2, 4, 8, 16, 32, 64, 128, 256}, steps: 5000, seeds: 3}
	}
	return genWidthSize{widths: []int{2, 4, 16, 64, 256}, steps: 1500, seeds: 3}
}

// genWidthClaim is C23's experiment.
func genWidthClaim(cfg Config, r *Result, progress Progress) {
	size := genWidthSizeOf(cfg.Size)
	r.Setup = fmt.Sprintf("%d data seeds (streams 2300+k). Per seed: d = %d, x ~ N(0, I), %d train / %d test points, labels sign of a "+
		"4-unit bias-free ReLU teacher with output signs (+,−,+,−); with clean training labels and with %d of them (5%%) "+
		"flipped. Nets Linear(%d, w, bias=False) → ReLU → Linear(w, 1, bias=False), PyTorch default init, widths w ∈ %v "+
		"(11w parameters vs N = %d); logistic loss, full-batch Adam lr %g (betas 0.9, 0.999), %d steps. Test error on the clean test set.",
		size.seeds, genWidthDim, genWidthTrain, genWidthTest, genWidthFlips, genWidthDim, size.widths, genWidthTrain, genWidthLR, size.steps)
	r.Criterion = fmt.Sprintf("Mean test error over %d seeds, clean and 5%%-noise labels separately (CLAIMS.md §11): the mean over "+
		"widths ≥ 64 ≤ the best width ≤ 16 + 0.02, and the spread (max − min) across widths ≥ 64 ≤ 0.02.", size.seeds)
	if cfg.Size == Quick {
		r.Criterion += " Quick runs 5 widths and 1500 Adam steps with the same thresholds."
	}
	total := 2 * size.seeds * len(size.widths)
	done := 0
	for _, noisy := range []bool{false, true} {
		label := "clean"
		if noisy {
			label = "5% noise"
		}
		meanErr := make([]float64, len(size.widths))
		trainErr := make([]float64, len(size.widths))
		for s := range size.seeds {
			x, y, xTest, yTest, models := genWidthSeed(cfg, s, noisy, size, func() {
				progress.Report("C23", done, total)
				done++
			})
			for k, m := range models {
				meanErr[k] += genErrorRate(Output(m, xTest), yTest) / float64(size.seeds)
				trainErr[k] += genErrorRate(Output(m, x), y) / float64(size.seeds)
			}
			if s == 0 && !noisy {
				r.AddData("x", x)
				r.AddData("y", y)
				r.AddData("x_test", xTest)
				r.AddData("y_test", yTest)
				for k, m := range models {
					w := size.widths[k]
					r.AddModel(fmt.Sprintf("seed 0, clean, width %d", w), layerList(genWidthDim, w, 1), m.Params())
				}
			}
		}
		var small, large []float64
		for k, w := range size.widths {
			r.Measure(fmt.Sprintf("%s: mean test error, width %d", label, w), meanErr[k])
			r.Measure(fmt.Sprintf("%s: mean train error, width %d", label, w), trainErr[k])
			if w <= 16 {
				small = append(small, meanErr[k])
			}
			if w >= 64 {
				large = append(large, meanErr[k])
			}
		}
		widths := make([]float64, len(size.widths))
		for k, w := range size.widths {
			widths[k] = float64(w)
		}
		r.AddCurve(Curve{Name: "mean test error, " + label, XLabel: "hidden width w (units)", YLabel: "test error (fraction)",
			LogX: true, X: widths, Y: meanErr})
		r.AddCurve(Curve{Name: "mean train error, " + label, XLabel: "hidden width w (units)", YLabel: "train error (fraction)",
			LogX: true, X: widths, Y: trainErr})
		best := slices.Min(small)
		r.Require(label+": mean test error over widths ≥ 64 − best at width ≤ 16", genMean(large)-best, "<=", 0.02)
		r.Require(label+": spread of test error across widths ≥ 64", slices.Max(large)-slices.Min(large), "<=", 0.02)
	}
	progress.Report("C23", total, total)
}

// genWidthSeed draws data seed s (stream 2300 + s; the noisy run flips
// labels of the same data) and trains one network per width, calling tick
// before each.
func genWidthSeed(cfg Config, s int, noisy bool, size genWidthSize, tick func()) (x, y, xTest, yTest *tensor.Tensor[float64], models []*nn.Sequential[float64]) {
	r := cfg.Rand(2300 + uint64(s))
	all := gaussianInputs(r, genWidthTrain+genWidthTest, genWidthDim)
	labels := teacherLabels(r, all, []float64{1, -1, 1, -1})
	x, y = genRows(all, 0, genWidthTrain), genRows(labels, 0, genWidthTrain)
	xTest, yTest = genRows(all, genWidthTrain, genWidthTrain+genWidthTest), genRows(labels, genWidthTrain, genWidthTrain+genWidthTest)
	flip := r.Perm(genWidthTrain)[:genWidthFlips] // drawn in both runs, so the nets' draws match
	if noisy {
		for _, i := range flip {
			y.Data()[i] = -y.Data()[i]
		}
	}
	for _, w := range size.widths {
		tick()
		model := nn.NewSequential[float64](nn.NewDense[float64](r, genWidthDim, w, false), nn.ReLU[float64]{},
			nn.NewDense[float64](r, w, 1, false))
		genTrain(model, genLogistic(y), x, optim.NewAdam(model.Params(), optim.AdamDefaults(genWidthLR)), size.steps)
		models = append(models, model)
	}
	return x, y, xTest, yTest, models
}
