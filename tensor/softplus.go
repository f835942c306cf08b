package tensor

import "github.com/deeptheory/deeptheory/internal/kernel"

// SoftplusSigmoidInto stores ln(1 + eˣ) in y and its derivative, the
// logistic σ(x) = 1/(1 + e⁻ˣ), in s, elementwise, with one exponential per
// element (e = e^−|x|: softplus = max(x, 0) + ln(1 + e); σ = 1/(1 + e) for
// x ≥ 0 and e/(1 + e) below). The values are SoftplusInto's and
// SigmoidInto's bit for bit. y, s and x have one shape.
func SoftplusSigmoidInto[T Float](y, s, x *Tensor[T]) {
	checkSameShape("SoftplusSigmoidInto", y, x)
	checkSameShape("SoftplusSigmoidInto", s, x)
	kernel.SoftplusSigmoid(y.data, s.data, x.data)
}
