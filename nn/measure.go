package nn

import (
	"fmt"

	"github.com/deeptheory/deeptheory/autograd"
	"github.com/deeptheory/deeptheory/tensor"
)

// Measures for positively homogeneous networks (the theory's notation):
// for a network f(W; x) = W_K σ(W_{K−1} ··· σ(W_1 x)) with ReLU σ and no
// biases,
//
//	ρ_k = ‖W_k‖_F,  ρ = ∏_k ρ_k,  V_k = W_k/ρ_k,  f̃(x) = f(V; x) = f(W; x)/ρ,
//
// the last equality because each layer is homogeneous of degree 1 in its
// weights (ReLU, average and max pooling, flattening all commute with
// positive scaling). "Layers with a weight" are Dense, Conv1D, Conv2D,
// LocallyConnected1D, LocallyConnected2D and WeightNorm (whose weight is
// W = G·V/‖V‖, so ρ_k = ‖G‖), found in order, recursing into nested
// Sequentials.

// LayerNorms returns ρ_k = ‖W_k‖_F for every layer of s with a weight, in
// order (sums in float64).
func LayerNorms[T Float](s *Sequential[T]) []T {
	var norms []T
	walkWeighted(s, func(l Layer[T]) {
		norms = append(norms, T(layerNorm(l)))
	})
	return norms
}

// ProductNorm returns ρ = ∏_k ρ_k over the layers of s with a weight.
func ProductNorm[T Float](s *Sequential[T]) T {
	rho := 1.0
	walkWeighted(s, func(l Layer[T]) { rho *= layerNorm(l) })
	return T(rho)
}

// Normalized returns a copy of s in which every layer with a weight has
// been divided by its norm: W_k → V_k = W_k/ρ_k, and its bias, if any,
// b_k → b_k/ρ_k (so a bias in the first layer only, the constant-input
// trick, keeps f̃ = f/ρ exact; biases deeper in break homogeneity and
// f̃ ≠ f/ρ). A WeightNorm layer gets G/ρ_k. Layers without parameters are
// shared with s; the copy's tensors are new. It panics on a layer with
// parameters that is none of these (batch normalization: its output does
// not scale with its input weights).
func Normalized[T Float](s *Sequential[T]) *Sequential[T] {
	out := &Sequential[T]{Layers: make([]Layer[T], len(s.Layers))}
	for i, l := range s.Layers {
		switch l := l.(type) {
		case *Sequential[T]:
			out.Layers[i] = Normalized(l)
		case *WeightNorm[T]:
			inv := 1 / nonzeroNorm(i, l)
			wl := l.inner()
			out.Layers[i] = &WeightNorm[T]{
				Inner: withTensors(wl, nil, scaled(biasOf(wl), inv)),
				G:     scaled(l.G, inv),
				V:     l.V.Clone(),
			}
		case weighted[T]:
			inv := 1 / nonzeroNorm(i, l)
			out.Layers[i] = withTensors(l, scaled(weightOf(l), inv), scaled(biasOf(l), inv))
		default:
			if len(l.Params()) > 0 {
				panic(fmt.Sprintf("nn: Normalized: layer %d (%T) has parameters but no weight to normalize", i, l))
			}
			out.Layers[i] = l
		}
	}
	return out
}

// nonzeroNorm returns layerNorm(l), panicking if it is 0 (no direction).
func nonzeroNorm[T Float](i int, l Layer[T]) float64 {
	rho := layerNorm(l)
	if rho == 0 {
		panic(fmt.Sprintf("nn: Normalized: layer %d (%T) has a zero weight and no direction", i, l))
	}
	return rho
}

// walkWeighted calls f on every layer of s with a weight, in order.
func walkWeighted[T Float](s *Sequential[T], f func(Layer[T])) {
	for _, l := range s.Layers {
		switch l := l.(type) {
		case *Sequential[T]:
			walkWeighted(l, f)
		case *WeightNorm[T], weighted[T]:
			f(l)
		}
	}
}

// layerNorm returns ‖W‖_F of a layer with a weight, ‖G‖ for WeightNorm.
func layerNorm[T Float](l Layer[T]) float64 {
	var t *tensor.Tensor[T]
	switch l := l.(type) {
	case *WeightNorm[T]:
		t = l.G
	case weighted[T]:
		t = weightOf(l)
	}
	return tensor.Norm(t)
}

// scaled returns c·t as a new tensor, or nil for a nil t.
func scaled[T Float](t *tensor.Tensor[T], c float64) *tensor.Tensor[T] {
	if t == nil {
		return nil
	}
	out := t.Clone()
	d := out.Data()
	for i := range d {
		d[i] = T(float64(d[i]) * c)
	}
	return out
}

// Margins returns yᵢ·f(xᵢ) for each sample: the network's output on x,
// scores [N] or [N, 1], times the labels y [N] of ±1.
func Margins[T Float](m Layer[T], x, y *tensor.Tensor[T]) []T {
	out := matchScores("Margins", m.Forward(autograd.Const(x)), y).Value().Data()
	margins := make([]T, len(out))
	for i, f := range out {
		margins[i] = y.Data()[i] * f
	}
	return margins
}

// NormalizedMargin returns γ = minᵢ yᵢ·f̃(xᵢ), f̃ evaluated as the
// Normalized copy of s: positive exactly when every sample is classified
// correctly, and unchanged by rescaling any layer's weight.
func NormalizedMargin[T Float](s *Sequential[T], x, y *tensor.Tensor[T]) T {
	margins := Margins(Normalized(s), x, y)
	if len(margins) == 0 {
		panic("nn: NormalizedMargin: no samples")
	}
	low := margins[0]
	for _, m := range margins[1:] {
		low = min(low, m)
	}
	return low
}

// NormalizedLoss returns loss(f̃(x), y), the loss of the Normalized copy
// of s on the data (for C21/C22-style comparisons of normalized losses).
func NormalizedLoss[T Float](s *Sequential[T], loss func(scores *autograd.Var[T], y *tensor.Tensor[T]) *autograd.Var[T], x, y *tensor.Tensor[T]) T {
	return loss(Normalized(s).Forward(autograd.Const(x)), y).Value().Item()
}
