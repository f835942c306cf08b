package theory

import (
	"cmp"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"gonum.org/v1/gonum/mat"

	"github.com/deeptheory/deeptheory/autograd"
	"github.com/deeptheory/deeptheory/nn"
	"github.com/deeptheory/deeptheory/tensor"
)

// The landscape family (CLAIMS.md §3): the shape of the loss around the
// minima that training finds. C7: with the square loss and more parameters
// than data, the global minima are degenerate (the Hessian has at least
// W − N zero eigenvalues). C8: with the exponential loss on separable data
// there is no finite minimum, the curvature vanishes along the trajectory,
// and the origin is a strict saddle. C9: SGD from random starts finds a
// global minimum of an overparametrized net. The experiments are in
// landscape_c7.go, landscape_c8.go and landscape_c9.go; this file holds
// the registry and the helpers they share (networks, full Hessians,
// symmetric eigenvalues).

// landscapeClaims are the claims of the landscape family.
var landscapeClaims = []Claim{
	{
		ID:     "C7",
		Family: "landscape",
		Statement: "Overparametrized nets with the square loss have degenerate global minima: " +
			"at an interpolating point the Hessian has at least W − N zero eigenvalues.",
		Experiment: landC7,
	},
	{
		ID:     "C8",
		Family: "landscape",
		Statement: "With the exponential loss on separable data there are no finite minima: the loss → 0 only as ρ → ∞, " +
			"the Hessian vanishes along the way (degenerate minima at infinity), and the origin is a strict saddle.",
		Experiment: landC8,
	},
	{
		ID:     "C9",
		Family: "landscape",
		Statement: "SGD finds, with high probability, a global minimum (zero training error) of an overparametrized " +
			"net, even on random labels.",
		Experiment: landC9,
	},
}

// landTwoLayer returns the bias-free net Linear(d, h) → act → Linear(h, 1)
// with PyTorch's default initialisation (U[−1/√fan_in, 1/√fan_in]) drawn
// from r, act "tanh", "relu" or "linear" (no activation), and the layer
// list that rebuilds it in PyTorch.
func landTwoLayer(r *rand.Rand, d, h int, act string) (*nn.Sequential[float64], []string) {
	first := nn.NewDense[float64](r, d, h, false)
	second := nn.NewDense[float64](r, h, 1, false)
	lin := func(in, out int) string { return fmt.Sprintf("Linear(%d, %d, bias=False)", in, out) }
	switch act {
	case "tanh":
		return nn.NewSequential[float64](first, nn.Tanh[float64]{}, second), []string{lin(d, h), "Tanh()", lin(h, 1)}
	case "relu":
		return nn.NewSequential[float64](first, nn.ReLU[float64]{}, second), []string{lin(d, h), "ReLU()", lin(h, 1)}
	case "linear":
		return nn.NewSequential[float64](first, second), []string{lin(d, h), lin(h, 1)}
	}
	panic(fmt.Sprintf("theory: landTwoLayer: unknown activation %q", act))
}

// landInitNormal redraws every parameter of model from N(0, std²).
func landInitNormal(r *rand.Rand, model *nn.Sequential[float64], std float64) {
	for _, p := range model.Params() {
		for i := range p.Value.Data() {
			p.Value.Data()[i] = std * r.NormFloat64()
		}
	}
}

// landLoss returns loss(model(x)), evaluated without a tape.
func landLoss(model *nn.Sequential[float64], loss lossFunc, x *tensor.Tensor[float64]) float64 {
	return loss(model.Forward(autograd.Const(x))).Value().Data()[0]
}

// landObjective builds a scalar loss on the tape tp from a model's current
// parameters (their variables taken with tp.Param).
type landObjective func(tp *autograd.Tape[float64]) *autograd.Var[float64]

// landOn returns the objective loss(model(x)).
func landOn(model *nn.Sequential[float64], loss lossFunc, x *tensor.Tensor[float64]) landObjective {
	return func(tp *autograd.Tape[float64]) *autograd.Var[float64] {
		return loss(model.Forward(tp.Const(x)))
	}
}

// landGradient returns ∇θ of the objective, flattened: model's parameters
// in model.Params() order, each row-major.
func landGradient(model *nn.Sequential[float64], obj landObjective) []float64 {
	tp := autograd.NewTape[float64]()
	l := obj(tp)
	var flat []float64
	for _, g := range autograd.Gradients(l, landVars(tp, model)...) {
		flat = append(flat, g.Data()...)
	}
	return flat
}

