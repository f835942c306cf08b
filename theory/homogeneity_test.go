package theory

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/deeptheory/deeptheory/nn"
	"github.com/deeptheory/deeptheory/tensor"
)

func TestGoldenOfIdentityChecks(t *testing.T) {
	r := &Result{ID: "X"}
	r.Require("identity", 3e-16, "<", 1e-12)
	r.Require("broken identity", 5e-9, "<", 1e-9)
	r.Require("threshold", 0.3, "<", 0.5)
	r.Require("lower", 1e-12, ">", 1e-13)
	g := goldenOf(r)
	want := []float64{0, 0, 0.3, 1e-12}
	for i, ch := range g.Checks {
		if ch.Value != want[i] {
			t.Errorf("check %q: golden value %g, want %g", ch.Name, ch.Value, want[i])
		}
	}
	if !g.Checks[0].Holds || g.Checks[1].Holds || r.Checks[0].Value != 3e-16 {
		t.Errorf("outcomes or the result itself changed: %+v, %+v", g.Checks, r.Checks)
	}
}

func TestC10(t *testing.T) {
	r := runClaim(t, "C10", 1e-9)
	requirePass(t, r)
	sweepSeeds(t, "C10", Pass)
}

func TestC11(t *testing.T) {
	r := runClaim(t, "C11", 1e-9)
	requirePass(t, r)
	sweepSeeds(t, "C11", Pass)
}

// C12 runs up to 16 000 GD steps per level; the drifts are sums of
// per-step differences of O(ρ²) numbers, so kernel rounding moves them by
// ~1e-10 relative, and the flow-limit drift (a difference of nearly equal
// drifts) by ~1e-8 of itself: 1e-6 relative.
//
// C12 asserts PASS. The judged runs are the curvature-capped levels
// (h·λ_max ≤ 0.1) and the criterion is on the flow limit (Richardson), not
// on the drift at one lr: CLAIMS.md's draft (ii) at constant lr 1e-2 is a
// discretisation error with a draw-dependent constant (2.4e-3 at seed 1,
// 0.58 at seed 7, whose init has λ_max ≈ 1700), kept as a measured number.
// See homogC12.
func TestC12(t *testing.T) {
	r := runClaim(t, "C12", 1e-6)
	if found, _ := r.Quantity("torchref: case found"); found != 1 {
		t.Errorf("C12: the PyTorch trajectory %s was not found", homogTorchCase)
	}
	requirePass(t, r)
	sweepSeeds(t, "C12", Pass)
}

// TestHomogC12FlowLimitCanFail is C12's negative control: with a bias in
// the first layer the net is not homogeneous in its weights, ⟨W_1, ∇_1 L⟩ +
// ⟨b_1, ∇_b L⟩ = ⟨W_2, ∇_2 L⟩, so ‖W_1‖² − ‖W_2‖² drifts under the flow by
// 2∫⟨b_1, ∇_b L⟩dt, and the flow-limit drift of C12's criterion (ii) must
// see it, while the bias-free net of the same draw stays far below the bound.
func TestHomogC12FlowLimitCanFail(t *testing.T) {
	rng := rand.New(rand.NewPCG(12, 7))
	x, y := p1(rng)
	free := biasFreeReLU(rng, 0.5, 5, 20, 1)
	biased := homogClone(free)
	d := biased.Layers[0].(*nn.Dense[float64])
	d.Bias = tensor.Zeros[float64](20)
	for i := range d.Bias.Data() {
		d.Bias.Data()[i] = 0.5 * rng.NormFloat64()
	}
	flowLimit := func(m *nn.Sequential[float64]) float64 {
		runs, _ := homogFlowLevels(m, x, y, rand.New(rand.NewPCG(1, 2)), 1e-2, 0.1, 5, 3)
		fine, coarse := runs[2], runs[1]
		return math.Abs((2*fine.drift[0] - coarse.drift[0]) / fine.growth)
	}
	gotBiased, gotFree := flowLimit(biased), flowLimit(free)
	t.Logf("flow-limit |D|/|Δρ1²|: biased %.3g, bias-free %.3g", gotBiased, gotFree)
	if got := gotBiased; !(got > 2e-2) {
		t.Errorf("biased net: flow-limit |D|/|Δρ1²| = %g, want > 2e-2 (ten times C12's bound)", got)
	}
	if got := gotFree; !(got < 2e-4) {
		t.Errorf("bias-free net: flow-limit |D|/|Δρ1²| = %g, want < 2e-4", got)
	}
}

