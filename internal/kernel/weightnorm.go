package kernel

import (
	"math"
	"runtime"
)

// weightNormParallelWork is the number of weights below which a weight norm
// pass runs on one goroutine.
const weightNormParallelWork = 1 << 16

// WeightNormForward computes, for each of the units rows v_u of v (len(v)/units
// contiguous values each),
//
//	r_u = ‖v_u‖ = √(Σ v_u[i]²),   w_u = v_u·(g_u/r_u),
//
// storing r in norms [units] and w in w (v's length). The squares are summed
// in a fixed order (chunks in T, their sums in float64: see runSum): rows are
// shared out between goroutines, never a row's sum. Two passes over each row.
func WeightNormForward[T Float](w, norms, v, g []T, units int) {
	job := &weightNormJob[T]{w: w, norms: norms, v: v, g: g, units: units}
	job.start()
}

// WeightNormBackward applies the adjoint of WeightNormForward (as a function
// of v and g) to the cotangent gw of w: with r_u = norms[u] and
// d_u = ⟨gw_u, v_u⟩,
//
//	ḡ_u = d_u/r_u,   v̄_u = (g_u/r_u)·(gw_u − (d_u/r_u²)·v_u).
//
// It writes v̄ into dv and ḡ into dg, each skipped when nil.
func WeightNormBackward[T Float](dv, dg, gw, v, g, norms []T, units int) {
	job := &weightNormJob[T]{backward: true, dv: dv, dg: dg, gw: gw, v: v, g: g, norms: norms, units: units}
	job.start()
}

// A weightNormJob is a forward or backward pass over all rows, cut into
// parts of consecutive rows.
type weightNormJob[T Float] struct {
	backward    bool
	units       int
	v, g, norms []T
	w           []T // forward
	dv, dg, gw  []T // backward
}

func (j *weightNormJob[T]) start() {
	if j.units == 0 || len(j.v) == 0 {
		return
	}
	parts := max(min(runtime.GOMAXPROCS(0), j.units, len(j.v)/weightNormParallelWork), 1)
	parallelRun(j, parts)
}

// run does rows [units·part/parts, units·(part+1)/parts).
func (j *weightNormJob[T]) run(part, parts int) {
	rest := len(j.v) / j.units
	for u := j.units * part / parts; u < j.units*(part+1)/parts; u++ {
		v := j.v[u*rest:][:rest]
		if !j.backward {
			r := math.Sqrt(runCenteredSquares(v, 0))
			j.norms[u] = T(r)
			scale := T(float64(j.g[u]) / r)
			w := j.w[u*rest:][:len(v)]
			for i, vi := range v {
				w[i] = vi * scale
			}
			continue
		}
		gw := j.gw[u*rest:][:len(v)]
		dot := runDot(gw, v)
		r := float64(j.norms[u])
		if j.dg != nil {
			j.dg[u] = T(dot / r)
		}
		if j.dv != nil {
			s := float64(j.g[u]) / r
			a, b := T(s), T(-s*dot/(r*r))
			dv := j.dv[u*rest:][:len(v)]
			for i, vi := range v {
				dv[i] = a*gw[i] + b*vi
			}
		}
	}
}

// runDot returns Σ a[i]·b[i], chunked as runSum.
func runDot[T Float](a, b []T) float64 {
	b = b[:len(a)]
	var total float64
	for len(a) > 0 {
		n := min(len(a), sumChunk)
		total += float64(dot(a[:n], b[:n]))
		a, b = a[n:], b[n:]
	}
	return total
}

// dot returns Σ a[i]·b[i] in T, in four partial sums ((s₀ + s₁) + (s₂ + s₃)),
// then the remaining len(a) mod 4 in order.
func dot[T Float](a, b []T) T {
	var s0, s1, s2, s3 T
	b = b[:len(a)]
	i := 0
	for ; i+4 <= len(a); i += 4 {
		av, bv := a[i:i+4:i+4], b[i:i+4:i+4]
		s0 += av[0] * bv[0]
		s1 += av[1] * bv[1]
		s2 += av[2] * bv[2]
		s3 += av[3] * bv[3]
	}
	s := (s0 + s1) + (s2 + s3)
	for ; i < len(a); i++ {
		s += a[i] * b[i]
	}
	return s
}
