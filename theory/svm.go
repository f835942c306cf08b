package theory

import (
	"fmt"
	"math"
)

// SVM is a hard-margin linear support vector machine without bias: the w
// of least norm with yₙ⟨w, xₙ⟩ ≥ 1 for every sample. Its direction
// w/‖w‖ is the max-margin direction and γ* = 1/‖w‖ the max margin
//
//	γ* = max_{‖u‖=1} minₙ yₙ⟨u, xₙ⟩.
type SVM struct {
	W      []float64 // the solution w = Σₙ αₙ yₙ xₙ
	Alpha  []float64 // the dual variables αₙ ≥ 0, nonzero on support vectors
	Sweeps int       // the coordinate sweeps it took
}

// Margin returns γ* = 1/‖w‖.
func (s SVM) Margin() float64 { return 1 / norm(s.W) }

// Direction returns w/‖w‖.
func (s SVM) Direction() []float64 { return scaledVec(s.W, 1/norm(s.W)) }

// FitSVM solves the hard-margin SVM without bias for the rows of x (N×d,
// row-major in a slice of rows) and labels y of ±1 by dual coordinate
// ascent on
//
//	max_α Σₙ αₙ − ½‖Σₙ αₙ yₙ xₙ‖²  subject to αₙ ≥ 0,
//
// one coordinate at a time, exactly: αₙ ← max(0, αₙ + (1 − yₙ⟨w, xₙ⟩)/‖xₙ‖²),
// with w updated alongside. It sweeps until no αₙ moves by more than tol
// (relative to the largest αₙ) or maxSweeps is reached. The data must be
// linearly separable through the origin; otherwise the duals grow without
// bound and the returned error says so.
func FitSVM(x [][]float64, y []float64, tol float64, maxSweeps int) (SVM, error) {
	if len(x) == 0 || len(x) != len(y) {
		return SVM{}, fmt.Errorf("theory: FitSVM: %d samples and %d labels", len(x), len(y))
	}
	d := len(x[0])
	w := make([]float64, d)
	alpha := make([]float64, len(x))
	sq := make([]float64, len(x))
	for n, xn := range x {
		sq[n] = dot(xn, xn)
		if sq[n] == 0 {
			return SVM{}, fmt.Errorf("theory: FitSVM: sample %d is zero", n)
		}
	}
	for sweep := 1; sweep <= maxSweeps; sweep++ {
		var moved, largest float64
		for n, xn := range x {
			next := max(0, alpha[n]+(1-y[n]*dot(w, xn))/sq[n])
			delta := next - alpha[n]
			if delta != 0 {
				for i := range w {
					w[i] += delta * y[n] * xn[i]
				}
				alpha[n] = next
			}
			moved = max(moved, math.Abs(delta))
			largest = max(largest, next)
		}
		if largest > 1e12 {
			return SVM{}, fmt.Errorf("theory: FitSVM: the duals diverge (the data are not separable through the origin)")
		}
		if moved <= tol*largest {
			return SVM{W: w, Alpha: alpha, Sweeps: sweep}, nil
		}
	}
	return SVM{W: w, Alpha: alpha, Sweeps: maxSweeps}, fmt.Errorf("theory: FitSVM: not converged in %d sweeps", maxSweeps)
}

// KKTViolation returns the largest violation of the SVM's optimality
// conditions on the data: primal feasibility 1 − yₙ⟨w, xₙ⟩ ≤ 0, dual
// feasibility αₙ ≥ 0, complementary slackness αₙ(yₙ⟨w, xₙ⟩ − 1) = 0 (relative
// to the largest α), and stationarity w = Σ αₙ yₙ xₙ (relative to ‖w‖).
func (s SVM) KKTViolation(x [][]float64, y []float64) float64 {
	var worst, largest float64
	for _, a := range s.Alpha {
		largest = max(largest, a)
		worst = max(worst, -a)
	}
	sum := make([]float64, len(s.W))
	for n, xn := range x {
		m := y[n] * dot(s.W, xn)
		worst = max(worst, 1-m)
		if largest > 0 {
			worst = max(worst, math.Abs(s.Alpha[n]*(m-1))/largest)
		}
		for i := range sum {
			sum[i] += s.Alpha[n] * y[n] * xn[i]
		}
	}
	for i := range sum {
		sum[i] -= s.W[i]
	}
	return max(worst, norm(sum)/norm(s.W))
}

// dot returns ⟨a, b⟩ summed in index order.
func dot(a, b []float64) float64 {
	var s float64
	for i := range a {
		s += a[i] * b[i]
	}
	return s
}

// norm returns ‖a‖₂.
func norm(a []float64) float64 { return math.Sqrt(dot(a, a)) }

// scaledVec returns c·a as a new slice.
func scaledVec(a []float64, c float64) []float64 {
	out := make([]float64, len(a))
	for i, v := range a {
		out[i] = c * v
	}
	return out
}

// Angle returns the angle in radians between a and b, computed stably
// (atan2 of the sine and cosine) so that small angles are exact.
func Angle(a, b []float64) float64 {
	ua, ub := scaledVec(a, 1/norm(a)), scaledVec(b, 1/norm(b))
	diff, sum := make([]float64, len(a)), make([]float64, len(a))
	for i := range ua {
		diff[i], sum[i] = ua[i]-ub[i], ua[i]+ub[i]
	}
	return 2 * math.Atan2(norm(diff), norm(sum))
}
