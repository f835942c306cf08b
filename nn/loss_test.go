package nn

import (
	"math"
	"testing"

	"github.com/deeptheory/deeptheory/autograd"
	"github.com/deeptheory/deeptheory/tensor"
)

func TestLossesByHand(t *testing.T) {
	f := autograd.Const(tensor.FromSlice([]float64{2, -1, 0.5}, 3, 1)) // [N, 1] is squeezed
	y := tensor.FromSlice([]float64{1, 1, -1}, 3)
	m := []float64{2, -1, -0.5} // y·f
	mean := func(g func(float64) float64) float64 {
		var s float64
		for _, v := range m {
			s += g(v)
		}
		return s / 3
	}
	for _, tc := range []struct {
		name string
		loss func(*autograd.Var[float64], *tensor.Tensor[float64]) *autograd.Var[float64]
		want float64
	}{
		{"exp_loss", ExpLoss[float64], mean(func(v float64) float64 { return math.Exp(-v) })},
		{"logistic_loss", LogisticLoss[float64], mean(func(v float64) float64 { return math.Log1p(math.Exp(-v)) })},
		{"hinge_loss", HingeLoss[float64], (0 + 2 + 1.5) / 3},
		{"mse_loss", MSELoss[float64], (1 + 4 + 2.25) / 3},
	} {
		if got := tc.loss(f, y).Value().Item(); !near(got, tc.want, 1e-15) {
			t.Errorf("%s = %v, want %v", tc.name, got, tc.want)
		}
	}
	// Cross-entropy: logits [0, ln 3] for class 1 is −log(3/4).
	logits := autograd.Const(tensor.FromSlice([]float64{0, math.Log(3), 0, math.Log(3)}, 2, 2))
	if got, want := CrossEntropy(logits, []int{1, 0}).Value().Item(), (-math.Log(0.75)-math.Log(0.25))/2; !near(got, want, 1e-15) {
		t.Errorf("cross_entropy = %v, want %v", got, want)
	}
	mustPanic(t, "label out of range", func() { CrossEntropy(logits, []int{2, 0}) })
	mustPanic(t, "label count", func() { CrossEntropy(logits, []int{1}) })
	mustPanic(t, "shape mismatch", func() { ExpLoss(f, tensor.Zeros[float64](2)) })
}

func TestAccuracy(t *testing.T) {
	logits := tensor.FromSlice([]float64{0, 1, 2, 0, 5, 5}, 3, 2) // argmax 1, 0, 0 (tie: lowest)
	if got := Accuracy(logits, []int{1, 0, 1}); got != 2.0/3 {
		t.Errorf("Accuracy = %v, want 2/3", got)
	}
	scores := tensor.FromSlice([]float64{2, -1, 0, 0.5}, 4, 1)
	y := tensor.FromSlice([]float64{1, 1, 1, 1}, 4)
	if got := BinaryAccuracy(scores, y); got != 0.5 {
		t.Errorf("BinaryAccuracy = %v, want 0.5 (a zero score is wrong)", got)
	}
	mustPanic(t, "Accuracy label count", func() { Accuracy(logits, []int{1}) })
	mustPanic(t, "BinaryAccuracy count", func() { BinaryAccuracy(scores, tensor.Zeros[float64](3)) })
}
