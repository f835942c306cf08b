package theory

import (
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/mat"
)

// Statistics of the generalization claims: the slope-1 line of the
// normalized-loss scatter (C21), a free-slope least-squares line for
// comparison, and Spearman's rank correlation (C22).

// genLineFit is a fitted line y ≈ Slope·x + Intercept with its goodness of
// fit.
type genLineFit struct {
	Slope, Intercept float64
	// R2 is 1 − Σ(yᵢ − ŷᵢ)²/Σ(yᵢ − ȳ)², measured against the mean of y.
	// It can be negative when the line fits worse than the constant ȳ.
	R2 float64
	// RMSE is √(Σ(yᵢ − ŷᵢ)²/n).
	RMSE float64
}

// genCheckPairs panics unless x and y have the same length ≥ min.
func genCheckPairs(op string, x, y []float64, least int) {
	if len(x) != len(y) || len(x) < least {
		panic(fmt.Sprintf("theory: %s: %d x values and %d y values (need equal lengths ≥ %d)", op, len(x), len(y), least))
	}
}

// genFitQuality fills R2 and RMSE of fit for the points (x, y).
func genFitQuality(fit genLineFit, x, y []float64) genLineFit {
	var mean float64
	for _, v := range y {
		mean += v
	}
	mean /= float64(len(y))
	var ssRes, ssTot float64
	for i := range x {
		r := y[i] - (fit.Slope*x[i] + fit.Intercept)
		ssRes += r * r
		ssTot += (y[i] - mean) * (y[i] - mean)
	}
	fit.R2 = 1 - ssRes/ssTot
	fit.RMSE = math.Sqrt(ssRes / float64(len(y)))
	return fit
}

// genSlopeOneFit fits y = x + b by least squares: b = mean(y − x), the fit
// of the authors' scaling_NATURE.m. R² is 1 − Σ(yᵢ − xᵢ − b)²/Σ(yᵢ − ȳ)².
// It panics unless x and y have the same length ≥ 2.
func genSlopeOneFit(x, y []float64) genLineFit {
	genCheckPairs("genSlopeOneFit", x, y, 2)
	var b float64
	for i := range x {
		b += y[i] - x[i]
	}
	b /= float64(len(x))
	return genFitQuality(genLineFit{Slope: 1, Intercept: b}, x, y)
}

// genLeastSquaresFit fits y = a·x + b by ordinary least squares, solving
// min ‖[1 x]·(b, a)ᵀ − y‖ with gonum's QR-based solver. It panics unless
// x and y have the same length ≥ 2 and x is not constant.
func genLeastSquaresFit(x, y []float64) genLineFit {
	genCheckPairs("genLeastSquaresFit", x, y, 2)
	n := len(x)
	design := mat.NewDense(n, 2, nil)
	for i := range n {
		design.Set(i, 0, 1)
		design.Set(i, 1, x[i])
	}
	var coef mat.Dense
	if err := coef.Solve(design, mat.NewDense(n, 1, slices.Clone(y))); err != nil {
		panic(fmt.Sprintf("theory: genLeastSquaresFit: %d points with constant x: %v", n, err))
	}
	return genFitQuality(genLineFit{Slope: coef.At(1, 0), Intercept: coef.At(0, 0)}, x, y)
}

// genRanks returns the ranks 1..n of v, tied values sharing the average
// of the ranks they span (so the ranks of 3, 1, 3 are 2.5, 1, 2.5).
func genRanks(v []float64) []float64 {
	order := make([]int, len(v))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		switch {
		case v[a] < v[b]:
			return -1
		case v[a] > v[b]:
			return 1
		}
		return 0
	})
	ranks := make([]float64, len(v))
	for lo := 0; lo < len(order); {
		hi := lo + 1
		for hi < len(order) && v[order[hi]] == v[order[lo]] {
			hi++
		}
		avg := float64(lo+1+hi) / 2 // mean of the ranks lo+1 .. hi
		for _, i := range order[lo:hi] {
			ranks[i] = avg
		}
		lo = hi
	}
	return ranks
}

// genPearson returns the correlation Σ(xᵢ−x̄)(yᵢ−ȳ)/√(Σ(xᵢ−x̄)²·Σ(yᵢ−ȳ)²):
// NaN if x or y is constant.
func genPearson(x, y []float64) float64 {
	genCheckPairs("genPearson", x, y, 2)
	var mx, my float64
	for i := range x {
		mx += x[i]
		my += y[i]
	}
	mx /= float64(len(x))
	my /= float64(len(y))
	var sxy, sxx, syy float64
	for i := range x {
		dx, dy := x[i]-mx, y[i]-my
		sxy += dx * dy
		sxx += dx * dx
		syy += dy * dy
	}
	if sxx == 0 || syy == 0 {
		return math.NaN()
	}
	return sxy / math.Sqrt(sxx*syy)
}

// genSpearman returns Spearman's rank correlation of x and y: the Pearson
// correlation of their ranks, ties given the average rank (genRanks). It
// is NaN if x or y is constant and panics unless the lengths agree and are
// ≥ 2.
func genSpearman(x, y []float64) float64 {
	genCheckPairs("genSpearman", x, y, 2)
	return genPearson(genRanks(x), genRanks(y))
}

// genMedian returns the median of v (the mean of the middle two for an
// even count); NaN for an empty v.
func genMedian(v []float64) float64 {
	if len(v) == 0 {
		return math.NaN()
	}
	s := slices.Clone(v)
	slices.Sort(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// genMean returns the arithmetic mean of v; NaN for an empty v.
func genMean(v []float64) float64 {
	if len(v) == 0 {
		return math.NaN()
	}
	var s float64
	for _, x := range v {
		s += x
	}
	return s / float64(len(v))
}
