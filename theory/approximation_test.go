package theory

import (
	"math"
	"math/rand/v2"
	"runtime"
	"testing"

	"github.com/deeptheory/deeptheory/autograd"
	"github.com/deeptheory/deeptheory/tensor"
)

// approxGoldenRel is the golden tolerance of the approximation claims:
// 1000 Adam steps through ReLU kinks amplify last-bit differences (the
// purego GEMM rounds differently from the assembly one), so the NMSEs are
// pinned to 1e-6 relative, not to machine precision.
const approxGoldenRel = 1e-6

func TestC1(t *testing.T) {
	r := runClaim(t, "C1", approxGoldenRel)
	requirePass(t, r)
	sweepSeeds(t, "C1", Pass)
}

func TestC2(t *testing.T) {
	r := runClaim(t, "C2", approxGoldenRel)
	requirePass(t, r)
	sweepSeeds(t, "C2", Pass)
}

func TestC3(t *testing.T) {
	r := runClaim(t, "C3", approxGoldenRel)
	requirePass(t, r)
	sweepSeeds(t, "C3", Pass)
}

func TestC4(t *testing.T) {
	r := runClaim(t, "C4", approxGoldenRel)
	requirePass(t, r)
	sweepSeeds(t, "C4", Pass)
}

func TestC5(t *testing.T) {
	r := runClaim(t, "C5", approxGoldenRel)
	requirePass(t, r)
	sweepSeeds(t, "C5", Pass)
}

func TestC6(t *testing.T) {
	r := runClaim(t, "C6", approxGoldenRel)
	requirePass(t, r)
	sweepSeeds(t, "C6", Pass)
}

// The parameter counts in closed form agree with the built networks, and
// the matched widths are the ones of CLAIMS.md (Q = 8: 231 parameters for
// the LC tree, shared tree width 19, deep FC width 8, shallow width 23).
func TestApproxParamCounts(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 1))
	for a := approxArch(0); a < approxNumArchs; a++ {
		for _, w := range []int{1, 4, 8, 16} {
			m, layers := approxNet(r, a, w, false)
			if got, want := approxCount(m), approxParamsOf(a, w); got != want {
				t.Errorf("%v width %d: %d parameters, formula says %d", a, w, got, want)
			}
			if len(layers) != len(m.Layers) {
				t.Errorf("%v: %d layer names for %d layers", a, len(layers), len(m.Layers))
			}
		}
	}
	want := map[approxArch]int{approxLC: 8, approxShared: 19, approxDeepFC: 8, approxShallow: 23}
	for a, w := range want {
		if got := approxWidth(a, 231); got != w {
			t.Errorf("approxWidth(%v, 231) = %d, want %d", a, got, w)
		}
	}
	if got := approxTreeParams(8); got != 231 {
		t.Errorf("approxTreeParams(8) = %d, want 231", got)
	}
}

// approxSetTree gives every node of a tree network (LC or shared, width 1,
// ReLU) the function h(a, b) = relu(a − 2b + 0.5) + 0.25 — through
// per-level first weights (1, −2), bias 0.5, output weight 1, output bias 0.25.
func approxSetTree(t *testing.T, a approxArch) func(x []float64) float64 {
	m, _ := approxNet(rand.New(rand.NewPCG(2, 2)), a, 1, false)
	// Layers: 0 Unflatten; per level ℓ = 0, 1, 2: 1+3ℓ kernel-2 map, 2+3ℓ ReLU, 3+3ℓ kernel-1 map; 10 Flatten.
	set := map[string]float64{}
	for _, level := range []int{1, 4, 7} {
		set[itoa(level)+".bias"] = 0.5
		set[itoa(level+2)+".weight"] = 1
		set[itoa(level+2)+".bias"] = 0.25
	}
	for _, p := range m.Params() {
		d := p.Value.Data()
		if v, ok := set[p.Name]; ok {
			for i := range d {
				d[i] = v
			}
			continue
		}
		if len(d)%2 != 0 { // a kernel-2 weight [.., 1, 1, 2] holds pairs
			t.Fatalf("%v: unexpected parameter %s %v", a, p.Name, p.Value.Shape())
		}
		for i := 0; i < len(d); i += 2 {
			d[i], d[i+1] = 1, -2
		}
	}
	return func(x []float64) float64 {
		in := tensor.FromSlice(append([]float64(nil), x...), 1, 8)
		return m.Forward(autograd.Const(in)).Value().Data()[0]
	}
}

// Both trees compute the binary tree h(h(h(x1,x2), h(x3,x4)), h(h(x5,x6), h(x7,x8))),
// pairing neighbouring inputs, level by level.
func TestApproxTreeGraph(t *testing.T) {
	h := func(a, b float64) float64 { return max(0, a-2*b+0.5) + 0.25 }
	x := []float64{0.3, -0.7, 0.9, 0.1, -0.4, -0.2, 0.6, -0.8}
	want := h(h(h(x[0], x[1]), h(x[2], x[3])), h(h(x[4], x[5]), h(x[6], x[7])))
	for _, a := range []approxArch{approxLC, approxShared} {
		if got := approxSetTree(t, a)(x); math.Abs(got-want) > 1e-12 {
			t.Errorf("%v: f(x) = %.15g, want %.15g", a, got, want)
		}
	}
}

