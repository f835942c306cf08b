package tensor

import (
	"math/rand/v2"
	"runtime"
	"slices"
	"testing"
)

// TestTensorOpsAcrossGOMAXPROCS runs the tensor operations whose kernels
// split large work into parallel parts (elementwise maps with and without
// broadcasting, reductions, Unfold and Fold) on tensors above the kernels'
// thresholds with GOMAXPROCS 1, 2 and 8: the same bits.
func TestTensorOpsAcrossGOMAXPROCS(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	r := rand.New(rand.NewPCG(8, 9))
	x := randTensor(r, 16*8*32*32).Reshape(16, 8, 32, 32)
	y := randTensor(r, 16*8*32*32).Reshape(16, 8, 32, 32)
	bias := randTensor(r, 8*32).Reshape(8, 1, 32)
	win := Window{Kernel: [2]int{3, 3}, Stride: [2]int{1, 1}, Padding: [2]int{1, 1}}
	ops := map[string]func() *Tensor[float32]{
		"Add":         func() *Tensor[float32] { return Add(x, y) },
		"Mul(bias)":   func() *Tensor[float32] { return Mul(x, bias) },
		"Sub(bias)":   func() *Tensor[float32] { return Sub(bias, x) },
		"Exp":         func() *Tensor[float32] { return Exp(x) },
		"ReLU":        func() *Tensor[float32] { return ReLU(x) },
		"Sum":         func() *Tensor[float32] { return Sum(x) },
		"SumAxis0":    func() *Tensor[float32] { return SumAxis(x, 0, false) },
		"SumAxis3":    func() *Tensor[float32] { return SumAxis(x, 3, false) },
		"MaxAxis1":    func() *Tensor[float32] { return MaxAxis(x, 1, false) },
		"LogSumExp3":  func() *Tensor[float32] { return LogSumExpAxis(x, 3, false) },
		"SumTo":       func() *Tensor[float32] { return SumTo(x, 8, 1, 32) },
		"SumTo(bias)": func() *Tensor[float32] { return SumTo(x, 8, 1, 1) },
		"Unfold":      func() *Tensor[float32] { return Unfold(x, win) },
		"Fold":        func() *Tensor[float32] { return Fold(Unfold(x, win), 32, 32, win) },
		"AddScaled":   func() *Tensor[float32] { return AddScaledInto(x.Clone(), -0.1, y) },
	}
	for name, op := range ops {
		var first []float32
		for _, procs := range []int{1, 2, 8} {
			runtime.GOMAXPROCS(procs)
			got := op().data
			if first == nil {
				first = got
			} else if !slices.Equal(got, first) {
				t.Errorf("%s: GOMAXPROCS %d differs from GOMAXPROCS 1", name, procs)
			}
		}
	}
}
