package torchref

import (
	"math"
	"testing"

	"github.com/deeptheory/deeptheory/autograd"
	"github.com/deeptheory/deeptheory/nn"
	"github.com/deeptheory/deeptheory/tensor"
)

// TestLossNamed: each registered name is the nn loss of that name, and
// cross_entropy reads class indices held as floats.
func TestLossNamed(t *testing.T) {
	f := autograd.Const(tensor.FromSlice([]float64{2, -1, 0.5}, 3))
	y := tensor.FromSlice([]float64{1, 1, -1}, 3)
	for name, want := range map[string]lossFunc{
		"exp_loss": nn.ExpLoss[float64], "logistic_loss": nn.LogisticLoss[float64],
		"hinge_loss": nn.HingeLoss[float64], "mse_loss": nn.MSELoss[float64],
	} {
		got, ok := lossNamed(name)
		if !ok || got(f, y).Value().Item() != want(f, y).Value().Item() {
			t.Errorf("lossNamed(%q) is not nn's loss", name)
		}
	}
	ce, ok := lossNamed("cross_entropy")
	logits := autograd.Const(tensor.FromSlice([]float64{0, math.Log(3), 0, math.Log(3)}, 2, 2))
	if got, want := ce(logits, tensor.FromSlice([]float64{1, 0}, 2)).Value().Item(), (-math.Log(0.75)-math.Log(0.25))/2; !ok || math.Abs(got-want) > 1e-15 {
		t.Errorf("cross_entropy = %v, want %v", got, want)
	}
	if _, ok := lossNamed("l1_loss"); ok {
		t.Error("lossNamed accepted an unknown loss")
	}
	for _, bad := range []float64{0.5, -1} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("classLabels(%v): no panic", bad)
				}
			}()
			classLabels(tensor.FromSlice([]float64{bad}, 1))
		}()
	}
}
