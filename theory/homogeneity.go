package theory

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/deeptheory/deeptheory/autograd"
	"github.com/deeptheory/deeptheory/nn"
	"github.com/deeptheory/deeptheory/tensor"
)

// homogeneityClaims are the claims of the homogeneity family: positive
// homogeneity of bias-free ReLU networks (C10), the flow of the layer norms
// ρ_k and directions V_k (C11), conserved differences ρ_k² − ρ_j² (C12),
// the constrained problem (C13), weight and batch normalization (C14) and
// the vanishing Lagrange multiplier (C15).
var homogeneityClaims = []Claim{
	{
		ID: "C10", Family: "homogeneity",
		Statement:  "a bias-free ReLU network (dense, convolutional or locally connected) is positively homogeneous: f(W; x) = ρ f(V; x), ⟨W_k, ∂f/∂W_k⟩ = f, and scaling W_k by c_k scales f by ∏c_k",
		Experiment: homogC10,
	},
	{
		ID: "C11", Family: "homogeneity",
		Statement:  "under gradient flow on the exponential loss, ρ̇_k = (ρ/ρ_k) Σ e^{−ρ y f̃} y f̃ (E1) and V̇_k = (ρ/ρ_k²) Σ e^{−ρ y f̃} y (∂f̃/∂V_k − V_k f̃) (E2)",
		Experiment: homogC11,
	},
	{
		ID: "C12", Family: "homogeneity",
		Statement:  "d(ρ_k²)/dt is the same for every layer, so ρ_k² − ρ_j² is conserved by gradient flow (under GD: drift exactly η²Σ(‖∇_k L‖² − ‖∇_j L‖²), linear in η)",
		Experiment: homogC12,
	},
	{
		ID: "C13", Family: "homogeneity",
		Statement:  "unconstrained GD and the constrained problem (unit-norm V_k, Lagrange multiplier) have the same critical points: the V-fields are positively parallel (factor ρ_k^{−2}), and both runs approach the max-margin direction",
		Experiment: homogC13,
	},
	{
		ID: "C14", Family: "homogeneity",
		Statement:  "weight normalization with one g per layer implements the constrained dynamics (∇_v L ⊥ v, ‖v‖ grows only by η²‖∇_v L‖², V-field = E4); batch normalization is scale invariant and equals WN on whitened inputs",
		Experiment: homogC14,
	},
	{
		ID: "C15", Family: "homogeneity",
		Statement:  "the Lagrange multiplier λ(t) = (ρ/2) Σ e^{−ρ y f̃} y f̃ of the equivalent constrained flow vanishes like log t / t",
		Experiment: homogC15,
	},
}

// homogInner returns the Frobenius inner product ⟨a, b⟩, summed in index order.
func homogInner(a, b *tensor.Tensor[float64]) float64 {
	if a.Len() != b.Len() {
		panic(fmt.Sprintf("theory: homogInner: shapes %v and %v", a.Shape(), b.Shape()))
	}
	return dot(a.Data(), b.Data())
}

// homogRelDiff returns ‖a − b‖/‖b‖ over the concatenation of the tensors
// (Frobenius norms); +Inf if ‖b‖ = 0 and a ≠ b.
func homogRelDiff(a, b []*tensor.Tensor[float64]) float64 {
	var num, den float64
	for i := range a {
		ad, bd := a[i].Data(), b[i].Data()
		if len(ad) != len(bd) {
			panic(fmt.Sprintf("theory: homogRelDiff: shapes %v and %v", a[i].Shape(), b[i].Shape()))
		}
		for j := range ad {
			d := ad[j] - bd[j]
			num += d * d
			den += bd[j] * bd[j]
		}
	}
	if num == 0 {
		return 0
	}
	return math.Sqrt(num / den)
}

// homogMaxRel returns max_n |a_n − b_n| / max_n |b_n|: the error of a
// vector relative to its scale (a per-sample ratio would blow up where an
// output happens to be near zero).
func homogMaxRel(a, b []float64) float64 {
	var num, den float64
	for i := range a {
		num = max(num, math.Abs(a[i]-b[i]))
		den = max(den, math.Abs(b[i]))
	}
	return num / den
}

// homogWeights returns the weight tensors ("weight" or "weight_v") of m's
// weighted layers, in order.
func homogWeights(m nn.Module[float64]) []*tensor.Tensor[float64] {
	var ws []*tensor.Tensor[float64]
	for _, l := range layersOf(m) {
		ws = append(ws, l.weight)
	}
	return ws
}

// homogScale multiplies every element of t by c in place.
func homogScale(t *tensor.Tensor[float64], c float64) {
	d := t.Data()
	for i := range d {
		d[i] *= c
	}
}

// homogFill overwrites t with N(0, std²) draws from r.
func homogFill(r *rand.Rand, t *tensor.Tensor[float64], std float64) {
	d := t.Data()
	for i := range d {
		d[i] = std * r.NormFloat64()
	}
}

// homogOutVec returns the network's outputs on x as a flat vector.
func homogOutVec(m nn.Layer[float64], x *tensor.Tensor[float64]) []float64 {
	return Output(m, x).Clone().Data()
}