// landVars returns the tape's variables of model's parameters, in order.
func landVars(tp *autograd.Tape[float64], model *nn.Sequential[float64]) []*autograd.Var[float64] {
	var vars []*autograd.Var[float64]
	for _, p := range model.Params() {
		vars = append(vars, tp.Param(p.Value))
	}
	return vars
}

// landParamCount returns W, the number of model's parameters.
func landParamCount(model *nn.Sequential[float64]) int {
	var w int
	for _, p := range model.Params() {
		w += p.Value.Len()
	}
	return w
}

// landParamAt returns a pointer to the i-th element of model's flattened
// parameters.
func landParamAt(model *nn.Sequential[float64], i int) *float64 {
	for _, p := range model.Params() {
		if i < p.Value.Len() {
			return &p.Value.Data()[i]
		}
		i -= p.Value.Len()
	}
	panic(fmt.Sprintf("theory: landParamAt: index beyond the %d parameters", landParamCount(model)))
}

// landHessian returns the Hessian ∂²L/∂θ∂θ of the objective with respect
// to model's flattened parameters, by double backward (autograd.Hessian),
// as a gonum symmetric matrix.
func landHessian(model *nn.Sequential[float64], obj landObjective) *mat.SymDense {
	tp := autograd.NewTape[float64]()
	h := autograd.Hessian(obj(tp), landVars(tp, model))
	return mat.NewSymDense(h.Dim(0), slices.Clone(h.Data()))
}

// landHessianFD returns the Hessian of the objective by central
// differences of its gradient, column j = (∇L(θ + ε eⱼ) − ∇L(θ − ε eⱼ)) / 2ε,
// as a plain [W][W] matrix (not symmetrized). The parameters are restored
// exactly.
func landHessianFD(model *nn.Sequential[float64], obj landObjective, eps float64) [][]float64 {
	w := landParamCount(model)
	h := make([][]float64, w)
	for i := range h {
		h[i] = make([]float64, w)
	}
	for j := range w {
		p := landParamAt(model, j)
		saved := *p
		*p = saved + eps
		plus := landGradient(model, obj)
		*p = saved - eps
		minus := landGradient(model, obj)
		*p = saved
		for i := range w {
			h[i][j] = (plus[i] - minus[i]) / (2 * eps)
		}
	}
	return h
}

// landHessianGap returns max|H − F| / max|H|: how far the finite-difference
// Hessian F is from H, relative to H's largest entry.
func landHessianGap(h *mat.SymDense, f [][]float64) float64 {
	var diff, scale float64
	for i := range f {
		for j := range f[i] {
			diff = max(diff, math.Abs(h.At(i, j)-f[i][j]))
			scale = max(scale, math.Abs(h.At(i, j)))
		}
	}
	return diff / scale
}

// landEigenvalues returns the eigenvalues of the symmetric h in ascending
// order (gonum's EigenSym). It panics if the factorization fails, which
// for a finite symmetric matrix does not happen.
func landEigenvalues(h *mat.SymDense) []float64 {
	var es mat.EigenSym
	if !es.Factorize(h, false) {
		panic("theory: landEigenvalues: the symmetric eigen-decomposition did not converge")
	}
	return es.Values(nil)
}

// landSpectrum returns |λ| of eigs sorted from largest to smallest.
func landSpectrum(eigs []float64) []float64 {
	abs := make([]float64, len(eigs))
	for i, e := range eigs {
		abs[i] = math.Abs(e)
	}
	slices.SortFunc(abs, func(a, b float64) int { return cmp.Compare(b, a) })
	return abs
}

// landIndexAxis returns 1, 2, ..., n as floats: the x axis of a spectrum.
func landIndexAxis(n int) []float64 {
	x := make([]float64, n)
	for i := range x {
		x[i] = float64(i + 1)
	}
	return x
}

// landStats returns the minimum, median and maximum of values.
func landStats(values []float64) (lo, median, hi float64) {
	s := slices.Clone(values)
	slices.Sort(s)
	n := len(s)
	if n == 0 {
		return math.NaN(), math.NaN(), math.NaN()
	}
	median = s[n/2]
	if n%2 == 0 {
		median = (s[n/2-1] + s[n/2]) / 2
	}
	return s[0], median, s[n-1]
}
