package tensor

import (
	"fmt"
	"slices"

	"github.com/deeptheory/deeptheory/internal/kernel"
)

// batchNormDims checks that x is [N, C, ...] and returns it as the kernel's
// [N, C, S] block, S the product of the dimensions after C.
func batchNormDims(op string, x []int) kernel.BatchNormDims {
	if len(x) < 2 {
		panic(fmt.Sprintf("tensor: %s: input %v has no channel axis (want [N C ...])", op, x))
	}
	s := 1
	for _, n := range x[2:] {
		s *= n
	}
	return kernel.BatchNormDims{N: x[0], C: x[1], S: s}
}

// checkChannels panics unless each non-nil t is [c].
func checkChannels[T Float](op string, c int, names string, ts ...*Tensor[T]) {
	for _, t := range ts {
		if t != nil && (len(t.shape) != 1 || t.shape[0] != c) {
			panic(fmt.Sprintf("tensor: %s: %s: a tensor of shape %v, want [%d]", op, names, t.shape, c))
		}
	}
}

// dataOrNil returns t's data, or nil for a nil t.
func dataOrNil[T Float](t *Tensor[T]) []T {
	if t == nil {
		return nil
	}
	return t.data
}

// BatchNormInto normalizes x [N, C, ...] per channel with its batch
// statistics (batch normalization in training mode): with the M = N·S
// values of channel c (S the product of the dimensions after C),
//
//	μ_c = (1/M) Σ x,   σ²_c = (1/M) Σ (x − μ_c)²,   r_c = 1/√(σ²_c + eps),
//	y = (x − μ_c)·γ_c·r_c + β_c,
//
// it writes y into y (x's shape) and μ, σ² (biased) and r into mean,
// variance and invstd ([C] each). weight (γ) and bias (β) are [C] or nil
// (1 and 0). The sums are accumulated in float64 in a fixed order, so the
// result is the same for any GOMAXPROCS. Returns y.
func BatchNormInto[T Float](y, mean, variance, invstd, x, weight, bias *Tensor[T], eps float64) *Tensor[T] {
	d := batchNormDims("BatchNormInto", x.shape)
	if !slices.Equal(y.shape, x.shape) {
		panic(fmt.Sprintf("tensor: BatchNormInto: destination %v, input %v", y.shape, x.shape))
	}
	checkChannels("BatchNormInto", d.C, "mean, variance, invstd, weight, bias", mean, variance, invstd, weight, bias)
	kernel.BatchNormForward(d, y.data, mean.data, variance.data, invstd.data, x.data, dataOrNil(weight), dataOrNil(bias), eps)
	return y
}

// BatchNormAdjointInto applies the adjoint of BatchNormInto's map
// (x, γ, β) ↦ y, the statistics depending on x, to the cotangent g (x's
// shape): with x̂ = (x − μ_c)·r_c and M values per channel,
//
//	β̄_c = Σ g,   γ̄_c = Σ g·x̂,   x̄ = γ_c·r_c·(g − β̄_c/M − x̂·γ̄_c/M),
//
// written into dx (x's shape), dweight and dbias ([C]), each skipped when
// nil. mean and invstd are BatchNormInto's; weight nil means γ = 1.
func BatchNormAdjointInto[T Float](dx, dweight, dbias, g, x, mean, invstd, weight *Tensor[T]) {
	d := batchNormDims("BatchNormAdjointInto", x.shape)
	if !slices.Equal(g.shape, x.shape) || dx != nil && !slices.Equal(dx.shape, x.shape) {
		panic(fmt.Sprintf("tensor: BatchNormAdjointInto: input %v, cotangent %v, destination %v", x.shape, g.shape, shapeOrNil(dx)))
	}
	checkChannels("BatchNormAdjointInto", d.C, "dweight, dbias, mean, invstd, weight", dweight, dbias, mean, invstd, weight)
	kernel.BatchNormBackward(d, dataOrNil(dx), dataOrNil(dweight), dataOrNil(dbias), g.data, x.data, mean.data, invstd.data, dataOrNil(weight))
}

// shapeOrNil returns t's shape, or nil for a nil t (for messages).
func shapeOrNil[T Float](t *Tensor[T]) []int {
	if t == nil {
		return nil
	}
	return t.shape
}
