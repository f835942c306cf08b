package tensor

import (
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"testing"
)

// randTensor returns a tensor of n normal numbers drawn from r.
func randTensor(r *rand.Rand, n int) *Tensor[float32] {
	x := Zeros[float32](n)
	for i := range x.data {
		x.data[i] = float32(r.NormFloat64())
	}
	return x
}

// sgdOracle is optim.SGD's loop, element by element.
func sgdOracle(theta, g, b []float32, p SGDParams[float32]) {
	for j := range theta {
		d := g[j]
		if p.WeightDecay != 0 {
			d += p.WeightDecay * theta[j]
		}
		if p.Momentum != 0 {
			if p.First {
				b[j] = d
			} else {
				b[j] = b[j]*p.Momentum + p.Damp*d
			}
			if p.Nesterov {
				d += p.Momentum * b[j]
			} else {
				d = b[j]
			}
		}
		theta[j] += -p.LR * d
	}
}

// adamOracle is optim.Adam's loop, element by element.
func adamOracle(theta, g, m, v []float32, p AdamParams[float32]) {
	for j := range theta {
		gj := g[j]
		if p.Decoupled {
			if p.WeightDecay != 0 {
				theta[j] *= p.Shrink
			}
		} else if p.WeightDecay != 0 {
			gj += p.WeightDecay * theta[j]
		}
		m[j] = m[j]*p.Beta1 + p.C1*gj
		v[j] = v[j]*p.Beta2 + p.C2*gj*gj
		denom := float32(math.Sqrt(float64(v[j])))/p.BC2Sqrt + p.Eps
		theta[j] += -p.StepSize * (m[j] / denom)
	}
}

// TestOptimUpdatesMatchOracle runs SGDUpdate and AdamUpdate for several
// configurations, on a small parameter and on one above the parallel
// threshold, with GOMAXPROCS 1, 2 and 8, against the optimizers' loops: the
// same bits.
func TestOptimUpdatesMatchOracle(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	sgds := []SGDParams[float32]{
		{LR: 0.1},
		{LR: 0.05, Momentum: 0.9, Damp: 1, First: true},
		{LR: 0.05, Momentum: 0.9, Damp: 0.7, WeightDecay: 1e-3},
		{LR: 0.05, Momentum: 0.9, Damp: 1, Nesterov: true, WeightDecay: 1e-2},
	}
	adams := []AdamParams[float32]{
		{StepSize: 1e-3 / 0.1, Beta1: 0.9, Beta2: 0.999, C1: 0.1, C2: 0.001, BC2Sqrt: float32(math.Sqrt(0.001)), Eps: 1e-8},
		{StepSize: 1e-3, Beta1: 0.8, Beta2: 0.99, C1: 0.2, C2: 0.01, BC2Sqrt: 0.5, Eps: 1e-6, WeightDecay: 0.1},
		{StepSize: 1e-3, Beta1: 0.8, Beta2: 0.99, C1: 0.2, C2: 0.01, BC2Sqrt: 0.5, Eps: 1e-6, WeightDecay: 0.1, Shrink: 0.9999, Decoupled: true},
	}
	for _, n := range []int{1000, 200_003} {
		r := rand.New(rand.NewPCG(uint64(n), 1))
		theta, g, b, v := randTensor(r, n), randTensor(r, n), randTensor(r, n), randTensor(r, n)
		for i := range v.data {
			v.data[i] = float32(math.Abs(float64(v.data[i])))
		}
		for _, procs := range []int{1, 2, 8} {
			runtime.GOMAXPROCS(procs)
			for k, p := range sgds {
				gotT, gotB := theta.Clone(), b.Clone()
				wantT, wantB := slices.Clone(theta.data), slices.Clone(b.data)
				SGDUpdate(gotT, g, gotB, p)
				sgdOracle(wantT, g.data, wantB, p)
				if !slices.Equal(gotT.data, wantT) || !slices.Equal(gotB.data, wantB) {
					t.Errorf("n=%d GOMAXPROCS %d: SGD config %d differs from the oracle", n, procs, k)
				}
			}
			for k, p := range adams {
				gotT, gotM, gotV := theta.Clone(), b.Clone(), v.Clone()
				wantT, wantM, wantV := slices.Clone(theta.data), slices.Clone(b.data), slices.Clone(v.data)
				AdamUpdate(gotT, g, gotM, gotV, p)
				adamOracle(wantT, g.data, wantM, wantV, p)
				if !slices.Equal(gotT.data, wantT) || !slices.Equal(gotM.data, wantM) || !slices.Equal(gotV.data, wantV) {
					t.Errorf("n=%d GOMAXPROCS %d: Adam config %d differs from the oracle", n, procs, k)
				}
			}
		}
	}
}
