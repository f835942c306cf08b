package theory

import (
	"math"
	"slices"
	"testing"

	"github.com/deeptheory/deeptheory/autograd"
	"github.com/deeptheory/deeptheory/nn"
	"github.com/deeptheory/deeptheory/tensor"
)

// Long runs (10⁵–10⁶ steps) carry the last-bit differences between the
// assembly and plain-Go (purego) GEMM into the measured numbers; 1e-6 covers
// them. C18 is a few Newton solves: 1e-8.

func TestC16(t *testing.T) {
	r := runClaim(t, "C16", 1e-6)
	requirePass(t, r)
	sweepSeeds(t, "C16", Pass)
}

func TestC17(t *testing.T) {
	r := runClaim(t, "C17", 1e-6)
	requirePass(t, r)
	sweepSeeds(t, "C17", Pass)
}

func TestC18(t *testing.T) {
	r := runClaim(t, "C18", 1e-8)
	requirePass(t, r)
	sweepSeeds(t, "C18", Pass)
}

func TestC19(t *testing.T) {
	r := runClaim(t, "C19", 1e-6)
	requirePass(t, r)
	sweepSeeds(t, "C19", Pass)
}

// The closed-form gradient of the linear runs equals the framework's
// (Dense without bias, nn.ExpLoss, autograd), and 1000 closed-form steps
// follow the framework's own gradient descent.
func TestDynLinearGradientMatchesFramework(t *testing.T) {
	r := Config{Seed: 7}.Rand(1)
	x, y := dynP3(r, 30, 5, 0.3)
	w := make([]float64, 5)
	for i := range w {
		w[i] = r.NormFloat64()
	}
	grad := make([]float64, 5)
	loss := dynLinearGradient(dynLinearZ(x, y), w, grad)

	dense := &nn.Dense[float64]{Weight: tensor.FromSlice(append([]float64(nil), w...), 1, 5)}
	tp := autograd.NewTape[float64]()
	l := nn.ExpLoss(dense.Forward(tp.Const(x)), y)
	want := gradientsOf(l, []*tensor.Tensor[float64]{dense.Weight})[0].Data()
	if got := l.Value().Item(); math.Abs(got-loss) > 1e-14*loss {
		t.Errorf("loss %v, framework %v", loss, got)
	}
	for i := range w {
		if math.Abs(grad[i]-want[i]) > 1e-14*norm(want) {
			t.Errorf("grad[%d] = %v, framework %v", i, grad[i], want[i])
		}
	}

	steps := []int{10, 1000}
	closed := dynLinearGD(x, y, w, 0.1, steps)
	model := nn.NewSequential[float64](&nn.Dense[float64]{Weight: tensor.FromSlice(append([]float64(nil), w...), 1, 5)})
	framework := dynDeepLinearGD(model, x, y, 0.1, steps, nil)
	for k := range steps {
		diff := make([]float64, 5)
		for i := range diff {
			diff[i] = closed[k][i] - framework[k][i]
		}
		if rel := norm(diff) / norm(closed[k]); rel > 1e-12 {
			t.Errorf("after %d steps closed form and framework differ by %v (relative)", steps[k], rel)
		}
	}
}

func TestDynP3(t *testing.T) {
	x, y := dynP3(Config{Seed: 3}.Rand(1), 30, 5, 0.3)
	x2, y2 := dynP3(Config{Seed: 3}.Rand(1), 30, 5, 0.3)
	if !slices.Equal(x.Data(), x2.Data()) || !slices.Equal(y.Data(), y2.Data()) {
		t.Error("same seed, different data")
	}
	svm, err := dynSVM(x, y)
	if err != nil {
		t.Fatal(err)
	}
	// The labelling vector separates with margin ≥ 0.3, so the max margin is ≥ 0.3.
	if g := svm.Margin(); g < 0.3 {
		t.Errorf("γ* = %v < 0.3", g)
	}
	if v := svm.KKTViolation(dynRows(x), y.Data()); v > 1e-9 {
		t.Errorf("KKT violation %v", v)
	}
}

func TestDynP2(t *testing.T) {
	x, y := dynP2()
	if x.Dim(0) != 12 || y.Data()[0] != 1 || y.Data()[1] != -1 || x.At(1, 0) != -2 || x.At(11, 1) != 0.2 {
		t.Errorf("P2 data wrong: %v %v", x, y)
	}
}

func TestDynNearMass(t *testing.T) {
	got := dynNearMass([]float64{2, 1.04, 1})
	a, b, c := 1.0, math.Exp(-0.04), math.Exp(-1)
	if want := (a + b) / (a + b + c); math.Abs(got-want) > 1e-15 {
		t.Errorf("dynNearMass = %v, want %v", got, want)
	}
	if m := dynNearMass([]float64{1, -0.1}); !math.IsNaN(m) {
		t.Errorf("misclassified point: %v, want NaN", m)
	}
}

