package optim

import (
	"math"
	"testing"

	"github.com/deeptheory/deeptheory/tensor"
)

// quadGrad returns the gradient of ½Σ a_j·θ_j² − b_j·θ_j: g_j = a_j·θ_j − b_j.
func quadGrad(theta *tensor.Tensor[float64]) *tensor.Tensor[float64] {
	g := tensor.Zeros[float64](theta.Shape()...)
	for j, x := range theta.Data() {
		a, b := 1+0.5*float64(j), 0.3*float64(j)-0.2
		g.Data()[j] = a*x - b
	}
	return g
}

// TestSGDMatchesFormula runs SGD against the update written out longhand,
// for every combination of its options.
func TestSGDMatchesFormula(t *testing.T) {
	for _, cfg := range []SGDConfig{
		{LR: 0.1},
		{LR: 0.1, WeightDecay: 0.05},
		{LR: 0.1, Momentum: 0.9},
		{LR: 0.1, Momentum: 0.9, Dampening: 0.3},
		{LR: 0.1, Momentum: 0.9, Nesterov: true},
		{LR: 0.05, Momentum: 0.5, WeightDecay: 0.01, Nesterov: true},
	} {
		opt := NewSGD[float64](cfg)
		theta := tensor.FromSlice([]float64{1, -2, 0.5, 3}, 2, 2)
		ref := append([]float64(nil), theta.Data()...)
		buf := make([]float64, len(ref))
		for step := range 5 {
			opt.Step([]*tensor.Tensor[float64]{theta}, []*tensor.Tensor[float64]{quadGrad(theta)})
			refG := quadGrad(tensor.FromSlice(append([]float64(nil), ref...), 2, 2)).Data()
			for j := range ref {
				d := refG[j] + cfg.WeightDecay*ref[j]
				if cfg.Momentum != 0 {
					if step == 0 {
						buf[j] = d
					} else {
						buf[j] = cfg.Momentum*buf[j] + (1-cfg.Dampening)*d
					}
					if cfg.Nesterov {
						d += cfg.Momentum * buf[j]
					} else {
						d = buf[j]
					}
				}
				ref[j] -= cfg.LR * d
			}
			for j, got := range theta.Data() {
				if math.Abs(got-ref[j]) > 1e-15*math.Max(1, math.Abs(ref[j])) {
					t.Fatalf("%+v step %d: θ[%d] = %v, want %v", cfg, step, j, got, ref[j])
				}
			}
		}
		if opt.Steps() != 5 {
			t.Errorf("%+v: Steps() = %d, want 5", cfg, opt.Steps())
		}
	}
}

// TestSGDHandValues pins two steps of momentum SGD computed by hand:
// θ = 1, g = θ (loss θ²/2), lr 0.1, μ 0.5: b₁ = 1, θ₁ = 0.9; b₂ = 0.5 + 0.9 = 1.4, θ₂ = 0.76.
func TestSGDHandValues(t *testing.T) {
	opt := NewSGD[float64](SGDConfig{LR: 0.1, Momentum: 0.5})
	theta := tensor.Scalar(1.0)
	for _, want := range []float64{0.9, 0.76} {
		opt.Step([]*tensor.Tensor[float64]{theta}, []*tensor.Tensor[float64]{theta.Clone()})
		if got := theta.Item(); math.Abs(got-want) > 1e-15 {
			t.Fatalf("θ = %v, want %v", got, want)
		}
	}
}

func TestSGDConfigPanics(t *testing.T) {
	for _, cfg := range []SGDConfig{
		{LR: -1},
		{LR: math.NaN()},
		{LR: 0.1, Momentum: -0.1},
		{LR: 0.1, WeightDecay: -1},
		{LR: 0.1, Nesterov: true},
		{LR: 0.1, Momentum: 0.9, Dampening: 0.1, Nesterov: true},
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("NewSGD(%+v) did not panic", cfg)
				}
			}()
			NewSGD[float64](cfg)
		}()
	}
}

func TestStepPanicsOnMisuse(t *testing.T) {
	a, b := tensor.Zeros[float64](2), tensor.Zeros[float64](3)
	opt := NewSGD[float64](SGDConfig{LR: 0.1, Momentum: 0.9})
	mustPanic(t, "length", func() { opt.Step([]*tensor.Tensor[float64]{a}, nil) })
	mustPanic(t, "shape", func() { opt.Step([]*tensor.Tensor[float64]{a}, []*tensor.Tensor[float64]{b}) })
	opt.Step([]*tensor.Tensor[float64]{a}, []*tensor.Tensor[float64]{a.Clone()})
	mustPanic(t, "count changed", func() {
		opt.Step([]*tensor.Tensor[float64]{a, a}, []*tensor.Tensor[float64]{a, a})
	})
	mustPanic(t, "shape changed", func() { opt.Step([]*tensor.Tensor[float64]{b}, []*tensor.Tensor[float64]{b}) })
}

func mustPanic(t *testing.T, what string, f func()) {
	t.Helper()
	defer func() {
		if recover() == nil {
			t.Errorf("%s: no panic", what)
		}
	}()
	f()
}
