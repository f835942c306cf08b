package theory

import (
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/mat"
)

// C24: leave-one-out stability of interpolating linear least squares.
//
// With d > N the system X w = y (X [N, d], rows xᵢ) has many solutions. The
// algorithm
//
//	A_r(S) = X⁺ y + (I − P_S) w₀,   P_S = X⁺ X,  ‖w₀‖ = r,
//
// (X⁺ the pseudo-inverse, P_S the projector onto the row space) picks one:
// it is where gradient descent on ‖Xw − y‖² started at w₀ converges, and
// r = 0 gives the minimum-norm solution. Its leave-one-out error is
//
//	LOO(r) = (1/N) Σᵢ (xᵢᵀ A_r(S⁻ⁱ) − yᵢ)²,
//
// S⁻ⁱ the set without sample i. Since xᵢᵀ(I − P_{S⁻ⁱ})w₀ = qᵢᵀw₀ with
// qᵢ = (I − P_{S⁻ⁱ})xᵢ, and a direction u uniform on the sphere has
// E[(qᵀu)²] = ‖q‖²/d and E[qᵀu] = 0,
//
//	E_{w₀} LOO(r) = LOO(0) + r²/d · (1/N) Σᵢ ‖qᵢ‖²,
//
// increasing in r and least at the minimum-norm solution.

const (
	genLOODim, genLOON = 200, 50
	genLOONoise        = 0.2
)

// genLOORadii are the distances r = ‖w₀‖ of the check.
var genLOORadii = []float64{0, 0.5, 1, 2, 4}

// genLOODraws returns the number of draws of w₀'s direction.
func genLOODraws(s Size) int {
	if s == Full {
		return 100
	}
	return 20
}

// genLOOFold is the minimum-norm solution without sample i and its
// row-space basis.
type genLOOFold struct {
	w     *mat.VecDense // X⁺_{S⁻ⁱ} y_{S⁻ⁱ}
	basis *mat.Dense    // [d, rank]: orthonormal basis of the row space of X_{S⁻ⁱ}
}

// genMinNorm returns X⁺y (the minimum-norm least-squares solution, by
// gonum's SVD) and an orthonormal basis of X's row space: the right
// singular vectors whose singular values exceed 1e-12·σ_max.
func genMinNorm(x *mat.Dense, y *mat.VecDense) genLOOFold {
	var svd mat.SVD
	if !svd.Factorize(x, mat.SVDThin) {
		panic("theory: genMinNorm: SVD did not converge")
	}
	rank := svd.Rank(1e-12)
	var w mat.VecDense
	svd.SolveVecTo(&w, y, rank)
	var v mat.Dense
	svd.VTo(&v)
	_, d := x.Dims()
	return genLOOFold{w: &w, basis: mat.DenseCopyOf(v.Slice(0, d, 0, rank))}
}

// genInterpolant returns A(w₀) = w + (I − B Bᵀ)w₀ for a fold's solution w
// and row-space basis B.
func (f genLOOFold) genInterpolant(w0 *mat.VecDense) *mat.VecDense {
	var coef, inRow, a mat.VecDense
	coef.MulVec(f.basis.T(), w0)
	inRow.MulVec(f.basis, &coef)
	a.SubVec(w0, &inRow)
	a.AddVec(&a, f.w)
	return &a
}

