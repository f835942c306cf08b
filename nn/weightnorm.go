package nn

import (
	"fmt"
	"slices"

	"github.com/deeptheory/deeptheory/autograd"
	"github.com/deeptheory/deeptheory/tensor"
)

// weighted is implemented by the layers with a weight that WeightNorm can
// wrap and the normalized network can rescale: Dense, Conv1D, Conv2D,
// LocallyConnected1D, LocallyConnected2D.
type weighted[T Float] interface {
	Layer[T]
	// weights returns pointers to the layer's Weight and Bias fields, and
	// how many leading dimensions of the weight index its output units: 1
	// for Dense and convolutions, 2 (l, o) and 3 (i, j, o) for locally
	// connected layers.
	weights() (w, b **tensor.Tensor[T], unitDims int)
	// forwardWith is Forward with the weight variable w in place of the layer's Weight.
	forwardWith(x, w *autograd.Var[T]) *autograd.Var[T]
	// shallowCopy returns a copy of the layer sharing its tensors.
	shallowCopy() weighted[T]
}

// weightOf, biasOf and unitDimsOf read a weighted layer's fields.
func weightOf[T Float](l weighted[T]) *tensor.Tensor[T] { w, _, _ := l.weights(); return *w }
func biasOf[T Float](l weighted[T]) *tensor.Tensor[T]   { _, b, _ := l.weights(); return *b }
func unitDimsOf[T Float](l weighted[T]) int             { _, _, u := l.weights(); return u }

// withTensors returns a shallow copy of l holding the weight w and bias b.
func withTensors[T Float](l weighted[T], w, b *tensor.Tensor[T]) weighted[T] {
	c := l.shallowCopy()
	pw, pb, _ := c.weights()
	*pw, *pb = w, b
	return c
}

// WeightNorm reparametrizes a layer's weight per output unit u
// (Salimans & Kingma 2016):
//
//	W[u, ...] = G[u]·V[u, ...]/‖V[u, ...]‖,
//
// so that ‖W[u]‖ = |G[u]| whatever V's scale, and the gradient with
// respect to V is orthogonal to V. For Dense and convolutions u is the
// output channel, as PyTorch's weight_norm(dim=0); for locally connected
// layers it is (position, channel), the leading dimensions of the weight.
//
// G has V's shape with every non-unit dimension 1, as PyTorch keeps it:
// [out, 1] for Dense, [O, 1, 1, 1] for Conv2D, [Lout, O, 1, 1] for
// LocallyConnected1D, [Ho, Wo, O, 1, 1, 1] for LocallyConnected2D.
//
// A scalar G (shape [], made by NewLayerWeightNorm) normalizes the whole
// weight instead, W = G·V/‖V‖_F (PyTorch's weight_norm with dim=None):
// the layer-wise form of the theory, where |G| = ρ_k and V/‖V‖ = V_k.
//
// Params, in PyTorch's order: "bias" (if the layer has one), "weight_g",
// "weight_v"; a state dict moves to and from PyTorch's weight_norm modules
// unchanged.
type WeightNorm[T Float] struct {
	// Inner is the wrapped layer; its Weight is nil (W is computed from G and V).
	Inner Layer[T]
	G     *tensor.Tensor[T] // "weight_g"
	V     *tensor.Tensor[T] // "weight_v"
}

// NewWeightNorm wraps a Dense, Conv1D, Conv2D, LocallyConnected1D or
// LocallyConnected2D layer. It copies l's weight into V and sets
// G[u] = ‖V[u]‖, so the wrapped layer computes what l computes; l itself
// is left unchanged (the bias is copied too).
func NewWeightNorm[T Float](l Layer[T]) *WeightNorm[T] {
	return newWeightNorm("NewWeightNorm", l, false)
}

// NewLayerWeightNorm wraps a layer like NewWeightNorm but with one scalar
// G for the whole weight: W = G·V/‖V‖_F, initially G = ‖V‖_F.
func NewLayerWeightNorm[T Float](l Layer[T]) *WeightNorm[T] {
	return newWeightNorm("NewLayerWeightNorm", l, true)
}

