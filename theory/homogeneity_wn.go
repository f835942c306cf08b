package theory

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/deeptheory/deeptheory/nn"
	"github.com/deeptheory/deeptheory/optim"
	"github.com/deeptheory/deeptheory/tensor"
	"gonum.org/v1/gonum/mat"
)

// homogWNNet returns a bias-free ReLU net of the given widths with every
// dense layer wrapped by nn.NewLayerWeightNorm (one scalar g per layer),
// its weights unbalanced as in homogRandomNet, and the wrappers.
func homogWNNet(r *rand.Rand, widths ...int) (*nn.Sequential[float64], []*nn.WeightNorm[float64]) {
	plain := homogRandomNet(r, widths...)
	var wns []*nn.WeightNorm[float64]
	for i, l := range plain.Layers {
		if _, ok := l.(*nn.Dense[float64]); ok {
			wn := nn.NewLayerWeightNorm[float64](l)
			plain.Layers[i] = wn
			wns = append(wns, wn)
		}
	}
	return plain, wns
}

// homogWhiten returns the ZCA-whitened batch (homogZCA) refined by a
// second ZCA pass: the first pass leaves (1/N)ZᵀZ − I of order
// cond(C)·ε, the second, on a covariance of condition ≈ 1, brings it to
// the order of ε. It returns the whiteness of the result.
func homogWhiten(x *tensor.Tensor[float64]) (*tensor.Tensor[float64], float64, error) {
	z, _, err := homogZCA(x)
	if err != nil {
		return nil, 0, err
	}
	return homogZCA(z)
}

// homogZCA returns the ZCA-whitened batch Z = (X − mean) C^{−1/2}, with C the
// biased covariance (1/N) X_cᵀX_c (what batch normalization uses), C^{−1/2}
// = U Λ^{−1/2} Uᵀ from gonum's symmetric eigendecomposition. It also returns
// ‖(1/N) ZᵀZ − I‖_max, how white Z came out.
func homogZCA(x *tensor.Tensor[float64]) (*tensor.Tensor[float64], float64, error) {
	n, d := x.Dim(0), x.Dim(1)
	xc := mat.NewDense(n, d, append([]float64(nil), x.Data()...))
	for j := range d {
		var m float64
		for i := range n {
			m += xc.At(i, j)
		}
		m /= float64(n)
		for i := range n {
			xc.Set(i, j, xc.At(i, j)-m)
		}
	}
	var c mat.SymDense
	c.SymOuterK(1/float64(n), xc.T())
	var eig mat.EigenSym
	if !eig.Factorize(&c, true) {
		return nil, 0, fmt.Errorf("theory: homogZCA: eigendecomposition failed")
	}
	vals := eig.Values(nil)
	var u mat.Dense
	eig.VectorsTo(&u)
	scaled := mat.DenseCopyOf(&u)
	for j, l := range vals {
		if l <= 0 {
			return nil, 0, fmt.Errorf("theory: homogZCA: covariance eigenvalue %g ≤ 0", l)
		}
		for i := range d {
			scaled.Set(i, j, scaled.At(i, j)/math.Sqrt(l))
		}
	}
	var w, z mat.Dense
	w.Mul(scaled, u.T())
	z.Mul(xc, &w)
	var cov mat.Dense
	cov.Mul(z.T(), &z)
	var white float64
	for i := range d {
		for j := range d {
			want := 0.0
			if i == j {
				want = 1
			}
			white = max(white, math.Abs(cov.At(i, j)/float64(n)-want))
		}
	}
	out := tensor.Zeros[float64](n, d)
	for i := range n {
		for j := range d {
			out.Set(z.At(i, j), i, j)
		}
	}
	return out, white, nil
}

