package kernel

import (
	"math"
	"sync"
)

// SGDParams are the hyperparameters of one SGD update (see SGDUpdate), in the
// element type.
type SGDParams[T Float] struct {
	LR, Momentum, Damp, WeightDecay T    // η, μ, 1 − τ (one minus the dampening), λ
	Nesterov                        bool // d ← d + μ·b instead of d ← b
	First                           bool // the first step: b ← d
}

// SGDUpdate applies one step of SGD to theta, elementwise, from the gradient g
// and the momentum buffer b (read and written only when μ ≠ 0):
//
//	d ← g + λ·θ                                   (if λ ≠ 0)
//	b ← d if First, else b ← b·μ + (1 − τ)·d      (if μ ≠ 0)
//	d ← d + μ·b if Nesterov, else d ← b           (if μ ≠ 0)
//	θ ← θ + (−η)·d
//
// Long parameters are updated in parallel parts; every element's arithmetic
// is the same whichever part does it.
func SGDUpdate[T Float](theta, g, b []T, p SGDParams[T]) {
	if len(theta) >= splitWarmCost {
		if parts, wake := splitPlan(float64(len(theta)), len(theta)/splitAlign); parts > 1 {
			job := getJob[optimJob[T]](&optimJobs[sizeIndex[T]()])
			*job = optimJob[T]{theta: theta, g: g, m: b, sgd: p}
			runSplit(job, parts, wake)
			*job = optimJob[T]{}
			optimJobs[sizeIndex[T]()].Put(job)
			return
		}
	}
	sgdUpdate(theta, g, b, p)
}

// sgdUpdate is SGDUpdate on the calling goroutine.
func sgdUpdate[T Float](theta, g, b []T, p SGDParams[T]) {
	g = g[:len(theta)]
	if p.Momentum != 0 {
		b = b[:len(theta)]
	}
	lr, mu, damp, wd := p.LR, p.Momentum, p.Damp, p.WeightDecay
	for j := range theta {
		d := g[j]
		if wd != 0 {
			d += wd * theta[j]
		}
		if mu != 0 {
			if p.First {
				b[j] = d
			} else {
				b[j] = b[j]*mu + damp*d
			}
			if p.Nesterov {
				d += mu * b[j]
			} else {
				d = b[j]
			}
		}
		theta[j] += -lr * d
	}
}

// AdamParams are the hyperparameters of one Adam update (see AdamUpdate), in
// the element type.
type AdamParams[T Float] struct {
	StepSize     T    // η / (1 − β₁ᵗ)
	Beta1, Beta2 T    // β₁, β₂
	C1, C2       T    // 1 − β₁, 1 − β₂
	BC2Sqrt      T    // √(1 − β₂ᵗ)
	Eps          T    // ε
	WeightDecay  T    // λ
	Shrink       T    // 1 − η·λ (decoupled weight decay)
	Decoupled    bool // AdamW: θ ← θ·(1 − η·λ) instead of g ← g + λ·θ
}

// AdamUpdate applies one step of Adam (AdamW if Decoupled) to theta,
// elementwise, from the gradient g and the moments m and v:
//
//	θ ← θ·(1 − η·λ) if Decoupled, else g ← g + λ·θ   (if λ ≠ 0)
//	m ← m·β₁ + (1 − β₁)·g
//	v ← v·β₂ + (1 − β₂)·g·g
//	θ ← θ + (−StepSize)·(m / (√v / BC2Sqrt + ε))
//
// √v is taken in float64. Long parameters are updated in parallel parts.
func AdamUpdate[T Float](theta, g, m, v []T, p AdamParams[T]) {
	if len(theta) >= splitWarmCost/adamCost {
		if parts, wake := splitPlan(float64(len(theta)*adamCost), len(theta)/splitAlign); parts > 1 {
			job := getJob[optimJob[T]](&optimJobs[sizeIndex[T]()])
			*job = optimJob[T]{theta: theta, g: g, m: m, v: v, adam: p, isAdam: true}
			runSplit(job, parts, wake)
			*job = optimJob[T]{}
			optimJobs[sizeIndex[T]()].Put(job)
			return
		}
	}
	adamUpdate(theta, g, m, v, p)
}

// adamCost is the cost of an element of AdamUpdate (a square root and a
// division; see split.go).
const adamCost = 4

// adamUpdate is AdamUpdate on the calling goroutine.
func adamUpdate[T Float](theta, g, m, v []T, p AdamParams[T]) {
	g, m, v = g[:len(theta)], m[:len(theta)], v[:len(theta)]
	wd := p.WeightDecay
	for j := range theta {
		gj := g[j]
		if p.Decoupled {
			if wd != 0 {
				theta[j] *= p.Shrink
			}
		} else if wd != 0 {
			gj += wd * theta[j]
		}
		m[j] = m[j]*p.Beta1 + p.C1*gj
		v[j] = v[j]*p.Beta2 + p.C2*gj*gj
		denom := T(math.Sqrt(float64(v[j])))/p.BC2Sqrt + p.Eps
		theta[j] += -p.StepSize * (m[j] / denom)
	}
}

// An optimJob is SGDUpdate or AdamUpdate cut into parts of whole blocks of
// splitAlign elements.
type optimJob[T Float] struct {
	theta, g, m, v []T // m: SGD's momentum buffer or Adam's first moment
	sgd            SGDParams[T]
	adam           AdamParams[T]
	isAdam         bool
}

// optimJobs pools optimJobs, one pool per element size.
var optimJobs [2]sync.Pool

func (j *optimJob[T]) run(part, parts int) {
	lo, hi := partRange(len(j.theta), splitAlign, part, parts)
	if lo >= hi {
		return
	}
	if j.isAdam {
		adamUpdate(j.theta[lo:hi], j.g[lo:hi], j.m[lo:hi], j.v[lo:hi], j.adam)
		return
	}
	var b []T
	if j.sgd.Momentum != 0 {
		b = j.m[lo:hi]
	}
	sgdUpdate(j.theta[lo:hi], j.g[lo:hi], b, j.sgd)
}
