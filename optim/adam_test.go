package optim

import (
	"math"
	"testing"

	"github.com/deeptheory/deeptheory/tensor"
)

// TestAdamMatchesFormula compares Adam and AdamW with the textbook form of
// the update, bias-corrected moments m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ) and
// θ ← θ − η·m̂/(√v̂ + ε), to within rounding.
func TestAdamMatchesFormula(t *testing.T) {
	for _, tc := range []struct {
		cfg       AdamConfig
		decoupled bool
	}{
		{AdamDefaults(0.01), false},
		{AdamConfig{LR: 0.05, Betas: [2]float64{0.8, 0.99}, Eps: 1e-6, WeightDecay: 0.1}, false},
		{AdamWDefaults(0.01), true},
		{AdamConfig{LR: 0.05, Betas: [2]float64{0, 0.9}, Eps: 1e-3, WeightDecay: 0.2}, true},
	} {
		cfg := tc.cfg
		theta := tensor.FromSlice([]float64{1, -2, 0.5, 3, 0, 7}, 3, 2)
		var opt *Adam[float64]
		if tc.decoupled {
			opt = NewAdamW(named(theta), cfg)
		} else {
			opt = NewAdam(named(theta), cfg)
		}
		ref := append([]float64(nil), theta.Data()...)
		m, v := make([]float64, 6), make([]float64, 6)
		for step := 1; step <= 6; step++ {
			opt.Update([]*tensor.Tensor[float64]{quadGrad(theta)})
			g := quadGrad(tensor.FromSlice(append([]float64(nil), ref...), 3, 2)).Data()
			b1, b2 := cfg.Betas[0], cfg.Betas[1]
			for j := range ref {
				if tc.decoupled {
					ref[j] *= 1 - cfg.LR*cfg.WeightDecay
				} else {
					g[j] += cfg.WeightDecay * ref[j]
				}
				m[j] = b1*m[j] + (1-b1)*g[j]
				v[j] = b2*v[j] + (1-b2)*g[j]*g[j]
				mHat := m[j] / (1 - math.Pow(b1, float64(step)))
				vHat := v[j] / (1 - math.Pow(b2, float64(step)))
				ref[j] -= cfg.LR * mHat / (math.Sqrt(vHat) + cfg.Eps)
			}
			for j, got := range theta.Data() {
				if math.Abs(got-ref[j]) > 1e-13*math.Max(1, math.Abs(ref[j])) {
					t.Fatalf("%+v (AdamW %v) step %d: θ[%d] = %v, want %v", cfg, tc.decoupled, step, j, got, ref[j])
				}
			}
		}
	}
}

// TestAdamFirstStep pins the first step by hand: m̂ = g and v̂ = g², so with
// ε = 0 every coordinate moves by exactly −η·sign(g).
func TestAdamFirstStep(t *testing.T) {
	cfg := AdamDefaults(0.25)
	cfg.Eps = 0
	theta := tensor.FromSlice([]float64{1, -2, 3}, 3)
	opt := NewAdam(named(theta), cfg)
	grad := tensor.FromSlice([]float64{0.001, -50, 4}, 3)
	opt.Update([]*tensor.Tensor[float64]{grad})
	for j, want := range []float64{0.75, -1.75, 2.75} {
		if got := theta.Data()[j]; math.Abs(got-want) > 1e-15 {
			t.Errorf("θ[%d] = %v, want %v", j, got, want)
		}
	}
}

func TestAdamConfigPanics(t *testing.T) {
	for _, cfg := range []AdamConfig{
		{LR: -1, Betas: [2]float64{0.9, 0.999}},
		{LR: 0.1, Betas: [2]float64{1, 0.999}},
		{LR: 0.1, Betas: [2]float64{0.9, -0.1}},
		{LR: 0.1, Betas: [2]float64{0.9, 0.999}, Eps: -1},
		{LR: 0.1, Betas: [2]float64{0.9, 0.999}, WeightDecay: -1},
	} {
		mustPanic(t, "NewAdam", func() { NewAdam(named(tensor.Zeros[float32](1)), cfg) })
	}
}

// TestAdamFloat32 checks that float32 parameters follow the float64 run
// to float32 precision.
func TestAdamFloat32(t *testing.T) {
	p64 := tensor.FromSlice([]float64{1, -2, 0.5}, 3)
	p32 := tensor.Convert[float32](p64)
	o64, o32 := NewAdam(named(p64), AdamDefaults(0.01)), NewAdam(named(p32), AdamDefaults(0.01))
	for range 20 {
		o64.Update([]*tensor.Tensor[float64]{quadGrad(p64)})
		o32.Update([]*tensor.Tensor[float32]{tensor.Convert[float32](quadGrad(tensor.Convert[float64](p32)))})
	}
	for j := range 3 {
		if d := math.Abs(float64(p32.Data()[j]) - p64.Data()[j]); d > 1e-5 {
			t.Errorf("θ[%d]: float32 %v, float64 %v", j, p32.Data()[j], p64.Data()[j])
		}
	}
}
