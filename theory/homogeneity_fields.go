package theory

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/deeptheory/deeptheory/autograd"
	"github.com/deeptheory/deeptheory/nn"
	"github.com/deeptheory/deeptheory/optim"
	"github.com/deeptheory/deeptheory/tensor"
)

// homogFields holds, for a bias-free ReLU network and the mean exponential
// loss L = (1/N) Σₙ e^{−yₙ f(W; xₙ)} at one point W, the two sides of the
// flow equations of C11, C13 and C14:
//
//   - Wdot_k = −∇_{W_k} L, by autograd at W;
//   - G_k = Σₙ cₙ ∂f̃ₙ/∂V_k and s = Σₙ cₙ f̃ₙ with cₙ = (1/N) e^{−ρ yₙ f̃ₙ} yₙ,
//     by autograd on the network holding the normalized weights V_k = W_k/ρ_k
//     (theory.WithNormalized), a computation that shares nothing with Wdot
//     but the data.
//
// From these, E1: ρ̇_k = (ρ/ρ_k)·s; E2: V̇_k = (ρ/ρ_k²)(G_k − V_k s);
// E4 (constrained): V̇_k = ρ (G_k − V_k s).
type homogFields struct {
	rhoK []float64
	rho  float64
	V    []*tensor.Tensor[float64] // V_k = W_k/ρ_k
	Wdot []*tensor.Tensor[float64] // −∇_{W_k} L
	G    []*tensor.Tensor[float64] // Σₙ cₙ ∂f̃ₙ/∂V_k
	s    float64                   // Σₙ cₙ f̃ₙ
}

// homogFieldsAt evaluates homogFields for model (bias-free, scalar output)
// on (x, y).
func homogFieldsAt(model *nn.Sequential[float64], x, y *tensor.Tensor[float64]) homogFields {
	ws := homogWeights(model)
	var h homogFields
	h.rhoK = LayerNorms(model)
	h.rho = ProductNorm(model)
	_, grads := homogLossGrads(model, nn.ExpLoss[float64], x, y, ws)
	for _, g := range grads {
		homogScale(g, -1)
		h.Wdot = append(h.Wdot, g)
	}
	n := y.Len()
	WithNormalized(model, func() {
		ft := homogOutVec(model, x)
		c := make([]float64, n)
		for i := range c {
			c[i] = math.Exp(-h.rho*y.Data()[i]*ft[i]) * y.Data()[i] / float64(n)
			h.s += c[i] * ft[i]
		}
		h.G = homogVJP(model, x, c, ws)
		for _, w := range ws {
			h.V = append(h.V, w.Clone())
		}
	})
	return h
}

// e1 returns (ρ/ρ_k)·s, the right-hand side of E1 for layer k.
func (h homogFields) e1(k int) float64 { return h.rho / h.rhoK[k] * h.s }

// e4 returns ρ (G_k − V_k s), the constrained V-field E4 of layer k; E2 is
// e4 scaled by 1/ρ_k².
func (h homogFields) e4(k int) *tensor.Tensor[float64] {
	out := h.G[k].Clone()
	od, vd := out.Data(), h.V[k].Data()
	for i := range od {
		od[i] = h.rho * (od[i] - vd[i]*h.s)
	}
	return out
}

// uncV returns the direction field of unconstrained flow measured from
// Wdot: (1/ρ_k)(Ẇ_k − V_k⟨V_k, Ẇ_k⟩), the left-hand side of E2.
func (h homogFields) uncV(k int) *tensor.Tensor[float64] {
	out := optim.Tangent(h.V[k], h.Wdot[k])
	homogScale(out, 1/h.rhoK[k])
	return out
}

// homogRandomNet returns a bias-free ReLU network of the given widths with
// N(0, std_k²) weights, std_k drawn log-uniformly from [0.3, 1.5] per layer
// so that the layers are unbalanced (ρ_k differ).
func homogRandomNet(r *rand.Rand, widths ...int) *nn.Sequential[float64] {
	m := biasFreeReLU(r, 1, widths...)
	for _, w := range homogWeights(m) {
		homogScale(w, 0.3*math.Pow(5, r.Float64()))
	}
	return m
}

// homogLabels returns n labels ±1 drawn from r.
func homogLabels(r *rand.Rand, n int) *tensor.Tensor[float64] {
	y := tensor.Zeros[float64](n)
	for i := range y.Data() {
		y.Data()[i] = float64(2*r.IntN(2) - 1)
	}
	return y
}