func newWeightNorm[T Float](op string, l Layer[T], whole bool) *WeightNorm[T] {
	wl, ok := l.(weighted[T])
	if !ok {
		panic(fmt.Sprintf("nn: %s: a %T has no weight to normalize", op, l))
	}
	w := weightOf(wl)
	if w == nil {
		panic(fmt.Sprintf("nn: %s: the %T's weight is nil (already wrapped?)", op, l))
	}
	var bias *tensor.Tensor[T]
	if b := biasOf(wl); b != nil {
		bias = b.Clone()
	}
	v := w.Clone()
	var g *tensor.Tensor[T]
	if whole {
		g = tensor.Zeros[T]()
	} else {
		g = tensor.Zeros[T](gShape(v.Shape(), unitDimsOf(wl))...)
	}
	units, rest := unitSplit(v.Shape(), unitDimsFor(g, wl))
	vd, gd := v.Data(), g.Data()
	for u := range units {
		gd[u] = T(tensor.Norm(tensor.FromSlice(vd[u*rest:(u+1)*rest], rest)))
	}
	return &WeightNorm[T]{Inner: withTensors(wl, nil, bias), G: g, V: v}
}

// unitDimsFor returns how many leading dimensions of the weight index the
// units G normalizes separately: 0 for a scalar G (the whole weight).
func unitDimsFor[T Float](g *tensor.Tensor[T], wl weighted[T]) int {
	if g.Dims() == 0 {
		return 0
	}
	return unitDimsOf(wl)
}

// unitSplit returns the number of output units of a weight of the given
// shape and the size of each unit's weights.
func unitSplit(shape []int, unitDims int) (units, rest int) {
	units, rest = 1, 1
	for i, d := range shape {
		if i < unitDims {
			units *= d
		} else {
			rest *= d
		}
	}
	return units, rest
}

// gShape is shape with the dimensions after the first unitDims set to 1.
func gShape(shape []int, unitDims int) []int {
	g := append([]int(nil), shape...)
	for i := unitDims; i < len(g); i++ {
		g[i] = 1
	}
	return g
}

// Params returns "bias" (if the layer has one), "weight_g" and "weight_v".
func (wn *WeightNorm[T]) Params() []Param[T] {
	return append(wn.Inner.Params(), Param[T]{Name: "weight_g", Value: wn.G}, Param[T]{Name: "weight_v", Value: wn.V})
}

// Forward computes W from G and V (autograd.WeightNorm, on the tape) and
// applies the wrapped layer with it.
func (wn *WeightNorm[T]) Forward(x *autograd.Var[T]) *autograd.Var[T] {
	return wn.inner().forwardWith(x, wn.weight(x.Tape()))
}

// Weight returns the effective weight W = G·V/‖V‖ (a new tensor).
func (wn *WeightNorm[T]) Weight() *tensor.Tensor[T] { return wn.weight(nil).Value() }

func (wn *WeightNorm[T]) inner() weighted[T] {
	wl, ok := wn.Inner.(weighted[T])
	if !ok {
		panic(fmt.Sprintf("nn: WeightNorm: cannot wrap a %T", wn.Inner))
	}
	return wl
}

func (wn *WeightNorm[T]) weight(tp *autograd.Tape[T]) *autograd.Var[T] {
	shape := wn.V.Shape()
	ud := unitDimsFor(wn.G, wn.inner())
	if want := gShape(shape, ud); ud > 0 && !slices.Equal(wn.G.Shape(), want) {
		panic(fmt.Sprintf("nn: WeightNorm: G has shape %v, want %v (or [] for the whole weight) for V of shape %v", wn.G.Shape(), want, shape))
	}
	// G's elements index the units of V directly: no reshape (and no copy) of either.
	return autograd.WeightNorm(tp.Param(wn.V), tp.Param(wn.G))
}
