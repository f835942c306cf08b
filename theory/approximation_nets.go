package theory

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/deeptheory/deeptheory/autograd"
	"github.com/deeptheory/deeptheory/nn"
)

// The four networks of the approximation claims (C1–C6), on inputs x [N, 8]
// and with one output [N, 1]. Each is an nn.Sequential so that its
// parameters carry PyTorch's nn.Sequential names; approxArch.layers gives
// the layer list that rebuilds it.

// approxDim is the input dimension n of the approximation experiments: an
// 8-variable binary tree has 4 + 2 + 1 = 7 nodes.
const approxDim = 8

// approxArch names one of the four networks compared.
type approxArch int

const (
	// approxLC is the locally connected binary tree: 7 nodes, each its own
	// 2 → Q → 1 subnetwork h(a, b) = Σ_i c_i σ(v_i1 a + v_i2 b + t_i) + d.
	approxLC approxArch = iota
	// approxShared is the same tree with the nodes of a level sharing their
	// weights (a convolution with kernel 2, stride 2).
	approxShared
	// approxDeepFC is a fully connected net with 3 hidden layers of width H.
	approxDeepFC
	// approxShallow is the shallow net 8 → M → 1.
	approxShallow
	approxNumArchs
)

// String returns the architecture's label as in the tables and curves.
func (a approxArch) String() string {
	return [...]string{"LC tree", "shared tree", "deep FC", "shallow"}[a]
}

// key returns a short identifier for quantity names: "lc", "shared", "fc", "shallow".
func (a approxArch) key() string {
	return [...]string{"lc", "shared", "fc", "shallow"}[a]
}

// approxTreeParams is the parameter count of the locally connected tree
// with Q units per node: 7 nodes × (2Q weights + Q biases + Q output
// weights + 1 output bias) = 7(4Q + 1).
func approxTreeParams(q int) int { return (approxDim - 1) * (4*q + 1) }

// approxParamsOf returns the parameter count of architecture a with width w
// (Q units per node for the trees, H per hidden layer for the deep FC net,
// M hidden units for the shallow net):
//
//	LC tree 7(4w+1), shared tree 3(4w+1), deep FC 2w² + 12w + 1, shallow 10w + 1.
func approxParamsOf(a approxArch, w int) int {
	switch a {
	case approxLC:
		return approxTreeParams(w)
	case approxShared:
		return 3 * (4*w + 1)
	case approxDeepFC:
		return 8*w + w + 2*(w*w+w) + w + 1
	default:
		return (approxDim+2)*w + 1
	}
}

// approxWidth returns the width of architecture a whose parameter count is
// closest to target (the smaller width on a tie): the match of C5/C6's
// "equal number of parameters".
func approxWidth(a approxArch, target int) int {
	best, bestGap := 1, math.MaxInt
	for w := 1; approxParamsOf(a, w) <= 2*target+10; w++ {
		gap := approxParamsOf(a, w) - target
		if gap < 0 {
			gap = -gap
		}
		if gap < bestGap {
			best, bestGap = w, gap
		}
	}
	return best
}

// approxActivation returns the hidden activation layer and its PyTorch name.
func approxActivation(softplus bool) (nn.Layer[float64], string) {
	if softplus {
		return nn.Softplus[float64]{}, "Softplus()"
	}
	return nn.ReLU[float64]{}, "ReLU()"
}

// approxUnflatten is PyTorch's nn.Unflatten(1, (1, 8)): [N, 8] → [N, 1, 8],
// the one-channel sequence the trees read. It has no parameters.
type approxUnflatten struct{}

// Params returns nothing.
func (approxUnflatten) Params() []nn.Param[float64] { return nil }

// Forward reshapes x [N, L] to [N, 1, L].
func (approxUnflatten) Forward(x *autograd.Var[float64]) *autograd.Var[float64] {
	s := x.Shape()
	if len(s) != 2 {
		panic(fmt.Sprintf("theory: approxUnflatten.Forward: input %v, want [N L]", s))
	}
	return autograd.Reshape(x, s[0], 1, s[1])
}

// approxNet builds architecture a of width w with the given activation,
// initialized from r as PyTorch initializes its layers, and returns it with
// the layer list that rebuilds it.
//
// The trees read x as [N, 1, 8]. Level ℓ = 1, 2, 3 has 8/2^ℓ nodes; it maps
// its input [N, 1, L] (L = 8, 4, 2) to [N, w, L/2] with kernel 2, stride 2,
// applies σ, and maps the w units of each node to one output per node with
// kernel 1: [N, 1, L/2]. The LC tree uses LocallyConnected1D (every node its
// own weights), the shared tree Conv1D (one node's weights per level).
func approxNet(r *rand.Rand, a approxArch, w int, softplus bool) (*nn.Sequential[float64], []string) {
	act, actName := approxActivation(softplus)
	var layers []nn.Layer[float64]
	var names []string
	switch a {
	case approxLC, approxShared:
		layers = append(layers, approxUnflatten{})
		names = append(names, "Unflatten(1, (1, 8))")
		for length := approxDim; length > 1; length /= 2 {
			nodes := length / 2
			if a == approxLC {
				layers = append(layers,
					nn.NewLocallyConnected1D[float64](r, 1, w, length, 2, 2, true), act,
					nn.NewLocallyConnected1D[float64](r, w, 1, nodes, 1, 1, true))
				names = append(names,
					fmt.Sprintf("LocallyConnected1d(1, %d, length=%d, kernel_size=2, stride=2)", w, length), actName,
					fmt.Sprintf("LocallyConnected1d(%d, 1, length=%d, kernel_size=1, stride=1)", w, nodes))
			} else {
				layers = append(layers,
					nn.NewConv1D[float64](r, 1, w, 2, 2, 0, true), act,
					nn.NewConv1D[float64](r, w, 1, 1, 1, 0, true))
				names = append(names,
					fmt.Sprintf("Conv1d(1, %d, kernel_size=2, stride=2)", w), actName,
					fmt.Sprintf("Conv1d(%d, 1, kernel_size=1)", w))
			}
		}
		layers = append(layers, nn.Flatten[float64]{})
		names = append(names, "Flatten()")
	case approxDeepFC:
		widths := []int{approxDim, w, w, w, 1}
		for k := 1; k < len(widths); k++ {
			if k > 1 {
				layers = append(layers, act)
				names = append(names, actName)
			}
			layers = append(layers, nn.NewDense[float64](r, widths[k-1], widths[k], true))
			names = append(names, fmt.Sprintf("Linear(%d, %d)", widths[k-1], widths[k]))
		}
	default:
		layers = append(layers, nn.NewDense[float64](r, approxDim, w, true), act, nn.NewDense[float64](r, w, 1, true))
		names = append(names, fmt.Sprintf("Linear(%d, %d)", approxDim, w), actName, fmt.Sprintf("Linear(%d, 1)", w))
	}
	return nn.NewSequential(layers...), names
}

// approxCount returns the number of scalar parameters of m.
func approxCount(m *nn.Sequential[float64]) int {
	n := 0
	for _, p := range m.Params() {
		n += p.Value.Len()
	}
	return n
}