func TestDynCheckpoints(t *testing.T) {
	got := dynCheckpoints(1000, 2, 300, 5000)
	want := []int{1, 3, 10, 32, 100, 300, 316, 1000}
	if !slices.Equal(got, want) {
		t.Errorf("dynCheckpoints = %v, want %v", got, want)
	}
	if s := dynSup(1_000_000); s != "10⁶" {
		t.Errorf("dynSup(10⁶) = %q", s)
	}
	if s := dynSup(5000); s != "5000" {
		t.Errorf("dynSup(5000) = %q", s)
	}
}

func TestDynEffective(t *testing.T) {
	w1 := &nn.Dense[float64]{Weight: tensor.FromSlice([]float64{1, 2, 3, 4, 5, 6}, 2, 3)}
	w2 := &nn.Dense[float64]{Weight: tensor.FromSlice([]float64{1, -1}, 1, 2)}
	got := dynEffective(nn.NewSequential[float64](w1, w2))
	if want := []float64{-3, -3, -3}; !slices.Equal(got, want) {
		t.Errorf("dynEffective = %v, want %v", got, want)
	}
}

// The framework's derivatives of F_R against the closed forms
// ∇F = −R Σ e^{−R mₙ} zₙ, ∇²F = R² Σ e^{−R mₙ} zₙzₙᵀ, and ∇ log F = ∇F/F.
func TestDynSphereDerivs(t *testing.T) {
	z := tensor.FromSlice([]float64{1, 0.5, -0.2, 0.3, 1, 0.1, 0.7, -0.4, 0.9}, 3, 3)
	v := []float64{0.6, 0.0, 0.8}
	const R = 3.0
	F, grad, hess := dynSphereDerivs(z, R, v, false, true)
	var wantF float64
	wantG := make([]float64, 3)
	wantH := make([][]float64, 3)
	for i := range wantH {
		wantH[i] = make([]float64, 3)
	}
	for n := range 3 {
		zn := z.Data()[3*n : 3*n+3]
		e := math.Exp(-R * dot(v, zn))
		wantF += e
		for i := range 3 {
			wantG[i] -= R * e * zn[i]
			for j := range 3 {
				wantH[i][j] += R * R * e * zn[i] * zn[j]
			}
		}
	}
	if math.Abs(F-wantF) > 1e-14*wantF {
		t.Errorf("F = %v, want %v", F, wantF)
	}
	for i := range 3 {
		if math.Abs(grad[i]-wantG[i]) > 1e-14*norm(wantG) {
			t.Errorf("grad[%d] = %v, want %v", i, grad[i], wantG[i])
		}
		for j := range 3 {
			if math.Abs(hess.At(i, j)-wantH[i][j]) > 1e-13*math.Abs(wantH[0][0]) {
				t.Errorf("hess[%d][%d] = %v, want %v", i, j, hess.At(i, j), wantH[i][j])
			}
		}
	}
	logF, logGrad, _ := dynSphereDerivs(z, R, v, true, false)
	if math.Abs(logF-math.Log(wantF)) > 1e-14 {
		t.Errorf("log F = %v, want %v", logF, math.Log(wantF))
	}
	for i := range 3 {
		if math.Abs(logGrad[i]-wantG[i]/wantF) > 1e-14*norm(wantG)/wantF {
			t.Errorf("∇log F[%d] = %v, want %v", i, logGrad[i], wantG[i]/wantF)
		}
	}
}

func TestDynTangentBasis(t *testing.T) {
	for _, v := range [][]float64{{0.6, 0, 0.8}, {0, -1, 0}, {0.5, 0.5, -0.5, 0.5}} {
		u := dynTangentBasis(v)
		d, m := u.Dims()
		for a := range m {
			if s := math.Abs(func() float64 {
				var s float64
				for i := range d {
					s += u.At(i, a) * v[i]
				}
				return s
			}()); s > 1e-15 {
				t.Errorf("v = %v: column %d not orthogonal to v (%v)", v, a, s)
			}
			for b := range m {
				var s float64
				for i := range d {
					s += u.At(i, a) * u.At(i, b)
				}
				want := 0.0
				if a == b {
					want = 1
				}
				if math.Abs(s-want) > 1e-15 {
					t.Errorf("v = %v: ⟨u%d, u%d⟩ = %v", v, a, b, s)
				}
			}
		}
	}
}