// The targets at hand-computed points.
func TestApproxTargets(t *testing.T) {
	zero := make([]float64, 8)
	// cos-poly at 0: level 1 gives 0.59, level 2 1.1·2.18² − 1, level 3 1.1·(2u+1)² − 1.
	u := 1.1*2.18*2.18 - 1
	want := 1.1*(2*u+1)*(2*u+1) - 1
	if got := approxNewTarget(nil, approxCosPoly)(zero); math.Abs(got-want) > 1e-12*want {
		t.Errorf("cos-poly(0) = %.15g, want %.15g", got, want)
	}
	// tanh tree at 0: every h1 = 0, h2(0,0) = 0, h3 = 0. At x1 = 1, rest 0:
	// h11 = tanh(α1), h21 = tanh(h11/2), h22 = 0, f = h21/2. At x8 = 1, rest
	// 0: h14 = tanh(−β4) (the flipped sign), h22 = tanh(−h14/2), f = 0.
	f := approxNewTarget(rand.New(rand.NewPCG(3, 3)), approxTanhTree)
	if got := f(zero); got != 0 {
		t.Errorf("tanh tree(0) = %g, want 0", got)
	}
	alpha1 := 0.5 + rand.New(rand.NewPCG(3, 3)).Float64()
	x := []float64{1, 0, 0, 0, 0, 0, 0, 0}
	h11 := math.Tanh(alpha1)
	h21 := math.Tanh(0.5 * h11)
	if got, want := f(x), 0.5*h21; math.Abs(got-want) > 1e-15 {
		t.Errorf("tanh tree(e1) = %.15g, want %.15g", got, want)
	}
	// At x = (1, 0, 0, 0, 0, 0, 1, 1): h14 = tanh(α4 − β4) (node 4's flipped
	// sign), h22 = tanh(−h14/2), f = h21·h22 + h21/2. The constants are drawn
	// α1, β1, α2, β2, ..., so α4 and β4 are the 7th and 8th draws.
	r := rand.New(rand.NewPCG(3, 3))
	var draws [8]float64
	for i := range draws {
		draws[i] = 0.5 + r.Float64()
	}
	h14 := math.Tanh(draws[6] - draws[7])
	h22 := math.Tanh(-0.5 * h14)
	x = []float64{1, 0, 0, 0, 0, 0, 1, 1}
	if got, want := f(x), h21*h22+0.5*h21; math.Abs(got-want) > 1e-15 {
		t.Errorf("tanh tree(1,0,0,0,0,0,1,1) = %.15g, want %.15g", got, want)
	}
	// The dense control reads every input: changing any one coordinate changes f.
	g := approxNewTarget(rand.New(rand.NewPCG(4, 4)), approxDense)
	base := []float64{0.1, -0.2, 0.3, -0.4, 0.5, -0.6, 0.7, -0.8}
	for i := range base {
		y := append([]float64(nil), base...)
		y[i] += 0.1
		if g(y) == g(base) {
			t.Errorf("dense target does not depend on x%d", i+1)
		}
	}
}

func TestApproxSlopeMedian(t *testing.T) {
	x := []float64{10, 20, 40, 80}
	y := make([]float64, len(x))
	for i, v := range x {
		y[i] = 3 * math.Pow(v, -1.5)
	}
	if got := approxSlope(x, y); math.Abs(got+1.5) > 1e-12 {
		t.Errorf("slope of 3x^−1.5 = %g, want −1.5", got)
	}
	if got := genMedian([]float64{3, 1, 2}); got != 2 {
		t.Errorf("median(3,1,2) = %g", got)
	}
	if got := genMedian([]float64{4, 1, 2, 3}); got != 2.5 {
		t.Errorf("median(4,1,2,3) = %g", got)
	}
}

// A table is the same, bit for bit, whether its trainings run on one
// worker or several.
func TestApproxTableDeterministic(t *testing.T) {
	spec := approxSpec{name: "tiny", stream: 99, targets: []approxTarget{approxTanhTree, approxCosPoly},
		softplus: []bool{false, true}, qs: []int{2}, archs: []approxArch{approxLC, approxShared, approxDeepFC, approxShallow},
		nTrain: 40, nTest: 30, iters: 15, repeats: 2, lrs: []float64{1e-2, 3e-3}}
	cfg := Config{Size: Quick, Seed: 5}
	prev := runtime.GOMAXPROCS(1)
	one := approxTrainTable(spec, cfg, "tiny", nil)
	runtime.GOMAXPROCS(max(2, prev))
	many := approxTrainTable(spec, cfg, "tiny", nil)
	runtime.GOMAXPROCS(prev)
	if len(one.fits) != 16 {
		t.Fatalf("%d cells, want 16", len(one.fits))
	}
	for c, f := range one.fits {
		for i := range f {
			if f[i] != many.fits[c][i] {
				t.Errorf("%+v repeat %d: %+v with 1 worker, %+v with several", c, i, f[i], many.fits[c][i])
			}
		}
	}
}
