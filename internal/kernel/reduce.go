package kernel

import (
	"math"
	"sync"
)

// The reductions treat src as an [outer, n, inner] block, reduce over the middle
// index, and write dst[o·inner + i] for o < outer, i < inner. Every output is
// accumulated in increasing order of the reduced index, so results do not
// depend on how the work is split: large reductions cut their outputs into
// parts that run in parallel (see split.go and axisJob).

// sumChunk is the length of the chunks a long Sum is cut into (see Sum): fixed,
// so that the order of the additions depends on the length alone.
const sumChunk = 1 << 14

// Sum returns Σ x[i]. Up to sumChunk elements, it is accumulated in eight
// interleaved partial sums
//
//	s_r = x[r] + x[8 + r] + x[16 + r] + …    (r = 0..7, over the first 8·⌊n/8⌋ elements)
//
// combined as ((s₀ + s₁) + (s₂ + s₃)) + ((s₄ + s₅) + (s₆ + s₇)), to which the
// remaining n mod 8 elements are added in order. One running sum would make
// every addition wait for the previous one (4 cycles); eight independent ones
// keep the adder busy, and their rounding errors grow more slowly.
//
// A longer x is cut into chunks of sumChunk elements (the last one shorter),
// each summed as above, and the chunk sums c_k are added in order,
// ((c₀ + c₁) + c₂) + …: the chunks are summed in parallel when x is long
// enough, and the result is the same however many goroutines do it.
func Sum[T Float](x []T) T {
	if len(x) <= sumChunk {
		return sum8(x)
	}
	chunks := (len(x) + sumChunk - 1) / sumChunk
	if parts, wake := splitPlan(float64(len(x)), chunks); parts > 1 {
		buf := getBuf[T](&sumBufs, chunks)
		job := getJob[sumJob[T]](&sumJobs[sizeIndex[T]()])
		*job = sumJob[T]{x: x, sums: *buf}
		runSplit(job, parts, wake)
		s := addInOrder(*buf)
		*job = sumJob[T]{}
		sumJobs[sizeIndex[T]()].Put(job)
		putBuf(&sumBufs, buf)
		return s
	}
	return sumChunks(x)
}

// sumChunks is Sum on the calling goroutine.
func sumChunks[T Float](x []T) T {
	s := sum8(x[:min(len(x), sumChunk)])
	for at := sumChunk; at < len(x); at += sumChunk {
		s += sum8(x[at:min(at+sumChunk, len(x))])
	}
	return s
}

// addInOrder returns ((s[0] + s[1]) + s[2]) + ….
func addInOrder[T Float](s []T) T {
	var total T
	for i, v := range s {
		if i == 0 {
			total = v
		} else {
			total += v
		}
	}
	return total
}