// homogVJP returns Σ_n c_n ∂f_n/∂W for every weight tensor W in ws, at
// m's current weights: one backward pass with the cotangent c (one entry
// per output element).
func homogVJP(m nn.Layer[float64], x *tensor.Tensor[float64], c []float64, ws []*tensor.Tensor[float64]) []*tensor.Tensor[float64] {
	tp := autograd.NewTape[float64]()
	out := m.Forward(tp.Const(x))
	if out.Value().Len() != len(c) {
		panic(fmt.Sprintf("theory: homogVJP: output %v for %d cotangents", out.Shape(), len(c)))
	}
	vars := make([]*autograd.Var[float64], len(ws))
	for i, w := range ws {
		vars[i] = tp.Param(w)
	}
	grads := autograd.VJP(out, tensor.FromSlice(append([]float64(nil), c...), out.Shape()...), vars...)
	for i := range grads {
		grads[i] = grads[i].Clone()
	}
	return grads
}

// homogLossGrads returns the loss of m on (x, y) and its gradients with
// respect to params (copied off the tape).
func homogLossGrads(m nn.Layer[float64], loss labelLoss, x, y *tensor.Tensor[float64], params []*tensor.Tensor[float64]) (float64, []*tensor.Tensor[float64]) {
	tp := autograd.NewTape[float64]()
	l := loss(m.Forward(tp.Const(x)), y)
	grads := gradientsOf(l, params)
	for i := range grads {
		grads[i] = grads[i].Clone()
	}
	return l.Value().Item(), grads
}

// homogNet is a network of C10 with the input shape it expects and the
// PyTorch layer list that rebuilds it.
type homogNet struct {
	name   string
	model  *nn.Sequential[float64]
	input  []int // per-sample input shape
	layers []string
}

// homogC10Nets returns C10's bias-free networks (weights N(0, 1)): dense
// 5–7–4–1; a 2-D convolutional net with average pooling; a 1-D net mixing
// a convolution and a locally connected layer; a 2-D locally connected
// net. With bias the dense net gets N(0, 1) hidden biases (the negative
// control).
func homogC10Nets(r *rand.Rand) []homogNet {
	relu := nn.ReLU[float64]{}
	seq := func(ls ...nn.Layer[float64]) *nn.Sequential[float64] {
		s := nn.NewSequential(ls...)
		for _, w := range homogWeights(s) {
			homogFill(r, w, 1)
		}
		return s
	}
	return []homogNet{
		{"dense", seq(nn.NewDense[float64](r, 5, 7, false), relu, nn.NewDense[float64](r, 7, 4, false), relu, nn.NewDense[float64](r, 4, 1, false)),
			[]int{5}, layerList(5, 7, 4, 1)},
		{"conv2d", seq(
			nn.NewConv2D[float64](r, 2, 3, [2]int{3, 3}, [2]int{1, 1}, [2]int{1, 1}, false), relu,
			nn.AvgPool2D[float64]{Kernel: [2]int{2, 2}},
			nn.NewConv2D[float64](r, 3, 4, [2]int{3, 3}, [2]int{1, 1}, [2]int{0, 0}, false), relu,
			nn.Flatten[float64]{}, nn.NewDense[float64](r, 4, 1, false)),
			[]int{2, 6, 6}, []string{"Conv2d(2, 3, 3, padding=1, bias=False)", "ReLU()", "AvgPool2d(2)", "Conv2d(3, 4, 3, bias=False)", "ReLU()", "Flatten()", "Linear(4, 1, bias=False)"}},
		{"conv1d+local1d", seq(
			nn.NewConv1D[float64](r, 2, 3, 3, 1, 1, false), relu,
			nn.NewLocallyConnected1D[float64](r, 3, 2, 8, 2, 2, false), relu,
			nn.Flatten[float64]{}, nn.NewDense[float64](r, 8, 1, false)),
			[]int{2, 8}, []string{"Conv1d(2, 3, 3, padding=1, bias=False)", "ReLU()", "LocallyConnected1d(3, 2, length=8, kernel=2, stride=2, bias=False)  # weight [Lout=4, O, C, k]: out[n,o,l] = Σ w[l,o,c,j]·x[n,c,2l+j]", "ReLU()", "Flatten()", "Linear(8, 1, bias=False)"}},
		{"local2d", seq(
			nn.NewLocallyConnected2D[float64](r, 1, 2, [2]int{5, 5}, [2]int{3, 3}, [2]int{1, 1}, [2]int{0, 0}, false), relu,
			nn.NewLocallyConnected2D[float64](r, 2, 2, [2]int{3, 3}, [2]int{2, 2}, [2]int{1, 1}, [2]int{0, 0}, false), relu,
			nn.Flatten[float64]{}, nn.NewDense[float64](r, 8, 1, false)),
			[]int{1, 5, 5}, []string{"LocallyConnected2d(1, 2, size=(5, 5), kernel=3, bias=False)  # weight [Ho, Wo, O, C, kh, kw]", "ReLU()", "LocallyConnected2d(2, 2, size=(3, 3), kernel=2, bias=False)", "ReLU()", "Flatten()", "Linear(8, 1, bias=False)"}},
	}
}

