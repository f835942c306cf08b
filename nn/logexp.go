package nn

import (
	"math"

	"github.com/deeptheory/deeptheory/autograd"
	"github.com/deeptheory/deeptheory/tensor"
)

// LogExpLoss is the logarithm of the exponential loss, computed in the log
// domain for scores f [N] or [N, 1] and labels y of ±1:
//
//	log ExpLoss = log((1/N) Σᵢ exp(−yᵢ·fᵢ)) = LogSumExp(−y⊙f) − log N,
//
// by autograd.LogSumExp, which shifts by the largest exponent: it is finite
// for any finite scores, where ExpLoss overflows to +Inf once a margin
// yᵢ·fᵢ falls below −log(MaxFloat) (≈ −88.7 in float32, −709.8 in float64)
// and underflows to 0, with a zero gradient, once every margin exceeds
// ≈ 103 (float32) or ≈ 745 (float64). Long runs on separable data, whose
// margins grow like log t, reach the latter: train on LogExpLoss there.
// Its minimizers and gradient directions are ExpLoss's (log is increasing):
//
//	∂/∂fᵢ = −yᵢ·exp(−yᵢ·fᵢ) / Σⱼ exp(−yⱼ·fⱼ) = −yᵢ·softmax(−y⊙f)ᵢ,
//
// the gradient of ExpLoss divided by ExpLoss itself, which is the
// normalization the paper's gradient flow on the normalized loss uses.
func LogExpLoss[T Float](scores *autograd.Var[T], y *tensor.Tensor[T]) *autograd.Var[T] {
	margins := autograd.Mul(scores.Tape().Const(y), matchScores("LogExpLoss", scores, y))
	n := T(y.Len())
	return autograd.AddScalar(autograd.LogSumExp(autograd.Neg(margins)), T(-math.Log(float64(n))))
}
