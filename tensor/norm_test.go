package tensor

import (
	"testing"

	"github.com/deeptheory/deeptheory/internal/testcheck"
)

// TestLeadingDims: the fewest leading dimensions multiplying to a count.
func TestLeadingDims(t *testing.T) {
	for _, c := range []struct {
		shape       []int
		count, dims int
		ok          bool
	}{
		{[]int{4, 3}, 4, 1, true}, {[]int{4, 3}, 12, 2, true}, {[]int{4, 3}, 1, 0, true}, {nil, 1, 0, true},
		{[]int{2, 3, 5}, 6, 2, true}, {[]int{4, 3}, 3, 0, false}, {[]int{4, 3}, 24, 0, false},
	} {
		if dims, ok := LeadingDims(c.shape, c.count); dims != c.dims || ok != c.ok {
			t.Errorf("LeadingDims(%v, %d) = %d, %v; want %d, %v", c.shape, c.count, dims, ok, c.dims, c.ok)
		}
	}
}

// TestNormShapePanics: the batch and weight norm wrappers name themselves
// and the shapes on misuse.
func TestNormShapePanics(t *testing.T) {
	c := func() *Tensor[float64] { return Zeros[float64](3) }
	x := Zeros[float64](2, 3, 4)
	testcheck.Panics(t, "panic", "tensor: BatchNormInto: input [5] has no channel axis",
		func() { BatchNormInto(Zeros[float64](5), c(), c(), c(), Zeros[float64](5), nil, nil, 1e-5) })
	testcheck.Panics(t, "panic", "tensor: BatchNormInto: destination [2 3], input [2 3 4]",
		func() { BatchNormInto(Zeros[float64](2, 3), c(), c(), c(), x, nil, nil, 1e-5) })
	testcheck.Panics(t, "panic", "tensor: BatchNormInto: mean, variance, invstd, weight, bias: a tensor of shape [2], want [3]",
		func() { BatchNormInto(Zeros[float64](2, 3, 4), c(), c(), c(), x, Zeros[float64](2), nil, 1e-5) })
	testcheck.Panics(t, "panic", "tensor: BatchNormAdjointInto: input [2 3 4], cotangent [2 3], destination []",
		func() { BatchNormAdjointInto(nil, nil, nil, Zeros[float64](2, 3), x, c(), c(), nil) })
	testcheck.Panics(t, "panic", "tensor: WeightNormInto: g [3] has 3 elements, but no leading dimensions of v [4 3] multiply to 3",
		func() { WeightNormInto(Zeros[float64](4, 3), Zeros[float64](3), Zeros[float64](4, 3), c()) })
	testcheck.Panics(t, "panic", "tensor: WeightNormAdjointInto: v [4 3], g [4], cotangent [3 5], norms [4], destinations [] and []",
		func() {
			WeightNormAdjointInto(nil, nil, Zeros[float64](3, 5), Zeros[float64](4, 3), Zeros[float64](4), Zeros[float64](4))
		})
}
