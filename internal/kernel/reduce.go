package kernel

import "math"

// The reductions treat src as an [outer, n, inner] block, reduce over the middle
// index, and write dst[o·inner + i] for o < outer, i < inner. Every output is
// accumulated in increasing order of the reduced index, so results do not
// depend on how the caller splits the work.

// Sum returns Σ x[i], accumulated in eight interleaved partial sums
//
//	s_r = x[r] + x[8 + r] + x[16 + r] + …    (r = 0..7, over the first 8·⌊n/8⌋ elements)
//
// combined as ((s₀ + s₁) + (s₂ + s₃)) + ((s₄ + s₅) + (s₆ + s₇)), to which the
// remaining n mod 8 elements are added in order. One running sum would make
// every addition wait for the previous one (4 cycles); eight independent ones
// keep the adder busy, and their rounding errors grow more slowly.
func Sum[T Float](x []T) T {
	var s0, s1, s2, s3, s4, s5, s6, s7 T
	i := 0
	for ; i+8 <= len(x); i += 8 {
		v := x[i : i+8 : i+8]
		s0 += v[0]
		s1 += v[1]
		s2 += v[2]
		s3 += v[3]
		s4 += v[4]
		s5 += v[5]
		s6 += v[6]
		s7 += v[7]
	}
	s := ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7))
	for _, v := range x[i:] {
		s += v
	}
	return s
}

// SumRef is the reference twin of Sum: the same partial sums, written as the
// definition.
func SumRef[T Float](x []T) T {
	var part [8]T
	full := len(x) / 8 * 8
	for i, v := range x[:full] {
		part[i%8] += v
	}
	s := ((part[0] + part[1]) + (part[2] + part[3])) + ((part[4] + part[5]) + (part[6] + part[7]))
	for _, v := range x[full:] {
		s += v
	}
	return s
}

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
			out[0] = Sum(block)
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
