package nn_test

import (
	"math"
	"testing"

	"github.com/deeptheory/deeptheory/autograd"
	"github.com/deeptheory/deeptheory/nn"
	"github.com/deeptheory/deeptheory/tensor"
)

// near reports whether got is within rel of want (relative to max(|want|, 1)).
func near(got, want, rel float64) bool {
	return math.Abs(got-want) <= rel*max(math.Abs(want), 1)
}

// lossAndGrad returns the loss of f(scores) and its gradient with respect
// to the scores.
func lossAndGrad[T nn.Float](scores *tensor.Tensor[T], f func(*autograd.Var[T]) *autograd.Var[T]) (float64, []float64) {
	tp := autograd.NewTape[T]()
	s := tp.Param(scores)
	loss := f(s)
	g := autograd.Gradients(loss, s)[0]
	grad := make([]float64, g.Len())
	for i, v := range g.Data() {
		grad[i] = float64(v)
	}
	return float64(loss.Value().Item()), grad
}

// testFiniteLosses checks the losses at logits ±big, where the naive
// formulas overflow: each value and gradient is finite and equals the
// closed form.
func testFiniteLosses[T nn.Float](t *testing.T, big float64, rel float64) {
	b := T(big)
	// Cross-entropy: per sample 0, 2·big, log 2.
	logits := tensor.FromSlice([]T{b, -b, -b, b, b, b}, 3, 2)
	loss, grad := lossAndGrad(logits, func(x *autograd.Var[T]) *autograd.Var[T] { return nn.CrossEntropy(x, []int{0, 0, 1}) })
	if want := (2*big + math.Ln2) / 3; !near(loss, want, rel) {
		t.Errorf("CrossEntropy at ±%g = %v, want %v", big, loss, want)
	}
	// ∂/∂logits = (softmax − onehot)/N.
	for i, want := range []float64{0, 0, -1.0 / 3, 1.0 / 3, 0.5 / 3, -0.5 / 3} {
		if !near(grad[i], want, rel) {
			t.Errorf("CrossEntropy at ±%g: gradient %v, want element %d = %v", big, grad, i, want)
			break
		}
	}

	// Softmax: one-hot rows, finite.
	sm := autograd.Softmax(autograd.Const(tensor.FromSlice([]T{b, -b, -b, b}, 2, 2)), 1).Value().Data()
	for i, want := range []T{1, 0, 0, 1} {
		if sm[i] != want {
			t.Errorf("Softmax at ±%g = %v, want [1 0 0 1]", big, sm)
			break
		}
	}

	// Logistic loss: per sample 0 and big.
	y := tensor.FromSlice([]T{1, 1}, 2)
	scores := tensor.FromSlice([]T{b, -b}, 2)
	loss, grad = lossAndGrad(scores, func(s *autograd.Var[T]) *autograd.Var[T] { return nn.LogisticLoss(s, y) })
	if want := big / 2; !near(loss, want, rel) {
		t.Errorf("LogisticLoss at ±%g = %v, want %v", big, loss, want)
	}
	if !near(grad[0], 0, rel) || !near(grad[1], -0.5, rel) {
		t.Errorf("LogisticLoss at ±%g: gradient %v, want [0 -0.5]", big, grad)
	}

	// Log of the exponential loss: log((e^{−big} + e^{big})/2) = big − log 2.
	loss, grad = lossAndGrad(scores, func(s *autograd.Var[T]) *autograd.Var[T] { return nn.LogExpLoss(s, y) })
	if want := big - math.Ln2; !near(loss, want, rel) {
		t.Errorf("LogExpLoss at ±%g = %v, want %v", big, loss, want)
	}
	if !near(grad[0], 0, rel) || !near(grad[1], -1, rel) {
		t.Errorf("LogExpLoss at ±%g: gradient %v, want [0 -1]", big, grad)
	}
}

func TestLossesFiniteFloat32(t *testing.T) { testFiniteLosses[float32](t, 1e4, 1e-6) }
func TestLossesFiniteFloat64(t *testing.T) { testFiniteLosses[float64](t, 1e300, 1e-12) }

// TestExpLossOverflow pins the thresholds nn.LogExpLoss's doc gives for the
// exponential loss: finite at margin −88 and +Inf at −89 in float32 (709
// and 710 in float64), while LogExpLoss stays finite and equals the margin.
func TestExpLossOverflow(t *testing.T) {
	check := func(name string, exp, logExp float64, finite bool, margin float64) {
		t.Helper()
		if got := !math.IsInf(exp, 1); got != finite {
			t.Errorf("%s: ExpLoss at margin %g = %v, want finite: %v", name, margin, exp, finite)
		}
		if !near(logExp, -margin, 1e-6) {
			t.Errorf("%s: LogExpLoss at margin %g = %v, want %v", name, margin, logExp, -margin)
		}
	}
	for _, tc := range []struct {
		margin float64
		finite bool
	}{{-88, true}, {-89, false}} {
		s, y := tensor.FromSlice([]float32{float32(tc.margin)}, 1), tensor.FromSlice([]float32{1}, 1)
		check("float32", float64(nn.ExpLoss(autograd.Const(s), y).Value().Item()), float64(nn.LogExpLoss(autograd.Const(s), y).Value().Item()), tc.finite, tc.margin)
	}
	for _, tc := range []struct {
		margin float64
		finite bool
	}{{-709, true}, {-710, false}} {
		s, y := tensor.FromSlice([]float64{tc.margin}, 1), tensor.FromSlice([]float64{1}, 1)
		check("float64", nn.ExpLoss(autograd.Const(s), y).Value().Item(), nn.LogExpLoss(autograd.Const(s), y).Value().Item(), tc.finite, tc.margin)
	}
}

// TestLogExpLossGradient checks LogExpLoss's gradient with respect to the
// scores by central differences (autograd.CheckGradient), for scores [N]
// and [N, 1], and its value against log of ExpLoss.
func TestLogExpLossGradient(t *testing.T) {
	y := tensor.FromSlice([]float64{1, -1, 1, -1, 1}, 5)
	for _, shape := range [][]int{{5}, {5, 1}} {
		scores := tensor.FromSlice([]float64{0.3, -1.2, 2.5, 0.7, -0.4}, shape...)
		f := func(xs ...*autograd.Var[float64]) *autograd.Var[float64] { return nn.LogExpLoss(xs[0], y) }
		if _, err := autograd.CheckGradient(f, []*tensor.Tensor[float64]{scores}, autograd.CheckOptions{}); err != nil {
			t.Errorf("scores %v: %v", shape, err)
		}
		got := nn.LogExpLoss(autograd.Const(scores), y).Value().Item()
		want := math.Log(nn.ExpLoss(autograd.Const(scores), y).Value().Item())
		if !near(got, want, 1e-14) {
			t.Errorf("scores %v: LogExpLoss = %v, log ExpLoss = %v", shape, got, want)
		}
	}
}
