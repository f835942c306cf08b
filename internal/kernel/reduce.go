package kernel

import "math"

// The reductions treat src as an [outer, n, inner] block, reduce over the middle
// index, and write dst[o·inner + i] for o < outer, i < inner. Every output is
// accumulated in increasing order of the reduced index, so results do not
// depend on how the caller splits the work.

// SumAxis computes dst[o,i] = Σ_j src[o,j,i].
func SumAxis[T Float](dst, src []T, outer, n, inner int) {
	for o := range outer {
		out := dst[o*inner : (o+1)*inner]
		block := src[o*n*inner : (o+1)*n*inner]
		if n == 0 {
			clear(out)
			continue
		}
		if inner == 1 {
			var s T
			for _, v := range block {
				s += v
			}
			out[0] = s
			continue
		}
		copy(out, block[:inner])
		for j := 1; j < n; j++ {
			row := block[j*inner : (j+1)*inner]
			for i, v := range row {
				out[i] += v
			}
		}
	}
}

// MaxAxis computes dst[o,i] = max_j src[o,j,i] and, when arg is not nil,
// arg[o,i] = the first j attaining it (NaN counts as the maximum, as in NumPy).
// n must be positive.
func MaxAxis[T Float](dst []T, arg []int, src []T, outer, n, inner int) {
	for o := range outer {
		for i := range inner {
			base := o*n*inner + i
			best, at := src[base], 0
			for j := 1; j < n && best == best; j++ {
				if v := src[base+j*inner]; v > best || v != v {
					best, at = v, j
				}
			}
			dst[o*inner+i] = best
			if arg != nil {
				arg[o*inner+i] = at
			}
		}
	}
}

// LogSumExpAxis computes dst[o,i] = log Σ_j exp(src[o,j,i]) stably: with
// m = max_j src[o,j,i], it is m + log Σ_j exp(src[o,j,i] − m) (and m itself
// when m is ±Inf).
func LogSumExpAxis[T Float](dst, src []T, outer, n, inner int) {
	for o := range outer {
		for i := range inner {
			base := o*n*inner + i
			m := math.Inf(-1)
			for j := range n {
				m = math.Max(m, float64(src[base+j*inner]))
			}
			if math.IsInf(m, 0) {
				dst[o*inner+i] = T(m)
				continue
			}
			s := 0.0
			for j := range n {
				s += math.Exp(float64(src[base+j*inner]) - m)
			}
			dst[o*inner+i] = T(m + math.Log(s))
		}
	}
}