// Two points symmetric about the first axis: the constrained minimizer is
// e₁ at every R, with Riemannian Hessian eigenvalue R²·Σ e^{−R}(0.5)²... here
// checked only for the minimizer.
func TestDynSphereMinSymmetric(t *testing.T) {
	z := tensor.FromSlice([]float64{1, 0.5, 1, -0.5}, 2, 2)
	for _, R := range []float64{1, 10, 100} {
		v, g := dynSphereMin(z, R, []float64{0.6, 0.8})
		if math.Abs(v[0]-1) > 1e-12 || math.Abs(v[1]) > 1e-12 || g > 1e-12 {
			t.Errorf("R = %v: minimizer %v (gradient %v), want (1, 0)", R, v, g)
		}
	}
}

// ρ = a·log t + b has equal increments per doubling (and, for small b, a
// nearly constant ρ/log t); a power law does not.
func TestDynMeasureGrowth(t *testing.T) {
	times := []float64{10, 20, 50, 125, 250, 500, 1000}
	logs, powers := make([]float64, len(times)), make([]float64, len(times))
	for i, tt := range times {
		logs[i] = 3*math.Log(tt) + 0.5
		powers[i] = math.Sqrt(tt)
	}
	g := dynMeasureGrowth(times, logs)
	if math.Abs(g.Ratios[0]-1) > 1e-12 || math.Abs(g.Ratios[1]-1) > 1e-12 || !g.Holds() {
		t.Errorf("log growth: %+v", g)
	}
	if want := 3 * math.Log(2); math.Abs(g.Increments[2]-want) > 1e-12 {
		t.Errorf("increment %v, want %v", g.Increments[2], want)
	}
	p := dynMeasureGrowth(times, powers)
	if math.Abs(p.Ratios[1]-math.Sqrt2) > 1e-12 || p.Holds() {
		t.Errorf("t^½ growth: %+v", p)
	}
	fit := dynPowerLaw(times, 10, math.Sqrt(10), 1000, math.Sqrt(1000))
	for i := range times {
		if math.Abs(fit[i]-powers[i]) > 1e-12*powers[i] {
			t.Errorf("dynPowerLaw at %v: %v, want %v", times[i], fit[i], powers[i])
		}
	}
}

// The per-step costs behind the run lengths: one closed-form step of the
// linear model (P3: d = 5, N = 30), one framework (tape + optim.SGD) step of
// the same model, of the 2-layer linear P4 network and of the P1 ReLU network.
func BenchmarkDynLinearClosedFormStep(b *testing.B) {
	x, y := dynP3(Config{Seed: 1}.Rand(16), 30, 5, 0.3)
	b.ResetTimer()
	dynLinearGD(x, y, make([]float64, 5), 0.1, []int{b.N})
}

func BenchmarkDynLinearTapeStep(b *testing.B) {
	x, y := dynP3(Config{Seed: 1}.Rand(16), 30, 5, 0.3)
	model := nn.NewSequential[float64](&nn.Dense[float64]{Weight: tensor.Zeros[float64](1, 5)})
	b.ResetTimer()
	dynGD(model, dynExpLoss(y), x, 0.1, b.N, nil)
}

func BenchmarkDynDeepLinearTapeStep(b *testing.B) {
	x, y := dynP3(Config{Seed: 1}.Rand(16), 30, 5, 0.3)
	model := dynDeepLinear(Config{Seed: 1}.Rand(2), 0.3, 5, 10, 1)
	b.ResetTimer()
	dynGD(model, dynExpLoss(y), x, 0.1, b.N, nil)
}

func BenchmarkDynP1TapeStep(b *testing.B) {
	r := Config{Seed: 1}.Rand(16)
	x, y := p1(r)
	model := biasFreeReLU(r, dynP1Std, dynP1Widths...)
	b.ResetTimer()
	dynGD(model, dynExpLoss(y), x, 1e-2, b.N, nil)
}

func TestDynPatternFlips(t *testing.T) {
	x := tensor.FromSlice([]float64{1, 0, 0, 1, 1, 1}, 3, 2)
	a := tensor.FromSlice([]float64{1, -1, 0.5, 0.5}, 2, 2) // pre-activations: (1, .5), (−1, .5), (0, 1)
	b := tensor.FromSlice([]float64{1, 1, -0.5, 0.5}, 2, 2) // (1, −.5), (1, .5), (2, 0)
	// Unit 0: +,−,− → +,+,+ (2 flips); unit 1: +,+,+ → −,+,− (2 flips).
	if got := dynPatternFlips(a, b, x); got != 4 {
		t.Errorf("dynPatternFlips = %d, want 4", got)
	}
}