// sum8 is Sum of at most sumChunk elements: the eight interleaved partial sums.
func sum8[T Float](x []T) T {
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

// A sumJob sums the chunks of x, chunk k into sums[k]; a part does a run of
// consecutive chunks.
type sumJob[T Float] struct {
	x, sums []T
}

func (j *sumJob[T]) run(part, parts int) {
	lo, hi := partRange(len(j.sums), 1, part, parts)
	for k := lo; k < hi; k++ {
		j.sums[k] = sum8(j.x[k*sumChunk : min((k+1)*sumChunk, len(j.x))])
	}
}

// Pools of Sum's chunk sums and jobs, one per element size.
var sumBufs, sumJobs [2]sync.Pool

// SumRef is the reference twin of Sum: the same partial sums, written as the
// definition.
func SumRef[T Float](x []T) T {
	var total T
	for at := 0; at == 0 || at < len(x); at += sumChunk {
		chunk := x[at:min(at+sumChunk, len(x))]
		var part [8]T
		full := len(chunk) / 8 * 8
		for i, v := range chunk[:full] {
			part[i%8] += v
		}
		s := ((part[0] + part[1]) + (part[2] + part[3])) + ((part[4] + part[5]) + (part[6] + part[7]))
		for _, v := range chunk[full:] {
			s += v
		}
		if at == 0 {
			total = s
		} else {
			total += s
		}
	}
	return total
}

// SumAxis computes dst[o,i] = Σ_j src[o,j,i].
func SumAxis[T Float](dst, src []T, outer, n, inner int) {
	runAxis(axisSum, dst, nil, src, outer, n, inner)
}

// MaxAxis computes dst[o,i] = max_j src[o,j,i] and, when arg is not nil,
// arg[o,i] = the first j attaining it (NaN counts as the maximum, as in NumPy).
// n must be positive.
func MaxAxis[T Float](dst []T, arg []int, src []T, outer, n, inner int) {
	runAxis(axisMax, dst, arg, src, outer, n, inner)
}

// LogSumExpAxis computes dst[o,i] = log Σ_j exp(src[o,j,i]) stably: with
// m = max_j src[o,j,i], it is m + log Σ_j exp(src[o,j,i] − m) (and m itself
// when m is ±Inf).
func LogSumExpAxis[T Float](dst, src []T, outer, n, inner int) {
	runAxis(axisLogSumExp, dst, nil, src, outer, n, inner)
}

// SumOuterInner computes dst[k] = Σ_a Σ_b src[a, k, b] for src [outer, kept,
// inner] (the gradient of a bias broadcast over the dimensions around it):
// for each k, s starts at 0 and s += Sum(src[a, k, ·]) for a = 0, 1, … in
// order. Large sums are split over k into parallel parts.
func SumOuterInner[T Float](dst, src []T, outer, kept, inner int) {
	runAxis(axisSumOuterInner, dst, nil, src, outer, kept, inner)
}

// axisKind names the reduction an axisJob computes.
type axisKind uint8

const (
	axisSum           axisKind = iota // SumAxis
	axisMax                           // MaxAxis
	axisLogSumExp                     // LogSumExpAxis
	axisSumOuterInner                 // SumOuterInner: n counts the outputs
)

// An axisJob is a reduction along an axis whose outputs, in their flat order
// o·inner + i, are cut into parts: each output is computed whole by one part.
type axisJob[T Float] struct {
	kind            axisKind
	dst, src        []T
	arg             []int
	outer, n, inner int
}

// axisAlign is the multiple of outputs at which parts are cut when there are
// few outer blocks: parts of at least 1 KiB of contiguous float32 outputs, so
// that each part still reads long contiguous runs of every row.
const axisAlign = 256

// runAxis computes the reduction kind of src into dst (and arg), in parallel
// parts when it is large.
func runAxis[T Float](kind axisKind, dst []T, arg []int, src []T, outer, n, inner int) {
	if kind == axisSum && outer == 1 && inner == 1 {
		dst[0] = Sum(src[:n]) // a full sum, split into chunks
		return
	}
	job := axisJob[T]{kind: kind, dst: dst, arg: arg, src: src, outer: outer, n: n, inner: inner}
	cost := float64(outer) * float64(max(n, 1)) * float64(inner)
	if kind == axisLogSumExp {
		cost *= costExpensive
	}
	units := (outer*inner + job.align() - 1) / job.align()
	if kind == axisSumOuterInner {
		units = n
	}
	if cost >= float64(splitWarmCost) {
		if parts, wake := splitPlan(cost, units); parts > 1 {
			pooled := getJob[axisJob[T]](&axisJobs[sizeIndex[T]()])
			*pooled = job
			runSplit(pooled, parts, wake)
			*pooled = axisJob[T]{}
			axisJobs[sizeIndex[T]()].Put(pooled)
			return
		}
	}
	job.run(0, 1)
}

// axisJobs pools axisJobs, one pool per element size.
var axisJobs [2]sync.Pool

// align is the multiple of outputs at which parts are cut: whole outer
// blocks when there are enough of them, else runs of axisAlign outputs.
func (j *axisJob[T]) align() int {
	if j.outer >= 8 {
		return max(j.inner, 1)
	}
	return axisAlign
}

func (j *axisJob[T]) run(part, parts int) {
	n, inner := j.n, j.inner
	if j.kind == axisSumOuterInner { // the outputs are the n middle indices
		lo, hi := partRange(n, 1, part, parts)
		for k := lo; k < hi; k++ {
			var s T
			for a := range j.outer {
				at := (a*n + k) * inner
				s += sumChunks(j.src[at : at+inner])
			}
			j.dst[k] = s
		}
		return
	}
	lo, hi := partRange(j.outer*j.inner, j.align(), part, parts)
	for o := lo / max(inner, 1); o*inner < hi; o++ {
		i0, i1 := max(lo-o*inner, 0), min(hi-o*inner, inner)
		block := j.src[o*n*inner : (o+1)*n*inner]
		out := j.dst[o*inner+i0 : o*inner+i1]
		switch j.kind {
		case axisSum:
			sumRows(out, block, n, inner, i0)
		case axisMax:
			var arg []int
			if j.arg != nil {
				arg = j.arg[o*inner+i0 : o*inner+i1]
			}
			maxRows(out, arg, block, n, inner, i0)
		case axisLogSumExp:
			logSumExpRows(out, block, n, inner, i0)
		}
	}
}

// sumRows computes out[i] = Σ_j block[j·inner + i0 + i] for i < len(out), the
// rows of the block added one after the other.
func sumRows[T Float](out, block []T, n, inner, i0 int) {
	switch {
	case n == 0:
		clear(out)
	case inner == 1:
		out[0] = sumChunks(block)
	default:
		copy(out, block[i0:])
		for j := 1; j < n; j++ {
			row := block[j*inner+i0:][:len(out)]
			for i, v := range row {
				out[i] += v
			}
		}
	}
}

// maxRows computes out[i] = max_j block[j·inner + i0 + i] and, when arg is not
// nil, arg[i] = the first j attaining it, for i < len(out) (n > 0). NaN wins,
// and the first NaN stays.
func maxRows[T Float](out []T, arg []int, block []T, n, inner, i0 int) {
	if len(out) < 8 { // few outputs: one at a time, down the column
		for i := range out {
			base := i0 + i
			best, at := block[base], 0
			for j := 1; j < n && best == best; j++ {
				if v := block[base+j*inner]; v > best || v != v {
					best, at = v, j
				}
			}
			out[i] = best
			if arg != nil {
				arg[i] = at
			}
		}
		return
	}
	// Many: row after row, each compared with the best so far, in contiguous loops.
	copy(out, block[i0:][:len(out)])
	if arg != nil {
		arg = arg[:len(out)]
		clear(arg)
	}
	for j := 1; j < n; j++ {
		row := block[j*inner+i0:][:len(out)]
		if arg == nil {
			for i, v := range row {
				if b := out[i]; v > b || v != v && b == b {
					out[i] = v
				}
			}
			continue
		}
		out, arg := out[:len(row)], arg[:len(row)]
		for i, v := range row {
			if b := out[i]; v > b || v != v && b == b {
				out[i], arg[i] = v, j
			}
		}
	}
}

// logSumExpRows computes out[i] = log Σ_j exp(block[j·inner + i0 + i]) stably
// for i < len(out).
func logSumExpRows[T Float](out, block []T, n, inner, i0 int) {
	for i := range out {
		base := i0 + i
		m := math.Inf(-1)
		for j := range n {
			m = math.Max(m, float64(block[base+j*inner]))
		}
		if math.IsInf(m, 0) {
			out[i] = T(m)
			continue
		}
		s := 0.0
		for j := range n {
			s += math.Exp(float64(block[base+j*inner]) - m)
		}
		out[i] = T(m + math.Log(s))
	}
}
