package nn

import (
	"math"
	"slices"
	"testing"

	"github.com/deeptheory/deeptheory/autograd"
	"github.com/deeptheory/deeptheory/tensor"
)

// TestBatchNormByHand: one channel of values 1, 2, 3, 6 (mean 3, biased
// variance 3.5, unbiased 14/3).
func TestBatchNormByHand(t *testing.T) {
	bn := NewBatchNorm1D[float64](2, true)
	bn.Weight.Data()[0], bn.Bias.Data()[0] = 2, 1
	x := tensor.FromSlice([]float64{1, 10, 2, 10, 3, 10, 6, 10}, 4, 2)
	y := bn.Forward(autograd.Const(x)).Value()
	den := math.Sqrt(3.5 + 1e-5)
	for i, v := range []float64{1, 2, 3, 6} {
		if want := 2*(v-3)/den + 1; !near(y.At(i, 0), want, 1e-15) {
			t.Errorf("y[%d, 0] = %v, want %v", i, y.At(i, 0), want)
		}
		if y.At(i, 1) != 0 { // constant channel: 0/√eps·1 + 0
			t.Errorf("y[%d, 1] = %v, want 0", i, y.At(i, 1))
		}
	}
	if m := bn.RunningMean.Data(); !near(m[0], 0.3, 1e-15) || !near(m[1], 1, 1e-15) {
		t.Errorf("running mean %v, want [0.3 1]", m)
	}
	if v := bn.RunningVar.Data(); !near(v[0], 0.9+0.1*14.0/3, 1e-15) || !near(v[1], 0.9, 1e-15) {
		t.Errorf("running var %v, want [%v 0.9]", v, 0.9+0.1*14.0/3)
	}
	// Evaluation mode uses the running statistics and leaves them alone.
	SetTraining(bn, false)
	y = bn.Forward(autograd.Const(x)).Value()
	if want := 2*(1-0.3)/math.Sqrt(0.9+0.1*14.0/3+1e-5) + 1; !near(y.At(0, 0), want, 1e-15) {
		t.Errorf("eval y[0, 0] = %v, want %v", y.At(0, 0), want)
	}
	if m := bn.RunningMean.Data(); !near(m[0], 0.3, 1e-15) {
		t.Errorf("evaluation changed the running mean: %v", m)
	}
	mustPanic(t, "one value per channel", func() {
		SetTraining(bn, true)
		bn.Forward(autograd.Const(tensor.Zeros[float64](1, 2)))
	})
}

// TestBatchNormModeNotTape: the mode, not the tape, decides what BatchNorm
// computes and whether its running statistics move (PyTorch's train() and
// eval()): a taped and an untaped Forward agree in each mode, both update the
// statistics in training mode, and neither does in evaluation mode.
func TestBatchNormModeNotTape(t *testing.T) {
	x := tensor.RandN[float64](newRand(14), 6, 3)
	for _, training := range []bool{true, false} {
		taped, untaped := NewBatchNorm1D[float64](3, true), NewBatchNorm1D[float64](3, true)
		SetTraining(taped, training)
		SetTraining(untaped, training)
		tp := autograd.NewTape[float64]()
		a := taped.Forward(tp.Const(x)).Value().Data()
		b := untaped.Forward(autograd.Const(x)).Value().Data()
		if !slices.Equal(a, b) {
			t.Errorf("training %v: taped output %v, untaped %v", training, a, b)
		}
		for _, bn := range []*BatchNorm1D[float64]{taped, untaped} {
			moved := !slices.Equal(bn.RunningMean.Data(), []float64{0, 0, 0})
			if moved != training {
				t.Errorf("training %v: running mean %v", training, bn.RunningMean.Data())
			}
		}
	}
}

// TestBatchNorm2DStatistics: in training mode each channel comes out with
// mean 0 and biased variance 1/(1 + eps/σ²) (no affine map).
func TestBatchNorm2DStatistics(t *testing.T) {
	r := newRand(12)
	x := tensor.RandN[float64](r, 4, 3, 5, 5)
	for i := range x.Data() {
		x.Data()[i] = 3*x.Data()[i] + 2
	}
	bn := NewBatchNorm2D[float64](3, false)
	y := bn.Forward(autograd.Const(x)).Value()
	for c := range 3 {
		var s, sq float64
		var xs, xsq float64
		for n := range 4 {
			for i := range 25 {
				v := y.Data()[(n*3+c)*25+i]
				s += v
				sq += v * v
				u := x.Data()[(n*3+c)*25+i]
				xs += u
				xsq += u * u
			}
		}
		mean, variance := s/100, sq/100-(s/100)*(s/100)
		xvar := xsq/100 - (xs/100)*(xs/100)
		if math.Abs(mean) > 1e-14 || !near(variance, xvar/(xvar+1e-5), 1e-12) {
			t.Errorf("channel %d: mean %v, variance %v", c, mean, variance)
		}
	}
	seq := NewSequential[float64](NewConv2D[float64](r, 3, 3, [2]int{1, 1}, [2]int{1, 1}, [2]int{0, 0}, false), bn)
	if names := paramNames(seq.Buffers()); !slices.Equal(names, []string{"1.running_mean", "1.running_var"}) {
		t.Errorf("buffers %v", names)
	}
	seq.SetTraining(false)
	if bn.Training {
		t.Error("Sequential.SetTraining(false) left the BatchNorm training")
	}
}

// TestBatchNormScaleInvariance is claim C14's BN half: the weights feeding a
// batch-normalized layer have a gradient orthogonal to them.
func TestBatchNormScaleInvariance(t *testing.T) {
	r := newRand(13)
	dense := NewDense[float64](r, 4, 6, false)
	bn := NewBatchNorm1D[float64](6, true)
	bn.Eps = 0 // with eps > 0 the invariance holds only up to a relative O(eps/σ²)
	model := NewSequential[float64](dense, bn, ReLU[float64]{}, NewDense[float64](r, 6, 1, false))
	x := tensor.RandN[float64](r, 16, 4)
	y := tensor.Zeros[float64](16)
	for i := range y.Data() {
		y.Data()[i] = float64(2*(i%2) - 1)
	}
	tp := autograd.NewTape[float64]()
	g := autograd.Gradients(LogisticLoss(model.Forward(tp.Const(x)), y), tp.Param(dense.Weight))[0]
	// Per unit (row), since BN normalizes each unit separately.
	for o := range 6 {
		var ip, ww, gg float64
		for i := range 4 {
			w, d := dense.Weight.At(o, i), g.At(o, i)
			ip += w * d
			ww += w * w
			gg += d * d
		}
		if c := math.Abs(ip) / math.Sqrt(ww*gg); c > 1e-12 {
			t.Errorf("unit %d: cos(w, ∇w) = %v", o, c)
		}
	}
}
