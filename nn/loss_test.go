package nn

import (
	"math"
	"slices"
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

// TestLossGradients checks every loss's gradient with respect to its
// scores by central differences (labels and targets are constants).
func TestLossGradients(t *testing.T) {
	r := newRand(31)
	signs := tensor.FromSlice([]float64{1, -1, -1, 1, 1, -1}, 6)
	labels := []int{2, 0, 4, 1, 4, 3}
	target := tensor.RandN[float64](r, 3, 4)
	for _, tc := range []struct {
		name  string
		loss  func(*autograd.Var[float64]) *autograd.Var[float64]
		input *tensor.Tensor[float64]
	}{
		{"CrossEntropy", func(x *autograd.Var[float64]) *autograd.Var[float64] { return CrossEntropy(x, labels) }, tensor.RandN[float64](r, 6, 5)},
		{"ExpLoss", func(x *autograd.Var[float64]) *autograd.Var[float64] { return ExpLoss(x, signs) }, tensor.RandN[float64](r, 6)},
		{"LogisticLoss", func(x *autograd.Var[float64]) *autograd.Var[float64] { return LogisticLoss(x, signs) }, tensor.RandN[float64](r, 6, 1)},
		// Margins y·f away from the kink at 1.
		{"HingeLoss", func(x *autograd.Var[float64]) *autograd.Var[float64] { return HingeLoss(x, signs) },
			tensor.FromSlice([]float64{0.3, 2, -1.7, 0.5, -0.4, -2.2}, 6)},
		{"MSELoss", func(x *autograd.Var[float64]) *autograd.Var[float64] { return MSELoss(x, target) }, tensor.RandN[float64](r, 3, 4)},
	} {
		f := func(xs ...*autograd.Var[float64]) *autograd.Var[float64] { return tc.loss(xs[0]) }
		if _, err := autograd.CheckGradient(f, []*tensor.Tensor[float64]{tc.input}, autograd.CheckOptions{}); err != nil {
			t.Errorf("%s: %v", tc.name, err)
		}
	}
}

// TestLossEdges: the logistic loss is stable at large margins, the hinge
// loss's gradient at the kink y·f = 1 is 0, and misuse panics.
func TestLossEdges(t *testing.T) {
	tp := autograd.NewTape[float64]()
	f := tp.Param(tensor.FromSlice([]float64{1000, -1000}, 2))
	ones := tensor.FromSlice([]float64{1, 1}, 2)
	if got := LogisticLoss(f, ones).Value().Item(); got != 500 {
		t.Errorf("LogisticLoss of margins ±1000 = %g, want 500", got)
	}
	if g := autograd.Gradients(LogisticLoss(f, ones), f)[0].Data(); g[0] != 0 || g[1] != -0.5 {
		t.Errorf("LogisticLoss gradient at margins ±1000 = %v, want [0 -0.5]", g)
	}
	h := tp.Param(tensor.FromSlice([]float64{1, -1, 0.5}, 3))
	y := tensor.FromSlice([]float64{1, 1, -1}, 3)
	if g := autograd.Gradients(HingeLoss(h, y), h)[0].Data(); !slices.Equal(g, []float64{0, -1.0 / 3, 1.0 / 3}) {
		t.Errorf("HingeLoss gradient %v, want [0 -1/3 1/3] (0 at the kink)", g)
	}
	for want, fn := range map[string]func(){
		"nn: CrossEntropy: logits of shape [3 4] for 2 labels: want [N K] with N = 2": func() { CrossEntropy(autograd.Const(tensor.Zeros[float64](3, 4)), []int{0, 1}) },
		"nn: CrossEntropy: label 4 of sample 1 out of range [0, 4)":                   func() { CrossEntropy(autograd.Const(tensor.Zeros[float64](2, 4)), []int{0, 4}) },
		"nn: CrossEntropy: label -1 of sample 0 out of range [0, 4)":                  func() { CrossEntropy(autograd.Const(tensor.Zeros[float64](2, 4)), []int{-1, 0}) },
		"nn: ExpLoss: output [4 2] and targets [4] do not match":                      func() { ExpLoss(autograd.Const(tensor.Zeros[float64](4, 2)), tensor.Zeros[float64](4)) },
		"nn: HingeLoss: output [4] and targets [1 4] do not match":                    func() { HingeLoss(autograd.Const(tensor.Zeros[float64](4)), tensor.Zeros[float64](1, 4)) },
		"nn: MSELoss: output [2 2] and targets [4] do not match":                      func() { MSELoss(autograd.Const(tensor.Zeros[float64](2, 2)), tensor.Zeros[float64](4)) },
		"nn: LogisticLoss: output [3] and targets [4] do not match":                   func() { LogisticLoss(autograd.Const(tensor.Zeros[float64](3)), tensor.Zeros[float64](4)) },
	} {
		func() {
			defer func() {
				if r := recover(); r != want {
					t.Errorf("panic %v, want %q", r, want)
				}
			}()
			fn()
		}()
	}
}
