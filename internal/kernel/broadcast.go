package kernel

import "sync"

// BinaryBroadcast computes dst = op(a, b) over a row-major index space of
// shape dims, reading a and b with the strides sa and sb (in elements, one per
// dimension; 0 where the operand is broadcast):
//
//	dst[flat(k)] = op(a[Σ_d k_d·sa_d], b[Σ_d k_d·sb_d])  for every index k < dims,
//
// where flat(k) is k's row-major offset. The innermost strides must be 0 or 1
// (Binary's), and len(dst) = Π dims (one element when dims is empty). Large
// maps are cut into parallel parts of the flat range; each element is computed
// alone, so the cut changes nothing.
func BinaryBroadcast[T Float](op BinaryOp, dst, a, b []T, dims, sa, sb []int) {
	if len(dst) >= splitWarmCost/binaryCost(op) && len(dims) <= maxBroadcastDims {
		if parts, wake := splitPlan(float64(len(dst)*binaryCost(op)), len(dst)/splitAlign); parts > 1 {
			job := getJob[broadcastJob[T]](&broadcastJobs[sizeIndex[T]()])
			*job = broadcastJob[T]{op: op, dst: dst, a: a, b: b, rank: len(dims)}
			copy(job.dims[:], dims)
			copy(job.sa[:], sa)
			copy(job.sb[:], sb)
			runSplit(job, parts, wake)
			*job = broadcastJob[T]{}
			broadcastJobs[sizeIndex[T]()].Put(job)
			return
		}
	}
	binaryWalk(op, dst, a, b, dims, sa, sb, 0, len(dst))
}

// maxBroadcastDims is the most dimensions a broadcastJob holds; maps of more
// (after merging) run on the caller alone.
const maxBroadcastDims = 8

// A broadcastJob is BinaryBroadcast cut into parts of its flat range.
type broadcastJob[T Float] struct {
	op           BinaryOp
	dst, a, b    []T
	rank         int
	dims, sa, sb [maxBroadcastDims]int
}

// broadcastJobs pools broadcastJobs, one pool per element size.
var broadcastJobs [2]sync.Pool

func (j *broadcastJob[T]) run(part, parts int) {
	lo, hi := partRange(len(j.dst), splitAlign, part, parts)
	binaryWalk(j.op, j.dst, j.a, j.b, j.dims[:j.rank], j.sa[:j.rank], j.sb[:j.rank], lo, hi)
}

// binaryWalk computes the elements [lo, hi) of BinaryBroadcast's dst on the
// calling goroutine, one innermost run (or the part of one) at a time.
func binaryWalk[T Float](op BinaryOp, dst, a, b []T, dims, sa, sb []int, lo, hi int) {
	ia, ib := 0, 0
	if last := len(dims) - 1; last >= 0 {
		ia, ib = sa[last], sb[last]
	}
	walkRuns(dims, sa, sb, lo, hi, func(off, m, offA, offB int) {
		binary(op, dst[off:off+m], a[offA:], ia, b[offB:], ib)
	})
}

// BroadcastCopy stores x, read with the strides sx over the row-major index
// space dims, in dst: dst[flat(k)] = x[Σ_d k_d·sx_d] (BinaryBroadcast's walk
// with a copy of each innermost run, or a fill where its stride is 0).
func BroadcastCopy[T Float](dst, x []T, dims, sx []int) {
	ix := 0
	if last := len(dims) - 1; last >= 0 {
		ix = sx[last]
	}
	walkRuns(dims, sx, sx, 0, len(dst), func(off, m, offX, _ int) {
		if ix == 1 {
			copy(dst[off:off+m], x[offX:])
		} else {
			Fill(dst[off:off+m], x[offX])
		}
	})
}

// walkRuns calls f(off, m, offA, offB) for the flat range [lo, hi) of the
// row-major index space dims, one innermost run (or the part of one) at a
// time: m elements from flat offset off, where the operands read with the
// strides sa and sb are at offA and offB.
func walkRuns(dims, sa, sb []int, lo, hi int, f func(off, m, offA, offB int)) {
	if lo >= hi {
		return
	}
	last := len(dims) - 1
	if last < 0 { // a scalar
		f(lo, hi-lo, 0, 0)
		return
	}
	n, ia, ib := dims[last], sa[last], sb[last]
	var buf [maxBroadcastDims]int
	index := buf[:0]
	if last > len(buf) {
		index = make([]int, last)
	} else {
		index = buf[:last]
	}
	// The run holding lo: its outer index, the operands' offsets at its start,
	// and lo's position j in it.
	j := lo % n
	offA, offB := 0, 0
	for d, rest := last-1, lo/n; d >= 0; d-- {
		index[d] = rest % dims[d]
		rest /= dims[d]
		offA += index[d] * sa[d]
		offB += index[d] * sb[d]
	}
	for off := lo; off < hi; {
		m := min(n-j, hi-off)
		f(off, m, offA+j*ia, offB+j*ib)
		off += m
		j = 0
		// Advance the odometer over the outer dimensions.
		for d := last - 1; d >= 0; d-- {
			index[d]++
			offA += sa[d]
			offB += sb[d]
			if index[d] < dims[d] {
				break
			}
			offA -= sa[d] * dims[d]
			offB -= sb[d] * dims[d]
			index[d] = 0
		}
	}
}