// homogC11 checks E1 and E2 at random weights, K = 2 and K = 3.
func homogC11(cfg Config, r *Result, progress Progress) {
	rng := cfg.Rand(11)
	points := 2
	if cfg.Size == Full {
		points = 10
	}
	const n = 20
	archs := [][]int{{5, 10, 1}, {5, 8, 6, 1}}
	r.Setup = fmt.Sprintf("Bias-free ReLU nets 5–10–1 (K = 2) and 5–8–6–1 (K = 3), weights N(0, s_k²) with s_k log-uniform in [0.3, 1.5] "+
		"per layer (unbalanced), %d random points per architecture; N = %d Gaussian inputs, random labels ±1; mean exponential loss "+
		"L = (1/N) Σ e^{−y f}. Ẇ_k = −∇L by autograd at W; ∂f̃/∂V_k by autograd on the net holding V_k = W_k/ρ_k.", points, n)
	r.Criterion = "For every point and layer: |⟨V_k, Ẇ_k⟩ − E1|/|E1| < 1e-10 and ‖(1/ρ_k)(Ẇ_k − V_k⟨V_k,Ẇ_k⟩) − E2‖/‖E2‖ < 1e-10 " +
		"(E1, E2 with the 1/N of the mean loss); also E3: |ρ̇ − ρ²(Σ_k ρ_k^{−2}) s|/|ρ̇| < 1e-10 with ρ̇ = Σ_k ρ̇_k ρ/ρ_k."
	var worstE1, worstE2, worstE3 float64
	total := points * len(archs)
	for a, widths := range archs {
		for p := range points {
			progress.Report("C11", a*points+p, total)
			model := homogRandomNet(rng, widths...)
			x := tensor.RandN[float64](rng, n, 5)
			y := homogLabels(rng, n)
			h := homogFieldsAt(model, x, y)
			var rhoDot, inv2 float64
			for k := range h.V {
				lhs := homogInner(h.V[k], h.Wdot[k])
				worstE1 = max(worstE1, math.Abs(lhs-h.e1(k))/math.Abs(h.e1(k)))
				e2 := h.e4(k)
				homogScale(e2, 1/(h.rhoK[k]*h.rhoK[k]))
				worstE2 = max(worstE2, homogRelDiff([]*tensor.Tensor[float64]{h.uncV(k)}, []*tensor.Tensor[float64]{e2}))
				rhoDot += lhs * h.rho / h.rhoK[k]
				inv2 += 1 / (h.rhoK[k] * h.rhoK[k])
			}
			e3 := h.rho * h.rho * inv2 * h.s
			worstE3 = max(worstE3, math.Abs(rhoDot-e3)/math.Abs(rhoDot))
			if a == len(archs)-1 && p == 0 {
				r.AddData("x", x)
				r.AddData("y", y)
				r.AddModel("K3-point0", layerList(widths...), model.Params())
			}
		}
	}
	r.Require("max rel. error of E1 (ρ̇_k)", worstE1, "<", 1e-10)
	r.Require("max rel. error of E2 (V̇_k)", worstE2, "<", 1e-10)
	r.Require("max rel. error of E3 (ρ̇)", worstE3, "<", 1e-10)
	progress.Report("C11", total, total)
}

// homogConstrainedField returns the constrained V-field −S_k ∇_{V_k} L(ρ, V)
// of the problem with ρ fixed and ‖V_k‖ = 1, with L = (1/N) Σ e^{−ρ y f(V; x)},
// by autograd on the normalized network with its output scaled by ρ: a
// second, independent way to E4.
func homogConstrainedField(model *nn.Sequential[float64], x, y *tensor.Tensor[float64]) []*tensor.Tensor[float64] {
	rho := ProductNorm(model)
	var fields []*tensor.Tensor[float64]
	WithNormalized(model, func() {
		ws := homogWeights(model)
		scaled := func(out *autograd.Var[float64], y *tensor.Tensor[float64]) *autograd.Var[float64] {
			return nn.ExpLoss(autograd.MulScalar(out, rho), y)
		}
		_, grads := homogLossGrads(model, scaled, x, y, ws)
		for k, g := range grads {
			t := optim.Tangent(ws[k], g)
			homogScale(t, -1)
			fields = append(fields, t)
		}
	})
	return fields
}

// homogCos returns ⟨a, b⟩/(‖a‖‖b‖).
func homogCos(a, b *tensor.Tensor[float64]) float64 {
	return homogInner(a, b) / (frobenius(a) * frobenius(b))
}

// homogC13Exact is C13 (a): at random unbalanced weights, the unconstrained
// direction field and the constrained one are positively parallel per
// layer with ratio ρ_k^{−2}. It returns the worst 1 − cos, the worst
// relative error of the ratio and of the whole field.
func homogC13Exact(rng *rand.Rand, points int) (cosGap, ratioErr, fieldErr float64) {
	const n = 20
	for range points {
		model := homogRandomNet(rng, 5, 8, 6, 1)
		x := tensor.RandN[float64](rng, n, 5)
		y := homogLabels(rng, n)
		h := homogFieldsAt(model, x, y)
		con := homogConstrainedField(model, x, y)
		for k := range con {
			unc := h.uncV(k)
			cosGap = max(cosGap, 1-homogCos(unc, con[k]))
			want := 1 / (h.rhoK[k] * h.rhoK[k])
			ratioErr = max(ratioErr, math.Abs(frobenius(unc)/frobenius(con[k])-want)/want)
			scaled := con[k].Clone()
			homogScale(scaled, want)
			fieldErr = max(fieldErr, homogRelDiff([]*tensor.Tensor[float64]{unc}, []*tensor.Tensor[float64]{scaled}))
			// The constrained field by autograd must also be E4 of the C11 harness.
			fieldErr = max(fieldErr, homogRelDiff(con[k:k+1], []*tensor.Tensor[float64]{h.e4(k)}))
		}
	}
	return cosGap, ratioErr, fieldErr
}
