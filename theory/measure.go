package theory

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/deeptheory/deeptheory/autograd"
	"github.com/deeptheory/deeptheory/nn"
	"github.com/deeptheory/deeptheory/tensor"
)

// The measures of positively homogeneous networks. For a network
//
//	f(W; x) = W_K σ(W_{K−1} ··· σ(W_1 x))
//
// with ReLU σ and no biases,
//
//	ρ_k = ‖W_k‖_F,  ρ = ∏_k ρ_k,  V_k = W_k/ρ_k,  f̃(x) = f(V; x) = f(W; x)/ρ,
//
// the last equality because every layer is homogeneous of degree 1 in its
// weight (ReLU, pooling and flattening commute with positive scaling).
//
// The weighted layers are found in order, recursing into nested
// Sequentials, by their parameters' PyTorch names: a layer's weight is
// "weight", or for a weight-normalized layer "weight_g" and "weight_v"
// (W = g·v/‖v‖ per unit, so ‖W‖_F = ‖g‖), and "bias" its bias. Layers
// without parameters (activations, pooling) have no norm.

// layer is one weighted layer's parameters.
type layer struct {
	prefix string
	weight *tensor.Tensor[float64] // "weight", or "weight_g" of a weight-normalized layer
	bias   *tensor.Tensor[float64] // nil if absent
}

// layersOf groups m's parameters into weighted layers, in order,
// recursing into nested Sequentials. It panics on a layer with parameters
// but no weight, and on batch normalization (a layer with modes): such
// layers break homogeneity and have no ρ_k.
func layersOf(m nn.Module[float64]) []layer {
	var out []layer
	walkLayers(m, "", &out)
	for _, l := range out {
		if l.weight == nil {
			panic(fmt.Sprintf("theory: layer %q has parameters but no weight", l.prefix))
		}
	}
	return out
}

// walkLayers appends the weighted layers of m, whose parameter names carry
// prefix, to out.
func walkLayers(m nn.Module[float64], prefix string, out *[]layer) {
	if s, ok := m.(*nn.Sequential[float64]); ok {
		for i, l := range s.Layers {
			walkLayers(l, prefix+strconv.Itoa(i)+".", out)
		}
		return
	}
	params := m.Params()
	if len(params) == 0 {
		return
	}
	if _, ok := m.(nn.Trainable); ok {
		panic(fmt.Sprintf("theory: layer %q (%T) is not positively homogeneous in its weights", strings.TrimSuffix(prefix, "."), m))
	}
	l := layer{prefix: strings.TrimSuffix(prefix, ".")}
	for _, p := range params {
		switch p.Name {
		case "weight", "weight_g":
			l.weight = p.Value
		case "bias":
			l.bias = p.Value
		case "weight_v":
		default:
			panic(fmt.Sprintf("theory: layer %q has a parameter %q that is neither weight nor bias", l.prefix, p.Name))
		}
	}
	*out = append(*out, l)
}

// frobenius returns ‖t‖_F, summed in float64 in index order.
func frobenius(t *tensor.Tensor[float64]) float64 {
	var sq float64
	for _, x := range t.Data() {
		sq += x * x
	}
	return math.Sqrt(sq)
}

// LayerNorms returns ρ_k = ‖W_k‖_F for every weighted layer of m, in order.
func LayerNorms(m nn.Module[float64]) []float64 {
	layers := layersOf(m)
	norms := make([]float64, len(layers))
	for i, l := range layers {
		norms[i] = frobenius(l.weight)
	}
	return norms
}

// ProductNorm returns ρ = ∏_k ρ_k over the weighted layers of m.
func ProductNorm(m nn.Module[float64]) float64 {
	rho := 1.0
	for _, n := range LayerNorms(m) {
		rho *= n
	}
	return rho
}

// WithNormalized runs f while m holds its normalized weights: every
// weighted layer's weight (or weight_g) and bias divided by ρ_k, so that
// ‖V_k‖_F = 1 and, for a bias-free ReLU network, m computes f̃ = f/ρ. A bias
// is divided by the same ρ_k (a bias in the first layer only, the
// constant-input trick, keeps f̃ = f/ρ exact; biases deeper in break
// homogeneity). The original weights are restored bit for bit when f
// returns. It panics if a layer's weight is zero (no direction).
func WithNormalized(m nn.Module[float64], f func()) {
	layers := layersOf(m)
	var saved []*tensor.Tensor[float64]
	var targets []*tensor.Tensor[float64]
	for _, l := range layers {
		rho := frobenius(l.weight)
		if rho == 0 {
			panic(fmt.Sprintf("theory: WithNormalized: layer %q has a zero weight and no direction", l.prefix))
		}
		for _, t := range []*tensor.Tensor[float64]{l.weight, l.bias} {
			if t == nil {
				continue
			}
			saved = append(saved, t.Clone())
			targets = append(targets, t)
			d := t.Data()
			for i := range d {
				d[i] /= rho
			}
		}
	}
	defer func() {
		for i, t := range targets {
			copy(t.Data(), saved[i].Data())
		}
	}()
	f()
}

// Output returns the network's output on x, evaluated without a tape.
func Output(m nn.Layer[float64], x *tensor.Tensor[float64]) *tensor.Tensor[float64] {
	return m.Forward(autograd.Const(x)).Value()
}

// NormalizedOutput returns f̃(x), the output of the normalized network.
func NormalizedOutput(m nn.Layer[float64], x *tensor.Tensor[float64]) *tensor.Tensor[float64] {
	var out *tensor.Tensor[float64]
	WithNormalized(m, func() { out = Output(m, x).Clone() })
	return out
}

// Margins returns yₙ·sₙ for scores s [N] or [N, 1] and labels y [N] of ±1.
func Margins(scores, y *tensor.Tensor[float64]) []float64 {
	if scores.Len() != y.Len() {
		panic(fmt.Sprintf("theory: Margins: scores %v for labels %v", scores.Shape(), y.Shape()))
	}
	margins := make([]float64, y.Len())
	for i, s := range scores.Data() {
		margins[i] = y.Data()[i] * s
	}
	return margins
}

// MinMargin returns minₙ yₙ·sₙ (see Margins).
func MinMargin(scores, y *tensor.Tensor[float64]) float64 {
	low := math.Inf(1)
	for _, m := range Margins(scores, y) {
		low = min(low, m)
	}
	return low
}

// NormalizedMargin returns γ = minₙ yₙ f̃(xₙ): positive exactly when every
// sample is classified correctly, and unchanged by rescaling any layer.
func NormalizedMargin(m nn.Layer[float64], x, y *tensor.Tensor[float64]) float64 {
	return MinMargin(NormalizedOutput(m, x), y)
}
