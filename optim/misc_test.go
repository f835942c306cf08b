package optim

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/deeptheory/deeptheory/tensor"
)

func TestClipGradNorm(t *testing.T) {
	// Norm √(3² + 4² + 12²) = 13.
	a, b := tensor.FromSlice([]float64{3, 4}, 2), tensor.FromSlice([]float64{12}, 1)
	if n := ClipGradNorm([]*tensor.Tensor[float64]{a, b}, 20); n != 13 || a.Data()[0] != 3 || b.Data()[0] != 12 {
		t.Errorf("no clipping expected: norm %v, grads %v %v", n, a, b)
	}
	n := ClipGradNorm([]*tensor.Tensor[float64]{a, b}, 6.5)
	maxNorm, eps := 6.5, 1e-6 // variables: a constant expression would be evaluated exactly
	c := maxNorm / (13 + eps)
	if n != 13 || a.Data()[0] != 3*c || a.Data()[1] != 4*c || b.Data()[0] != 12*c {
		t.Errorf("clip to 6.5: norm %v, grads %v %v, want factor %v", n, a, b, c)
	}
	// PyTorch clips (by a factor just below 1) when norm ≤ maxNorm < norm + 1e-6.
	x := tensor.FromSlice([]float64{1}, 1)
	ClipGradNorm([]*tensor.Tensor[float64]{x}, 1)
	if want := 1 / (1 + eps); x.Data()[0] != want {
		t.Errorf("norm = maxNorm: got %v, want %v", x.Data()[0], want)
	}
}

func TestSchedules(t *testing.T) {
	near := func(name string, got, want float64) {
		t.Helper()
		if math.Abs(got-want) > 1e-15 {
			t.Errorf("%s = %v, want %v", name, got, want)
		}
	}
	s := StepDecay(0.1, 3, 0.5)
	near("step(0)", s(0), 0.1)
	near("step(2)", s(2), 0.1)
	near("step(3)", s(3), 0.05)
	near("step(7)", s(7), 0.025)
	c := Cosine(1, 0.1, 4)
	near("cos(0)", c(0), 1)
	near("cos(2)", c(2), 0.55)
	near("cos(4)", c(4), 0.1)
	near("cos(9)", c(9), 0.1)
	w := Warmup(Constant(0.2), 4, 0.25)
	near("warm(0)", w(0), 0.05)
	near("warm(2)", w(2), 0.125)
	near("warm(4)", w(4), 0.2)
	near("warm(100)", w(100), 0.2)
}

func TestSphereStep(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	v := tensor.RandN[float64](r, 3, 4)
	g := tensor.RandN[float64](r, 3, 4)
	// Tangent is orthogonal to v.
	s := Tangent(v, g)
	if ip := tensor.Dot(s, v); math.Abs(ip) > 1e-14 {
		t.Errorf("⟨S g, v⟩ = %v, want 0", ip)
	}
	// One step: unit norm, and equal to the formula.
	u := v.Clone()
	norm := tensor.Norm(u)
	for j := range u.Data() {
		u.Data()[j] /= norm
	}
	su := Tangent(u, g)
	want := make([]float64, 12)
	var sq float64
	for j := range want {
		want[j] = u.Data()[j] - 0.3*su.Data()[j]
		sq += want[j] * want[j]
	}
	opt := NewSphere(named(v), 0.3)
	opt.Update([]*tensor.Tensor[float64]{g})
	for j := range want {
		if d := math.Abs(v.Data()[j] - want[j]/math.Sqrt(sq)); d > 1e-15 {
			t.Fatalf("V[%d] = %v, want %v", j, v.Data()[j], want[j]/math.Sqrt(sq))
		}
	}
	if n := tensor.Norm(v); math.Abs(n-1) > 1e-15 {
		t.Errorf("‖V‖ = %v after a step, want 1", n)
	}
	// A gradient along V changes nothing.
	before := v.Clone()
	opt.Update([]*tensor.Tensor[float64]{tensor.MulScalar(v, 5)})
	for j := range want {
		if d := math.Abs(v.Data()[j] - before.Data()[j]); d > 1e-15 {
			t.Fatalf("radial gradient moved V[%d] by %v", j, d)
		}
	}
	mustPanic(t, "zero parameter", func() {
		z := tensor.Zeros[float64](2)
		NewSphere(named(z), 0.1).Update([]*tensor.Tensor[float64]{z})
	})
}
