package tensor

import (
	"fmt"
	"slices"

	"github.com/deeptheory/deeptheory/internal/kernel"
)

// SGDParams are the hyperparameters of one SGD update (see SGDUpdate).
type SGDParams[T Float] = kernel.SGDParams[T]

// AdamParams are the hyperparameters of one Adam update (see AdamUpdate).
type AdamParams[T Float] = kernel.AdamParams[T]

// SGDUpdate applies one step of SGD (torch.optim.SGD's arithmetic) to theta in
// place, elementwise, from its gradient g and momentum buffer b (same shapes;
// b is read and written only when p.Momentum ≠ 0, and may then not be nil):
//
//	d ← g + λ·θ                                   (if λ ≠ 0)
//	b ← d on the first step, else b ← b·μ + (1 − τ)·d   (if μ ≠ 0)
//	d ← d + μ·b if Nesterov, else d ← b           (if μ ≠ 0)
//	θ ← θ + (−η)·d
//
// with η = p.LR, μ = p.Momentum, 1 − τ = p.Damp, λ = p.WeightDecay. Large
// parameters are updated in parallel, with the same bits for any GOMAXPROCS.
func SGDUpdate[T Float](theta, g, b *Tensor[T], p SGDParams[T]) {
	checkSameShape("SGDUpdate", theta, g)
	var buf []T
	if p.Momentum != 0 {
		if b == nil {
			panic(fmt.Sprintf("tensor: SGDUpdate: momentum %v without a buffer", p.Momentum))
		}
		checkSameShape("SGDUpdate", theta, b)
		buf = b.data
	}
	kernel.SGDUpdate(theta.data, g.data, buf, p)
}

// AdamUpdate applies one step of Adam (torch.optim.Adam's arithmetic; AdamW's
// when p.Decoupled) to theta in place, elementwise, from its gradient g and the
// moments m and v (all of one shape):
//
//	θ ← θ·(1 − η·λ) if decoupled, else g ← g + λ·θ   (if λ ≠ 0)
//	m ← m·β₁ + (1 − β₁)·g
//	v ← v·β₂ + (1 − β₂)·g²
//	θ ← θ + (−s)·(m / (√v / c + ε))
//
// where s = p.StepSize = η/(1 − β₁ᵗ) and c = p.BC2Sqrt = √(1 − β₂ᵗ). Large
// parameters are updated in parallel, with the same bits for any GOMAXPROCS.
func AdamUpdate[T Float](theta, g, m, v *Tensor[T], p AdamParams[T]) {
	for _, x := range []*Tensor[T]{g, m, v} {
		if !slices.Equal(x.shape, theta.shape) {
			panic(fmt.Sprintf("tensor: AdamUpdate: shapes %v (θ), %v (g), %v (m), %v (v) differ", theta.shape, g.shape, m.shape, v.shape))
		}
	}
	kernel.AdamUpdate(theta.data, g.data, m.data, v.data, p)
}
