package theory

import (
	"math"
	"slices"
	"testing"
)

func genClose(t *testing.T, name string, got, want float64) {
	t.Helper()
	if math.Abs(got-want) > 1e-12*max(1, math.Abs(want)) {
		t.Errorf("%s = %.17g, want %.17g", name, got, want)
	}
}

// x = (1, 2, 3), y = (2, 3, 5): y − x = (1, 1, 2), so b = 4/3; residuals
// (−1/3, −1/3, 2/3) give SSres = 2/3; ȳ = 10/3 gives SStot = 14/3; R² =
// 1 − 1/7 = 6/7; RMSE = √(2/9).
func TestGenSlopeOneFit(t *testing.T) {
	fit := genSlopeOneFit([]float64{1, 2, 3}, []float64{2, 3, 5})
	genClose(t, "slope", fit.Slope, 1)
	genClose(t, "intercept", fit.Intercept, 4.0/3)
	genClose(t, "R2", fit.R2, 6.0/7)
	genClose(t, "RMSE", fit.RMSE, math.Sqrt(2.0/9))
}

// A slope-1 fit of points on a steeper line has negative R²: x = (0, 1),
// y = (0, 3): b = 1, residuals (−1, 1), SSres = 2, SStot = 4.5, R² = 5/9;
// x = (0, 1), y = (1, 0): b = 0, residuals (1, −1), SSres = 2, SStot =
// 0.5, R² = −3.
func TestGenSlopeOneFitPoor(t *testing.T) {
	genClose(t, "R2 steep", genSlopeOneFit([]float64{0, 1}, []float64{0, 3}).R2, 5.0/9)
	genClose(t, "R2 reversed", genSlopeOneFit([]float64{0, 1}, []float64{1, 0}).R2, -3)
}

// x = (1, 2, 3), y = (2, 3, 5): Sxy = 3, Sxx = 2, slope 3/2, intercept
// 10/3 − 3 = 1/3; residuals (1/6, −1/3, 1/6), SSres = 1/6, R² = 1 − 1/28.
func TestGenLeastSquaresFit(t *testing.T) {
	fit := genLeastSquaresFit([]float64{1, 2, 3}, []float64{2, 3, 5})
	genClose(t, "slope", fit.Slope, 1.5)
	genClose(t, "intercept", fit.Intercept, 1.0/3)
	genClose(t, "R2", fit.R2, 27.0/28)
	genClose(t, "RMSE", fit.RMSE, math.Sqrt(1.0/18))
	exact := genLeastSquaresFit([]float64{0, 1, 2, 5}, []float64{1, -1, -3, -9})
	genClose(t, "exact slope", exact.Slope, -2)
	genClose(t, "exact intercept", exact.Intercept, 1)
	genClose(t, "exact R2", exact.R2, 1)
}

func TestGenRanks(t *testing.T) {
	for _, c := range []struct{ v, want []float64 }{
		{[]float64{3, 1, 3}, []float64{2.5, 1, 2.5}},
		{[]float64{10, 20, 10, 10}, []float64{2, 4, 2, 2}},
		{[]float64{0.3, -1, 7, 2}, []float64{2, 1, 4, 3}},
	} {
		if got := genRanks(c.v); !slices.Equal(got, c.want) {
			t.Errorf("genRanks(%v) = %v, want %v", c.v, got, c.want)
		}
	}
}

// x = (1, 2, 2, 3) has ranks (1, 2.5, 2.5, 4), y = (1, 3, 2, 4) ranks
// (1, 3, 2, 4): Σdxdy = 4.5, Σdx² = 4.5, Σdy² = 5, so ρ = √(4.5/5) = 3/√10.
func TestGenSpearman(t *testing.T) {
	genClose(t, "ties", genSpearman([]float64{1, 2, 2, 3}, []float64{1, 3, 2, 4}), 3/math.Sqrt(10))
	genClose(t, "monotone", genSpearman([]float64{1, 2, 3, 4}, []float64{1, 8, 27, 64}), 1)
	genClose(t, "reversed", genSpearman([]float64{1, 2, 3, 4}, []float64{5, 0, -1, -30}), -1)
	if got := genSpearman([]float64{1, 2, 3}, []float64{4, 4, 4}); !math.IsNaN(got) {
		t.Errorf("genSpearman with constant y = %v, want NaN", got)
	}
}

func TestGenMedianMean(t *testing.T) {
	genClose(t, "odd median", genMedian([]float64{5, 1, 3}), 3)
	genClose(t, "even median", genMedian([]float64{4, 1, 3, 10}), 3.5)
	genClose(t, "mean", genMean([]float64{4, 1, 3, 10}), 4.5)
}

func TestGenFitPanicsOnMismatch(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("genSlopeOneFit of 2 and 3 values did not panic")
		}
	}()
	genSlopeOneFit([]float64{1, 2}, []float64{1, 2, 3})
}