// TestHomogSharpness checks the power iteration against a loss whose
// Hessian is known: for a 1–1 linear net f = w·x the mean exponential loss
// L(w) = (1/N)Σ e^{−y_n w x_n} has L”(w) = (1/N)Σ x_n² e^{−y_n w x_n}.
func TestHomogSharpness(t *testing.T) {
	x := tensor.FromSlice([]float64{1, -2, 0.5}, 3, 1)
	y := tensor.FromSlice([]float64{1, -1, -1}, 3)
	m := biasFreeReLU(rand.New(rand.NewPCG(1, 1)), 0.5, 1, 1)
	w := m.Layers[0].(*nn.Dense[float64]).Weight
	w.Data()[0] = 0.3
	var want float64
	for n := range 3 {
		xn := x.Data()[n]
		want += xn * xn * math.Exp(-y.Data()[n]*0.3*xn) / 3
	}
	v := []*tensor.Tensor[float64]{tensor.FromSlice([]float64{1}, 1, 1)}
	if got := homogSharpness(m, x, y, v, 3); math.Abs(got-want) > 1e-12*want {
		t.Errorf("homogSharpness = %.15g, want %.15g", got, want)
	}
}

// C13 (b) runs 10⁵ steps of plain loops (no GEMM), but the angles are
// small differences of unit vectors: 1e-7 relative.
func TestC13(t *testing.T) {
	r := runClaim(t, "C13", 1e-7)
	requirePass(t, r)
	sweepSeeds(t, "C13", Pass)
}

func TestC14(t *testing.T) {
	r := runClaim(t, "C14", 1e-6)
	requirePass(t, r)
	sweepSeeds(t, "C14", Pass)
}

// C15 runs 40 000 GD steps: 1e-6 relative.
func TestC15(t *testing.T) {
	r := runClaim(t, "C15", 1e-6)
	requirePass(t, r)
	sweepSeeds(t, "C15", Pass)
}

// TestHomogTwoLayerGrad checks the hand-written gradient of the PyTorch
// cross-check against central differences.
func TestHomogTwoLayerGrad(t *testing.T) {
	m := homogTwoLayer{h: 3, d: 2, w1: []float64{0.5, -1, 1.5, 0.25, -0.7, 0.9}, w2: []float64{1, -2, 0.5}}
	x := [][]float64{{1, 2}, {-1, 0.5}, {0.3, -0.8}}
	y := []float64{1, -1, 1}
	loss := func() float64 {
		var l float64
		for n, xn := range x {
			var f float64
			for j := range m.h {
				f += m.w2[j] * max(0, dot(m.w1[j*2:j*2+2], xn))
			}
			l += math.Exp(-y[n]*f) / 3
		}
		return l
	}
	g1, g2 := m.grad(x, y)
	check := func(w []float64, g []float64, name string) {
		for i := range w {
			old := w[i]
			const h = 1e-6
			w[i] = old + h
			up := loss()
			w[i] = old - h
			down := loss()
			w[i] = old
			if fd := (up - down) / (2 * h); math.Abs(fd-g[i]) > 1e-8 {
				t.Errorf("%s[%d]: gradient %g, central difference %g", name, i, g[i], fd)
			}
		}
	}
	check(m.w1, g1, "w1")
	check(m.w2, g2, "w2")
}

// TestHomogZCA whitens a hand-made batch and checks (1/N)ZᵀZ = I and zero mean.
func TestHomogZCA(t *testing.T) {
	x := tensor.FromSlice([]float64{1, 2, 3, 1, 0, 5, 2, 2, 4, -1, 1, 1}, 4, 3)
	z, white, err := homogWhiten(x)
	if err != nil {
		t.Fatal(err)
	}
	if white > 1e-13 {
		t.Errorf("whiteness %g", white)
	}
	for j := range 3 {
		var m float64
		for i := range 4 {
			m += z.At(i, j)
		}
		if math.Abs(m) > 1e-13 {
			t.Errorf("column %d has mean %g", j, m/4)
		}
	}
}

func TestHomogHelpers(t *testing.T) {
	if got := homogMaxRel([]float64{1, 2.5}, []float64{1, 2}); got != 0.25 {
		t.Errorf("homogMaxRel = %g, want 0.25", got)
	}
	a, b := tensor.FromSlice([]float64{3, 4}, 2), tensor.FromSlice([]float64{0, 0}, 2)
	if got := homogSqDelta(b, a); got != 25 {
		t.Errorf("homogSqDelta = %g, want 25", got)
	}
	for s, want := range map[int]bool{1: true, 10: true, 1000: true, 20: false, 110: false, 3: false} {
		if homogIsPow10(s) != want {
			t.Errorf("homogIsPow10(%d) = %v", s, !want)
		}
	}
	if !homogDecreasing([]float64{3, 2, 1}) || homogDecreasing([]float64{3, 3}) || homogDecreasing([]float64{1}) {
		t.Error("homogDecreasing is wrong")
	}
	x, y := homogP3(rand.New(rand.NewPCG(3, 0)), 30, 5)
	svm, err := FitSVM(x, y, 1e-14, 200000)
	if err != nil || svm.Margin() < 0.3 {
		t.Errorf("P3 data: SVM margin %g (err %v), want ≥ 0.3 by the rejection", svm.Margin(), err)
	}
}