func TestDynLineFit(t *testing.T) {
	a, b, rms := dynLineFit([]float64{0, 1, 2, 3}, []float64{1, 3, 5, 7})
	if math.Abs(a-2) > 1e-14 || math.Abs(b-1) > 1e-14 || rms > 1e-14 {
		t.Errorf("exact line: a %v b %v rms %v, want 2 1 0", a, b, rms)
	}
	// v = (0, 1, 0): the fit is the constant 1/3 with residuals (−1/3, 2/3, −1/3).
	a, b, rms = dynLineFit([]float64{-1, 0, 1}, []float64{0, 1, 0})
	if math.Abs(a) > 1e-15 || math.Abs(b-1.0/3) > 1e-15 || math.Abs(rms-math.Sqrt(2)/3) > 1e-15 {
		t.Errorf("a %v b %v rms %v, want 0 1/3 √2/3", a, b, rms)
	}
}

// A logarithm with an offset is fitted exactly by the log fit and not by
// the power law; a power law the other way round.
func TestDynGrowthFits(t *testing.T) {
	times := []float64{10, 20, 40, 80, 160, 320, 640, 1000}
	logs, powers := make([]float64, len(times)), make([]float64, len(times))
	for i, tt := range times {
		logs[i] = 3*math.Log(tt) - 5
		powers[i] = 2 * math.Pow(tt, 0.3)
	}
	a, b, lr, _, pr := dynGrowthFits(times, logs)
	if math.Abs(a-3) > 1e-12 || math.Abs(b+5) > 1e-12 || lr > 1e-12 || pr < 1e-3 {
		t.Errorf("log: a %v b %v log rms %v power rms %v", a, b, lr, pr)
	}
	_, _, lr, p, pr := dynGrowthFits(times, powers)
	if math.Abs(p-0.3) > 1e-12 || pr > 1e-12 || lr < 1e-3 {
		t.Errorf("power: p %v log rms %v power rms %v", p, lr, pr)
	}
}

// w(s) = ŵ·log s + w̃ + c·s^{−δ}u: the residual's decade increments are
// |c|·(1 − 10^{−δ})·10^{−kδ}‖u‖.
func TestDynResidualSteps(t *testing.T) {
	svm := SVM{W: []float64{2, 0, 1}}
	wt, u := []float64{0.3, -1, 0.2}, []float64{0, 1, 1}
	const c, delta = 0.7, 0.25
	var d dynDirection
	for e := 2; e <= 5; e++ {
		s := math.Pow(10, float64(e))
		w := make([]float64, 3)
		for i := range w {
			w[i] = svm.W[i]*math.Log(s) + wt[i] + c*math.Pow(s, -delta)*u[i]
		}
		d.Steps, d.W = append(d.Steps, int(s)), append(d.W, w)
	}
	got := dynResidualSteps(d, svm, 2)
	if len(got) != 3 {
		t.Fatalf("%d increments, want 3", len(got))
	}
	for k, g := range got {
		want := c * (1 - math.Pow(10, -delta)) * math.Pow(10, -float64(k+2)*delta) * math.Sqrt2
		if math.Abs(g-want) > 1e-12 {
			t.Errorf("increment %d = %v, want %v", k, g, want)
		}
	}
}

// The separation step found by dynP1SeparationStep is the one dynP1 records.
func TestDynP1SeparationStep(t *testing.T) {
	cfg := Config{Seed: 1}
	sep := dynP1SeparationStep(cfg, 1017, 1e-2, 100_000)
	run := dynP1(cfg, 1017, 1e-2, []int{sep + 1}, nil)
	if sep < 0 || run.Separated != sep {
		t.Errorf("dynP1SeparationStep = %d, dynP1 separated at %d", sep, run.Separated)
	}
}

// dynReplay's single step is one gradient step of the P1 network, and its
// refinements converge (their changes shrink).
func TestDynReplay(t *testing.T) {
	r := Config{Seed: 3}.Rand(19)
	x, y := p1(r)
	model := biasFreeReLU(r, dynP1Std, dynP1Widths...)
	dynGD(model, dynExpLoss(y), x, 1e-2, 20_000, nil) // separated by then
	w1, w2 := model.Params()[0].Value.Clone(), model.Params()[1].Value.Clone()
	n := float64(y.Len())
	var before, after float64
	dynGD(model, dynExpLoss(y), x, 1e-2, 1, func(step int, _ *tensor.Tensor[float64], loss float64) bool {
		g := -math.Log(n*loss) / dynSumSquares(model)
		if step == 0 {
			before = g
		} else {
			after = g
		}
		return true
	})
	got := dynReplay(w1, w2, x, y, 1e-2, before)
	if want := (before - after) / before; math.Abs(got[0]-want) > 1e-15 {
		t.Errorf("single-step replay fall %v, want %v", got[0], want)
	}
	last := len(got) - 1
	if math.Abs(got[last]-got[last-1]) >= math.Abs(got[1]-got[0]) {
		t.Errorf("replays do not converge: %v", got)
	}
}