// genLOOClaim is C24's experiment.
func genLOOClaim(cfg Config, r *Result, progress Progress) {
	rng := cfg.Rand(24)
	d, n, draws := genLOODim, genLOON, genLOODraws(cfg.Size)
	x := mat.NewDense(n, d, gaussianInputs(rng, n, d).Data())
	teacher := mat.NewVecDense(d, nil)
	for j := range d {
		teacher.SetVec(j, rng.NormFloat64()/math.Sqrt(float64(d))) // ‖w*‖ ≈ 1
	}
	y := mat.NewVecDense(n, nil)
	y.MulVec(x, teacher)
	for i := range n {
		y.SetVec(i, y.AtVec(i)+genLOONoise*rng.NormFloat64())
	}
	directions := make([]*mat.VecDense, draws)
	for k := range directions {
		u := mat.NewVecDense(d, nil)
		for j := range d {
			u.SetVec(j, rng.NormFloat64())
		}
		u.ScaleVec(1/mat.Norm(u, 2), u)
		directions[k] = u
	}
	r.Setup = fmt.Sprintf("Linear regression, d = %d > N = %d, x ~ N(0, I), y = xᵀw* + %g·ε, w* ~ N(0, I/d), ε ~ N(0, 1). "+
		"Interpolants A_r(S) = X⁺y + (I − P_S)w₀ with w₀ = r·u, u uniform on the unit sphere (%d directions, the same for every r), "+
		"r ∈ %v; X⁺ and the row-space projector from gonum's SVD. LOO(r) = mean_i (x_iᵀA_r(S⁻ⁱ) − y_i)², averaged over the "+
		"directions; expected error of A_r(S) = ‖A_r(S) − w*‖² + %g² (exact for x ~ N(0, I)). Gradient descent from w₀ "+
		"(r = 1, lr 0.1 on ‖Xw − y‖²/(2N), 2000 steps) is checked to converge to A_r(S).",
		d, n, genLOONoise, draws, genLOORadii, genLOONoise)
	r.Criterion = "LOO(r) increases strictly along r = 0, 0.5, 1, 2, 4 and is least at r = 0 (the minimum-norm solution); " +
		"the expected error of A_r(S) increases likewise; the measured excess LOO(r) − LOO(0) agrees with " +
		"r²/d·mean_i‖(I − P_{S⁻ⁱ})x_i‖² within 4 standard errors of the mean over directions; A_r(S) interpolates " +
		"(max |XA − y| ≤ 1e-9) and equals GD's limit from w₀ to 1e-8 relative."

	// The leave-one-out folds.
	folds := make([]genLOOFold, n)
	var qSquared float64
	for i := range n {
		progress.Report("C24", i, n+1)
		rows := make([]float64, 0, (n-1)*d)
		targets := make([]float64, 0, n-1)
		for j := range n {
			if j != i {
				rows = append(rows, x.RawRowView(j)...)
				targets = append(targets, y.AtVec(j))
			}
		}
		folds[i] = genMinNorm(mat.NewDense(n-1, d, rows), mat.NewVecDense(n-1, targets))
		xi := mat.NewVecDense(d, slices.Clone(x.RawRowView(i)))
		q := folds[i].genInterpolant(xi) // w + (I − P)xᵢ
		q.SubVec(q, folds[i].w)
		qSquared += mat.Dot(q, q) / float64(n)
	}
	full := genMinNorm(x, y)

	looAt := func(w0 *mat.VecDense) float64 {
		var sum float64
		for i, f := range folds {
			e := mat.Dot(x.RowView(i), f.genInterpolant(w0)) - y.AtVec(i)
			sum += e * e
		}
		return sum / float64(n)
	}
	zero := mat.NewVecDense(d, nil)
	loo0 := looAt(zero)
	var loos, expected, testErrs []float64
	maxZ, maxResidual := 0.0, 0.0
	for _, radius := range genLOORadii {
		var excess []float64
		var testErr float64
		for _, u := range directions {
			var w0 mat.VecDense
			w0.ScaleVec(radius, u)
			excess = append(excess, looAt(&w0)-loo0)
			a := full.genInterpolant(&w0)
			var fit, diff mat.VecDense
			fit.MulVec(x, a)
			fit.SubVec(&fit, y)
			maxResidual = max(maxResidual, mat.Norm(&fit, math.Inf(1)))
			diff.SubVec(a, teacher)
			testErr += (mat.Dot(&diff, &diff) + genLOONoise*genLOONoise) / float64(draws)
		}
		mean := genMean(excess)
		want := radius * radius / float64(d) * qSquared
		if radius > 0 {
			var sq float64
			for _, e := range excess {
				sq += (e - mean) * (e - mean)
			}
			se := math.Sqrt(sq/float64(draws-1)) / math.Sqrt(float64(draws))
			maxZ = max(maxZ, math.Abs(mean-want)/se)
		}
		loos = append(loos, loo0+mean)
		expected = append(expected, loo0+want)
		testErrs = append(testErrs, testErr)
		r.Measure(fmt.Sprintf("LOO(r=%g)", radius), loo0+mean)
		r.Measure(fmt.Sprintf("predicted LOO(r=%g)", radius), loo0+want)
		r.Measure(fmt.Sprintf("expected error(r=%g)", radius), testErr)
	}
	r.Measure("mean ‖(I − P_{S⁻ⁱ})x_i‖²", qSquared)

	// Gradient descent from w₀ = 1·u₀ converges to A_1(S).
	w0 := mat.VecDenseCopyOf(directions[0])
	gd := genLeastSquaresGD(x, y, w0, 0.1, 2000)
	var gap mat.VecDense
	gap.SubVec(gd, full.genInterpolant(w0))
	gdGap := r.Measure("‖w_GD − A_1(S)‖/‖A_1(S)‖", mat.Norm(&gap, 2)/mat.Norm(full.genInterpolant(w0), 2))

	minStep, minTestStep := math.Inf(1), math.Inf(1)
	for k := 1; k < len(loos); k++ {
		minStep = min(minStep, loos[k]-loos[k-1])
		minTestStep = min(minTestStep, testErrs[k]-testErrs[k-1])
	}
	r.Require("min over r of LOO(r_{k+1}) − LOO(r_k)", minStep, ">", 0)
	r.Require("LOO(0) − min_{r>0} LOO(r)", loos[0]-slices.Min(loos[1:]), "<", 0)
	r.Require("min over r of E(r_{k+1}) − E(r_k), expected error", minTestStep, ">", 0)
	r.Require("max over r>0 of |excess − r²/d·mean‖q‖²|/SE", maxZ, "<=", 4)
	r.Require("max |X A_r(S) − y|", maxResidual, "<=", 1e-9)
	r.Require("‖w_GD − A_1(S)‖/‖A_1(S)‖", gdGap, "<=", 1e-8)
	r.AddCurve(Curve{Name: "leave-one-out error", XLabel: "r = ‖w₀‖", YLabel: "LOO squared error", X: genLOORadii, Y: loos})
	r.AddCurve(Curve{Name: "LOO(0) + r²/d·mean‖q_i‖²", XLabel: "r = ‖w₀‖", YLabel: "LOO squared error", X: genLOORadii, Y: expected})
	r.AddCurve(Curve{Name: "expected error of A_r(S)", XLabel: "r = ‖w₀‖", YLabel: "expected squared error", X: genLOORadii, Y: testErrs})
	r.AddData("x", genTensorOf(x))
	r.AddData("y", genTensorOfVec(y))
	progress.Report("C24", n+1, n+1)
}

// genLeastSquaresGD runs steps of w ← w − lr·Xᵀ(Xw − y)/N from w0 and
// returns w.
func genLeastSquaresGD(x *mat.Dense, y, w0 *mat.VecDense, lr float64, steps int) *mat.VecDense {
	n, _ := x.Dims()
	w := mat.VecDenseCopyOf(w0)
	var residual, grad mat.VecDense
	for range steps {
		residual.MulVec(x, w)
		residual.SubVec(&residual, y)
		grad.MulVec(x.T(), &residual)
		w.AddScaledVec(w, -lr/float64(n), &grad)
	}
	return w
}
