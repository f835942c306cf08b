package theory

import (
	"math"
	"math/rand/v2"
)

// The target functions of the approximation claims, on x ∈ [−1, 1]^8.

// approxTarget names a target function.
type approxTarget int

const (
	// approxTanhTree is CLAIMS.md C6's binary tree with constituents that
	// differ across the nodes of level 1:
	//
	//	h1j(a, b) = tanh(α_j a + s_j β_j b), α_j, β_j ~ U[0.5, 1.5] (j = 1..4),
	//	s = (+1, +1, +1, −1)   (CLAIMS.md's "one sign flipped": node 4 differs in kind),
	//	h2j(u, v) = tanh(u·v + (u − v)/2),
	//	h3(u, v)  = u·v + u/2.
	approxTanhTree approxTarget = iota
	// approxCosPoly is the authors' f_8D_conv_cos_poly1_poly1
	// (brando90/hbf_tensorflow_code), equal constituents across a level:
	//
	//	h1(a, b) = 0.59 cos(1.5π(a + b)),  h2(a, b) = h3(a, b) = 1.1(a + b + 1)² − 1.
	approxCosPoly
	// approxDense is the non-compositional control of C1: every input
	// reaches the output through dense random projections,
	//
	//	f(x) = Σ_{k=0..3} c_k tanh(⟨u_k, x⟩) + tanh(⟨u_4, x⟩)·tanh(⟨u_5, x⟩),
	//
	// with u_k ~ N(0, 4I/8) (so ⟨u_k, x⟩ has variance ≈ 4/3) and
	// c_k ~ U[−1, 1]. Every term reads all 8 variables at once, so a binary
	// tree over neighbouring pairs, whose nodes pass on one number each,
	// cannot hold it.
	approxDense
)

// String returns the target's label.
func (t approxTarget) String() string {
	return [...]string{"tanh tree", "cos-poly", "dense projection"}[t]
}

// key returns a short identifier for quantity names.
func (t approxTarget) key() string {
	return [...]string{"tanh", "cospoly", "dense"}[t]
}

// approxTanhSigns are the signs s_j of the tanh tree's level-1 nodes.
var approxTanhSigns = [4]float64{1, 1, 1, -1}

// approxFunc is a target function of x [8], drawn with its random constants.
type approxFunc func(x []float64) float64

// approxNewTarget returns target t, drawing its constants (if any) from r.
func approxNewTarget(r *rand.Rand, t approxTarget) approxFunc {
	switch t {
	case approxTanhTree:
		var alpha, beta [4]float64
		for j := range 4 {
			alpha[j] = 0.5 + r.Float64()
			beta[j] = 0.5 + r.Float64()
		}
		return func(x []float64) float64 {
			var h1 [4]float64
			for j := range 4 {
				h1[j] = math.Tanh(alpha[j]*x[2*j] + approxTanhSigns[j]*beta[j]*x[2*j+1])
			}
			h2 := func(u, v float64) float64 { return math.Tanh(u*v + 0.5*(u-v)) }
			u, v := h2(h1[0], h1[1]), h2(h1[2], h1[3])
			return u*v + 0.5*u
		}
	case approxCosPoly:
		h1 := func(a, b float64) float64 { return 0.59 * math.Cos(1.5*math.Pi*(a+b)) }
		h := func(a, b float64) float64 { s := a + b + 1; return 1.1*s*s - 1 }
		return func(x []float64) float64 {
			return h(h(h1(x[0], x[1]), h1(x[2], x[3])), h(h1(x[4], x[5]), h1(x[6], x[7])))
		}
	default:
		const terms = 6
		var u [terms][approxDim]float64
		for k := range terms {
			for i := range approxDim {
				u[k][i] = 2 * r.NormFloat64() / math.Sqrt(approxDim)
			}
		}
		var c [4]float64
		for k := range c {
			c[k] = 2*r.Float64() - 1
		}
		proj := func(k int, x []float64) float64 {
			var s float64
			for i, xi := range x {
				s += u[k][i] * xi
			}
			return s
		}
		return func(x []float64) float64 {
			var f float64
			for k := range c {
				f += c[k] * math.Tanh(proj(k, x))
			}
			return f + math.Tanh(proj(4, x))*math.Tanh(proj(5, x))
		}
	}
}

// approxVariance returns the population variance of the values in v.
func approxVariance(v []float64) float64 {
	var mean float64
	for _, a := range v {
		mean += a
	}
	mean /= float64(len(v))
	var s float64
	for _, a := range v {
		s += (a - mean) * (a - mean)
	}
	return s / float64(len(v))
}
