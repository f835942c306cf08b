package kernel

import (
	"math"
	"testing"
)

// TestSoftplusSigmoid: the fused pass gives Unary's Softplus and Sigmoid
// bit for bit, at ordinary, large, tiny, signed-zero and non-finite inputs.
func TestSoftplusSigmoid(t *testing.T) {
	x := []float64{0, math.Copysign(0, -1), 1e-300, -1e-300, 0.5, -0.5, 3, -3, 40, -40, 800, -800,
		math.Inf(1), math.Inf(-1), math.NaN()}
	testSoftplusSigmoid(t, x)
	x32 := make([]float32, len(x))
	for i, v := range x {
		x32[i] = float32(v)
	}
	testSoftplusSigmoid(t, x32)
}

func testSoftplusSigmoid[T Float](t *testing.T, x []T) {
	y, s := make([]T, len(x)), make([]T, len(x))
	SoftplusSigmoid(y, s, x)
	wantY, wantS := make([]T, len(x)), make([]T, len(x))
	Unary(Softplus, wantY, x)
	Unary(Sigmoid, wantS, x)
	same := func(a, b T) bool { // NaN payloads may differ
		return math.Float64bits(float64(a)) == math.Float64bits(float64(b)) || a != a && b != b
	}
	for i := range x {
		if !same(y[i], wantY[i]) || !same(s[i], wantS[i]) {
			t.Errorf("x = %v: (softplus, σ) = (%v, %v), want (%v, %v)", x[i], y[i], s[i], wantY[i], wantS[i])
		}
	}
}