// homogC10 checks positive homogeneity, the per-layer Euler identity and
// the scaling law on four bias-free architectures, and that a net with
// hidden biases fails the homogeneity check.
func homogC10(cfg Config, r *Result, progress Progress) {
	rng := cfg.Rand(10)
	n := 8
	if cfg.Size == Full {
		n = 64
	}
	nets := homogC10Nets(rng)
	r.Setup = fmt.Sprintf("Random bias-free ReLU networks, weights N(0, 1), float64, %d Gaussian inputs each: dense 5–7–4–1; "+
		"Conv2d(2→3, 3×3, pad 1)–ReLU–AvgPool 2–Conv2d(3→4, 3×3)–ReLU–Linear on 2×6×6 inputs; "+
		"Conv1d(2→3, k 3, pad 1)–ReLU–LocallyConnected1d(3→2, k 2, stride 2)–ReLU–Linear on 2×8 inputs; "+
		"LocallyConnected2d(1→2, 3×3)–ReLU–LocallyConnected2d(2→2, 2×2)–ReLU–Linear on 1×5×5 inputs "+
		"(locally connected: every output position has its own filters, weights stored [positions..., O, C, k...]). "+
		"f̃ = f(V; x) with every weight divided by its Frobenius norm. Negative control: the dense net with N(0, 1) biases in both hidden layers.", n)
	r.Criterion = "For every net: max_n |f(W;x_n) − ρ f(V;x_n)| / max_n |f| < 1e-13; for every layer k and sample n, " +
		"|⟨W_k, ∂f_n/∂W_k⟩ − f_n| / max_n |f_n| < 1e-12; scaling W_k by random c_k ∈ [0.5, 2] scales f by ∏c_k to 1e-13 relative. " +
		"The net with hidden biases must fail homogeneity: relative error > 1e-3."
	total := len(nets) + 1
	for i, net := range nets {
		progress.Report("C10", i, total)
		x := tensor.RandN[float64](rng, append([]int{n}, net.input...)...)
		f := homogOutVec(net.model, x)
		rho := ProductNorm(net.model)
		ft := NormalizedOutput(net.model, x).Data()
		rhoFt := make([]float64, len(ft))
		for j := range ft {
			rhoFt[j] = rho * ft[j]
		}
		r.Require(net.name+": homogeneity |f − ρf̃|/|f|", homogMaxRel(rhoFt, f), "<", 1e-13)

		ws := homogWeights(net.model)
		euler := 0.0
		fmax := 0.0
		for _, v := range f {
			fmax = max(fmax, math.Abs(v))
		}
		for s := range f {
			c := make([]float64, len(f))
			c[s] = 1
			grads := homogVJP(net.model, x, c, ws)
			for k, w := range ws {
				euler = max(euler, math.Abs(homogInner(w, grads[k])-f[s])/fmax)
			}
		}
		r.Require(net.name+": Euler max_{k,n} |⟨W_k, ∂f_n/∂W_k⟩ − f_n|/|f|", euler, "<", 1e-12)

		saved := make([]*tensor.Tensor[float64], len(ws))
		prod := 1.0
		for k, w := range ws {
			saved[k] = w.Clone()
			c := 0.5 * math.Pow(4, rng.Float64())
			prod *= c
			homogScale(w, c)
		}
		scaled := homogOutVec(net.model, x)
		for k, w := range ws {
			w.CopyFrom(saved[k])
		}
		want := make([]float64, len(f))
		for j := range f {
			want[j] = prod * f[j]
		}
		r.Require(net.name+": scaling f(c·W) vs ∏c_k f(W)", homogMaxRel(scaled, want), "<", 1e-13)
		r.AddModel(net.name, net.layers, net.model.Params())
		if i == 0 {
			r.AddData("x", x)
		}
	}

	// Negative control: hidden biases break homogeneity.
	progress.Report("C10", len(nets), total)
	biased := nn.NewSequential[float64](nn.NewDense[float64](rng, 5, 7, true), nn.ReLU[float64]{},
		nn.NewDense[float64](rng, 7, 4, true), nn.ReLU[float64]{}, nn.NewDense[float64](rng, 4, 1, false))
	for _, p := range biased.Params() {
		homogFill(rng, p.Value, 1)
	}
	x := tensor.RandN[float64](rng, n, 5)
	f := homogOutVec(biased, x)
	rho := ProductNorm(biased)
	ft := NormalizedOutput(biased, x).Data()
	for j := range ft {
		ft[j] *= rho
	}
	r.Require("control (hidden biases): homogeneity |f − ρf̃|/|f| (must fail)", homogMaxRel(ft, f), ">", 1e-3)
	r.AddModel("biased-control", []string{"Linear(5, 7)", "ReLU()", "Linear(7, 4)", "ReLU()", "Linear(4, 1, bias=False)"}, biased.Params())
	progress.Report("C10", total, total)
}
