package optim

import (
	"math"
	"strconv"
	"testing"

	"github.com/deeptheory/deeptheory/autograd"
	"github.com/deeptheory/deeptheory/internal/testcheck"
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
		theta := tensor.FromSlice([]float64{1, -2, 0.5, 3}, 2, 2)
		opt := NewSGD(named(theta), cfg)
		ref := append([]float64(nil), theta.Data()...)
		buf := make([]float64, len(ref))
		for step := range 5 {
			opt.Update([]*tensor.Tensor[float64]{quadGrad(theta)})
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
	theta := tensor.Scalar(1.0)
	opt := NewSGD(named(theta), SGDConfig{LR: 0.1, Momentum: 0.5})
	for _, want := range []float64{0.9, 0.76} {
		opt.Update([]*tensor.Tensor[float64]{theta.Clone()})
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
			NewSGD(named(tensor.Zeros[float64](1)), cfg)
		}()
	}
}

func TestUpdatePanicsOnMisuse(t *testing.T) {
	a, b := tensor.Zeros[float64](2), tensor.Zeros[float64](3)
	opt := NewSGD(named(a), SGDConfig{LR: 0.1, Momentum: 0.9})
	mustPanic(t, "length", func() { opt.Update(nil) })
	mustPanic(t, "shape", func() { opt.Update([]*tensor.Tensor[float64]{b}) })
	mustPanic(t, "two gradients", func() { opt.Update([]*tensor.Tensor[float64]{a, a}) })
	cfg := SGDConfig{LR: 0.1}
	mustPanic(t, "same tensor twice", func() {
		NewSGD([]autograd.Param[float64]{{Name: "a", Value: a}, {Name: "b", Value: a}}, cfg)
	})
	mustPanic(t, "same name twice", func() {
		NewSGD([]autograd.Param[float64]{{Name: "a", Value: a}, {Name: "a", Value: b}}, cfg)
	})
	mustPanic(t, "no name", func() { NewSGD([]autograd.Param[float64]{{Value: a}}, cfg) })
	mustPanic(t, "nil tensor", func() { NewSGD([]autograd.Param[float64]{{Name: "a"}}, cfg) })
	mustPanic(t, "unrecorded loss", func() { opt.Step(autograd.Scalar(1.0)) })
}

// TestStepTakesGradients: Step(loss) is Update with the gradients of loss
// with respect to the bound parameters, and a parameter the loss does not
// use gets a zero gradient.
func TestStepTakesGradients(t *testing.T) {
	a, b, unused := tensor.FromSlice([]float64{1, 2}, 2), tensor.FromSlice([]float64{3}, 1), tensor.FromSlice([]float64{5}, 1)
	a2, b2, unused2 := a.Clone(), b.Clone(), unused.Clone()
	cfg := SGDConfig{LR: 0.1, Momentum: 0.9}
	viaStep := NewSGD(named(a, b, unused), cfg)
	viaUpdate := NewSGD(named(a2, b2, unused2), cfg)
	tp := autograd.NewTape[float64]()
	for range 3 {
		tp.Reset()
		// loss = Σ a²·b: ∂/∂a = 2a·b, ∂/∂b = Σ a².
		viaStep.Step(autograd.Mul(autograd.Sum(autograd.Square(tp.Param(a))), autograd.Sum(tp.Param(b))))
		ga := tensor.MulScalar(a2, 2*b2.Item())
		gb := tensor.FromSlice([]float64{a2.At(0)*a2.At(0) + a2.At(1)*a2.At(1)}, 1)
		viaUpdate.Update([]*tensor.Tensor[float64]{ga, gb, tensor.Zeros[float64](1)})
	}
	for i, pair := range [][2]*tensor.Tensor[float64]{{a, a2}, {b, b2}, {unused, unused2}} {
		for j, want := range pair[1].Data() {
			if got := pair[0].Data()[j]; math.Abs(got-want) > 1e-14*math.Max(1, math.Abs(want)) {
				t.Errorf("param %d[%d]: Step gives %v, Update %v", i, j, got, want)
			}
		}
	}
	if unused.Item() != 5 {
		t.Errorf("unused parameter moved to %v", unused.Item())
	}
}

// named binds ts as parameters named "0", "1", ...
func named[T Float](ts ...*tensor.Tensor[T]) []autograd.Param[T] {
	ps := make([]autograd.Param[T], len(ts))
	for i, x := range ts {
		ps[i] = autograd.Param[T]{Name: strconv.Itoa(i), Value: x}
	}
	return ps
}

var (
	_ Optimizer[float64] = (*SGD[float64])(nil)
	_ Optimizer[float64] = (*Adam[float64])(nil)
	_ Optimizer[float32] = (*Sphere[float32])(nil)
)

func mustPanic(t *testing.T, what string, f func()) { t.Helper(); testcheck.Panics(t, what, "", f) }
