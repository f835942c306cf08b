package autograd

import (
	"testing"

	"github.com/deeptheory/deeptheory/tensor"
)

// The tests in this file pin the gradient chosen where a function is not
// differentiable. The gradient-check table keeps away from these points.

// gradOf returns the gradient of Σ c·f(x) at x, with c the cotangent (all
// ones when nil), and of the other inputs in order.
func gradsOf(f func(xs ...*V) *V, cot *T64, inputs ...*T64) []*T64 {
	tp := NewTape[float64]()
	xs := make([]*V, len(inputs))
	for i, x := range inputs {
		xs[i] = tp.Param(x)
	}
	y := f(xs...)
	if cot == nil {
		cot = tensor.Full(1.0, y.Shape()...)
	}
	return VJP(y, cot, xs...)
}

func checkGrad(t *testing.T, what string, got, want *T64) {
	t.Helper()
	if !approxEqual(got, want, 0) {
		t.Errorf("%s: gradient %v, want %v", what, got, want)
	}
}

func TestKinkReLU(t *testing.T) {
	// ReLU'(0) = 0, as PyTorch.
	g := gradsOf(func(xs ...*V) *V { return ReLU(xs[0]) }, nil, vec(-1, 0, 2))
	checkGrad(t, "ReLU at [-1 0 2]", g[0], vec(0, 0, 1))
}

func TestKinkAbs(t *testing.T) {
	// Abs'(0) = 0 (sign(0) = 0), as PyTorch.
	g := gradsOf(func(xs ...*V) *V { return Abs(xs[0]) }, nil, vec(-1, 0, 2))
	checkGrad(t, "Abs at [-1 0 2]", g[0], vec(-1, 0, 1))
}

func TestKinkMaximumMinimum(t *testing.T) {
	// Ties split the gradient ½/½, as PyTorch's maximum and minimum.
	a, b := vec(1, 2, 3), vec(1, 0, 3)
	g := gradsOf(func(xs ...*V) *V { return Maximum(xs[0], xs[1]) }, nil, a, b)
	checkGrad(t, "Maximum, a", g[0], vec(0.5, 1, 0.5))
	checkGrad(t, "Maximum, b", g[1], vec(0.5, 0, 0.5))
	g = gradsOf(func(xs ...*V) *V { return Minimum(xs[0], xs[1]) }, nil, a, b)
	checkGrad(t, "Minimum, a", g[0], vec(0.5, 0, 0.5))
	checkGrad(t, "Minimum, b", g[1], vec(0.5, 1, 0.5))

	// With broadcasting: a [2 2] against the scalar b = 1; b collects its parts.
	m := tensor.FromSlice([]float64{1, 2, 1, 0}, 2, 2)
	one := tensor.Scalar(1.0)
	g = gradsOf(func(xs ...*V) *V { return Maximum(xs[0], xs[1]) }, nil, m, one)
	checkGrad(t, "Maximum broadcast, a", g[0], tensor.FromSlice([]float64{0.5, 1, 0.5, 0}, 2, 2))
	checkGrad(t, "Maximum broadcast, b", g[1], tensor.Scalar(2.0))
	g = gradsOf(func(xs ...*V) *V { return Minimum(xs[0], xs[1]) }, nil, m, one)
	checkGrad(t, "Minimum broadcast, a", g[0], tensor.FromSlice([]float64{0.5, 0, 0.5, 1}, 2, 2))
	checkGrad(t, "Minimum broadcast, b", g[1], tensor.Scalar(2.0))
}

func TestKinkMax(t *testing.T) {
	// MaxAxis: the first maximal index along the axis gets the gradient, as
	// torch.max(x, dim) on the CPU.
	x := tensor.FromSlice([]float64{3, 1, 3, 2, 2, 2}, 2, 3)
	g := gradsOf(func(xs ...*V) *V { return MaxAxis(xs[0], 1, false) }, vec(10, 20), x)
	checkGrad(t, "MaxAxis(axis 1)", g[0], tensor.FromSlice([]float64{10, 0, 0, 20, 0, 0}, 2, 3))
	g = gradsOf(func(xs ...*V) *V { return MaxAxis(xs[0], 0, true) }, tensor.FromSlice([]float64{1, 2, 3}, 1, 3), x)
	checkGrad(t, "MaxAxis(axis 0)", g[0], tensor.FromSlice([]float64{1, 0, 3, 0, 2, 0}, 2, 3))
	// Max over all elements: the first maximal element in row-major order
	// (PyTorch's torch.max(x) would give each of the three 5s a third).
	y := tensor.FromSlice([]float64{1, 5, 5, 5, 0, 0}, 2, 3)
	g = gradsOf(func(xs ...*V) *V { return Max(xs[0]) }, nil, y)
	checkGrad(t, "Max", g[0], tensor.FromSlice([]float64{0, 1, 0, 0, 0, 0}, 2, 3))
}

func TestKinkMaxPool(t *testing.T) {
	// Within a window, the first maximal element in row-major order gets the
	// gradient; overlapping windows add up. This is PyTorch's CPU choice
	// (its kernel scans the window row by row and keeps a maximum only when
	// a later value is strictly greater).
	x := tensor.Zeros[float64](1, 1, 3, 3) // every window is a tie
	cot := tensor.FromSlice([]float64{1, 2, 3, 4}, 1, 1, 2, 2)
	g := gradsOf(func(xs ...*V) *V { return MaxPool2D(xs[0], [2]int{2, 2}, [2]int{1, 1}) }, cot, x)
	checkGrad(t, "MaxPool2D of zeros, stride 1", g[0], tensor.FromSlice([]float64{1, 2, 0, 3, 4, 0, 0, 0, 0}, 1, 1, 3, 3))

	// A tie between the second and fourth elements of a 2×2 window.
	x = tensor.FromSlice([]float64{0, 7, 1, 7}, 1, 1, 2, 2)
	g = gradsOf(func(xs ...*V) *V { return MaxPool2D(xs[0], [2]int{2, 2}, [2]int{2, 2}) }, nil, x)
	checkGrad(t, "MaxPool2D with a tie", g[0], tensor.FromSlice([]float64{0, 1, 0, 0}, 1, 1, 2, 2))
}