// homogC14 checks that layer-wise weight normalization implements the
// constrained dynamics and that batch normalization is scale invariant and
// equals per-unit WN with g = 1 on whitened inputs.
func homogC14(cfg Config, r *Result, progress Progress) {
	rng := cfg.Rand(14)
	points := 2
	if cfg.Size == Full {
		points = 10
	}
	const n, lr = 20, 0.1
	r.Setup = fmt.Sprintf("%d random points each. (a, b) 5–8–6–1 bias-free ReLU net with every Linear wrapped by layer-wise weight norm "+
		"(W_k = g_k v_k/‖v_k‖_F, nn.NewLayerWeightNorm; PyTorch weight_norm(dim=None)), unbalanced weights, N = %d Gaussian inputs, random ±1 "+
		"labels, mean exponential loss; one full SGD step of lr %g on (g, v). BN: Linear(5, 8, bias=False)–BatchNorm1d(8, eps=0) in training "+
		"mode–ReLU–Linear(8, 1, bias=False) (eps = 0: with PyTorch's eps = 1e-5 the scale invariance holds only to O(eps/σ²), measured too). "+
		"(c) 64 inputs x = zA (z Gaussian, A random 5×5), ZCA-whitened with gonum's EigenSym (two passes: the second removes the first's cond·ε residue); Linear(5, 8, bias=False) followed by "+
		"BatchNorm1d(8, affine=False, eps=0) versus the same Linear under per-unit weight norm with g = 1. (d) the WN net with ‖v_k‖ = 1 and "+
		"g_k = ρ_k: −∇_v L against E4 = ρ Σ c_n (∂f̃_n/∂V_k − V_k f̃_n) of the C11 harness.", points, n, lr)
	r.Criterion = "(a) |⟨v, ∇_v L⟩|/(‖v‖‖∇_v L‖) < 1e-12 for every WN layer, and per unit (and whole) for the weight feeding BN; " +
		"(b) |‖v'‖² − ‖v‖² − η²‖∇_v L‖²|/‖v'‖² < 1e-12 after one GD step; (c) the ZCA batch is white to 1e-12 and max |BN(Zwᵀ) − WN_{g=1}(Z)| / max|WN| < 1e-12; " +
		"(d) ‖(−∇_v L) − E4‖/‖E4‖ < 1e-10."
	var orthWN, orthBN, orthBNeps, stepErr, zcaErr, whiteErr, e4Err float64
	for p := range points {
		progress.Report("C14", p, points)
		x := tensor.RandN[float64](rng, n, 5)
		y := homogLabels(rng, n)

		// (a) and (b): weight normalization.
		model, wns := homogWNNet(rng, 5, 8, 6, 1)
		params := tensorsOf(model.Params())
		_, grads := homogLossGrads(model, nn.ExpLoss[float64], x, y, params)
		type vg struct{ v, g *tensor.Tensor[float64] }
		var pairs []vg
		for i, prm := range model.Params() {
			if len(prm.Name) > 8 && prm.Name[len(prm.Name)-8:] == "weight_v" {
				pairs = append(pairs, vg{prm.Value.Clone(), grads[i]})
			}
		}
		for _, q := range pairs {
			orthWN = max(orthWN, math.Abs(homogInner(q.v, q.g))/(frobenius(q.v)*frobenius(q.g)))
		}
		optim.NewSGD(model.Params(), optim.SGDConfig{LR: lr}).Update(grads)
		for i, wn := range wns {
			v0, g := pairs[i].v, pairs[i].g
			after := homogInner(wn.V, wn.V)
			inc := lr * lr * homogInner(g, g)
			gap := math.Abs(after - homogInner(v0, v0) - inc)
			stepErr = max(stepErr, gap/after)
		}
		if p == 0 {
			r.AddModel("wn-after-step", []string{"weight_norm(Linear(5, 8, bias=False), dim=None)", "ReLU()", "weight_norm(Linear(8, 6, bias=False), dim=None)", "ReLU()", "weight_norm(Linear(6, 1, bias=False), dim=None)"}, model.Params())
			r.AddData("x", x)
			r.AddData("y", y)
		}

		// (a) for batch normalization.
		for _, eps := range []float64{0, 1e-5} {
			dense := nn.NewDense[float64](rng, 5, 8, false)
			homogFill(rng, dense.Weight, 1)
			bn := nn.NewBatchNorm1D[float64](8, true)
			bn.Eps = eps
			homogFill(rng, bn.Weight, 1)
			homogFill(rng, bn.Bias, 1)
			head := nn.NewDense[float64](rng, 8, 1, false)
			homogFill(rng, head.Weight, 1)
			bnNet := nn.NewSequential[float64](dense, bn, nn.ReLU[float64]{}, head)
			_, g := homogLossGrads(bnNet, nn.ExpLoss[float64], x, y, []*tensor.Tensor[float64]{dense.Weight})
			w := dense.Weight
			worst := math.Abs(homogInner(w, g[0])) / (frobenius(w) * frobenius(g[0]))
			for u := range 8 {
				wu, gu := w.Data()[u*5:(u+1)*5], g[0].Data()[u*5:(u+1)*5]
				if norm(gu) > 0 { // a unit that ReLU silences on the whole batch has no gradient
					worst = max(worst, math.Abs(dot(wu, gu))/(norm(wu)*norm(gu)))
				}
			}
			if eps == 0 {
				orthBN = max(orthBN, worst)
			} else {
				orthBNeps = max(orthBNeps, worst)
			}
		}

		// (c) BN on whitened inputs is WN with g = 1.
		a := tensor.RandN[float64](rng, 5, 5)
		xw := tensor.MatMul(tensor.RandN[float64](rng, 64, 5), a)
		z, white, err := homogWhiten(xw)
		if err != nil {
			r.RequireTrue("ZCA whitening: "+err.Error(), false)
			return
		}
		whiteErr = max(whiteErr, white)
		dense := nn.NewDense[float64](rng, 5, 8, false)
		homogFill(rng, dense.Weight, 1)
		bn := nn.NewBatchNorm1D[float64](8, false)
		bn.Eps = 0
		bnOut := homogOutVec(nn.NewSequential[float64](dense, bn), z)
		wn := nn.NewWeightNorm[float64](dense)
		wn.G.Fill(1)
		wnOut := homogOutVec(wn, z)
		zcaErr = max(zcaErr, homogMaxRel(bnOut, wnOut))

		// (d) the WN V-field at ‖v_k‖ = 1 is E4.
		plain := homogRandomNet(rng, 5, 8, 6, 1)
		h := homogFieldsAt(plain, x, y)
		unit := nn.NewSequential[float64]()
		for _, l := range plain.Layers {
			if d, ok := l.(*nn.Dense[float64]); ok {
				wn := nn.NewLayerWeightNorm[float64](d)
				homogScale(wn.V, 1/frobenius(wn.V))
				l = wn
			}
			unit.Layers = append(unit.Layers, l)
		}
		var vs []*tensor.Tensor[float64]
		for _, prm := range unit.Params() {
			if prm.Name[len(prm.Name)-1] == 'v' {
				vs = append(vs, prm.Value)
			}
		}
		_, gv := homogLossGrads(unit, nn.ExpLoss[float64], x, y, vs)
		for k, g := range gv {
			homogScale(g, -1)
			e4Err = max(e4Err, homogRelDiff([]*tensor.Tensor[float64]{g}, []*tensor.Tensor[float64]{h.e4(k)}))
		}
	}
	r.Require("(a) WN: max |⟨v, ∇_v L⟩|/(‖v‖‖∇_v L‖)", orthWN, "<", 1e-12)
	r.Require("(a) BN (eps 0): max |⟨w, ∇_w L⟩|/(‖w‖‖∇_w L‖), per unit and whole", orthBN, "<", 1e-12)
	r.Measure("(a) BN with eps 1e-5: max |⟨w, ∇_w L⟩|/(‖w‖‖∇_w L‖) (not exact: eps breaks scale invariance)", orthBNeps)
	r.Require("(b) max |‖v'‖² − ‖v‖² − η²‖∇_v‖²|/‖v'‖²", stepErr, "<", 1e-12)
	r.Require("(c) whiteness of the ZCA batch max |ZᵀZ/N − I|", whiteErr, "<", 1e-12)
	r.Require("(c) max |BN(Zwᵀ) − WN_{g=1}(Z)|/max|WN|", zcaErr, "<", 1e-12)
	r.Require("(d) max ‖−∇_v L − E4‖/‖E4‖ at ‖v‖ = 1", e4Err, "<", 1e-10)
	progress.Report("C14", points, points)
}
