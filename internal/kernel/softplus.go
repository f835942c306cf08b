package kernel

import "math"

// SoftplusSigmoid stores softplus(x) = ln(1 + eˣ) in y and the logistic
// σ(x) = 1/(1 + e⁻ˣ), its derivative, in s, elementwise, with one
// exponential per element: for e = e^−|x|,
//
//	softplus(x) = max(x, 0) + ln(1 + e),  σ(x) = 1/(1 + e) if x ≥ 0, e/(1 + e) if x < 0.
//
// These are Unary's Softplus and Sigmoid formulas, so the bits are theirs.
// y and s must be at least as long as x.
func SoftplusSigmoid[T Float](y, s, x []T) {
	y, s = y[:len(x)], s[:len(x)]
	for i, v := range x {
		f := float64(v)
		e := math.Exp(-math.Abs(f))
		y[i] = T(math.Max(f, 0) + math.Log1p(e))
		if f >= 0 {
			s[i] = T(1 / (1 + e))
		} else {
			s[i] = T(e / (1 + e))
		}
	}
}
