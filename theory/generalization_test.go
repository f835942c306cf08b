package theory

import (
	"math"
	"testing"

	"github.com/deeptheory/deeptheory/tensor"
	"gonum.org/v1/gonum/mat"
)

// The golden tolerance of the trained claims (C20–C23) is 1e-6: thousands
// of GD/Adam/sphere steps carry the last-bit differences of the purego
// GEMM into the sixth digit at most. C24 is linear algebra in gonum (the
// same code under -tags purego), so 1e-9.

func TestC20(t *testing.T) {
	r := runClaim(t, "C20", 1e-6)
	requirePass(t, r)
	sweepSeeds(t, "C20", Pass)
}

// C21 (5 data seeds, §11's calibrated count) passes for the golden seed.
// Its "intercept > 0 in every data seed" part fails in about 1 data seed in
// 20 (10 of 200 measured): the intercept is the normalized generalization
// gap of one 60-point training set, and some training sets are harder than
// the population, so every net's normalized test loss lies below its
// training loss. A 20000-point test set leaves this unchanged (it is not
// test-set noise), so about 1 config seed in 4–5 fails under -sweep
// (0.95⁵ ≈ 0.77): a property of §11's "every seed" criterion at 5 seeds,
// reported, not loosened.
func TestC21(t *testing.T) {
	r := runClaim(t, "C21", 1e-6)
	requirePass(t, r)
	sweepSeeds(t, "C21", Pass)
}

// C22 is judged on the Spearman, across the 8 kinds of net, of their
// seed-mean normalized train loss and test error (the expected values the
// claim ranks). The per-seed Spearman's mean (0.49 ± 0.015 over 400 data
// seeds, on §11's 0.5 threshold) is reported, not judged: a verdict on it
// would follow the seed.
func TestC22(t *testing.T) {
	r := runClaim(t, "C22", 1e-6)
	requirePass(t, r)
	sweepSeeds(t, "C22", Pass)
}

func TestC23(t *testing.T) {
	r := runClaim(t, "C23", 1e-6)
	requirePass(t, r)
	sweepSeeds(t, "C23", Pass)
}

func TestC24(t *testing.T) {
	r := runClaim(t, "C24", 1e-9)
	requirePass(t, r)
	sweepSeeds(t, "C24", Pass)
}

// Scores (2, −1, 0.5) with labels (1, 1, −1) have margins (2, −1, −0.5):
// the logistic loss is (log(1+e⁻²) + log(1+e) + log(1+e^0.5))/3 and two of
// the three are errors.
func TestGenLogisticValueAndErrorRate(t *testing.T) {
	s := tensor.FromSlice([]float64{2, -1, 0.5}, 3, 1)
	y := tensor.FromSlice([]float64{1, 1, -1}, 3)
	want := (math.Log(1+math.Exp(-2)) + math.Log(1+math.E) + math.Log(1+math.Exp(0.5))) / 3
	genClose(t, "logistic", genLogisticValue(s, y), want)
	genClose(t, "error rate", genErrorRate(s, y), 2.0/3)
	// A margin of −800 must not overflow: log(1 + e^800) = 800 + log1p(e^−800).
	genClose(t, "large margin", genLogisticValue(tensor.FromSlice([]float64{-800}, 1), tensor.FromSlice([]float64{1}, 1)), 800)
}

func TestGenRows(t *testing.T) {
	x := tensor.FromSlice([]float64{1, 2, 3, 4, 5, 6}, 3, 2)
	got := genRows(x, 1, 3)
	if got.Dim(0) != 2 || got.Dim(1) != 2 || got.At(0, 0) != 3 || got.At(1, 1) != 6 {
		t.Errorf("genRows(x, 1, 3) = %v, want [[3 4] [5 6]]", got)
	}
	got.Data()[0] = 100
	if x.At(1, 0) != 3 {
		t.Error("genRows aliases its input")
	}
}

// For X = [[1, 0, 0], [0, 2, 0]] and y = (1, 4): X⁺y = (1, 2, 0), the row
// space is span(e₁, e₂), so A(w₀) = (1, 2, w₀[2]) for any w₀.
func TestGenMinNormInterpolant(t *testing.T) {
	x := mat.NewDense(2, 3, []float64{1, 0, 0, 0, 2, 0})
	fold := genMinNorm(x, mat.NewVecDense(2, []float64{1, 4}))
	a := fold.genInterpolant(mat.NewVecDense(3, []float64{5, -7, 3}))
	for i, want := range []float64{1, 2, 3} {
		genClose(t, "A(w₀)", a.AtVec(i), want)
	}
	w := genLeastSquaresGD(x, mat.NewVecDense(2, []float64{1, 4}), mat.NewVecDense(3, []float64{5, -7, 3}), 0.4, 200)
	for i, want := range []float64{1, 2, 3} {
		genClose(t, "GD limit", w.AtVec(i), want)
	}
}

// The sup of Σσₙ f̃(xₙ)/N over the unit-norm class is attained by one unit:
// for 1-D inputs x = (1, 2, −1) and σ = (1, 1, −1), f̃ = relu(x) gives
// (1 + 2)/3 = 1, f̃ = −relu(−x) gives 1/3, and no unit-norm net does better
// than 1 (|Σσ relu(ux)| ≤ |u|·(1+2) for u ≥ 0, ≤ |u|·1 for u < 0).
func TestGenRadSupOneDimension(t *testing.T) {
	x := tensor.FromSlice([]float64{1, 2, -1}, 3, 1)
	sigma := tensor.FromSlice([]float64{1, 1, -1}, 3, 1)
	got := genRadSup(Config{Seed: 1}.Rand(1), x, sigma, 3, 300)
	if got < 1-1e-6 || got > 1+1e-12 {
		t.Errorf("sup = %.12g, want 1", got)
	}
}
