package kernel

import "sync"

// A mapJob is an elementwise map over dst cut into parts of whole blocks of
// splitAlign elements: element i of every operand walked with stride 1 goes
// with dst[i], so each part runs the serial loop on its own sub-slices.
type mapJob[T Float] struct {
	kind   mapKind
	bop    BinaryOp
	uop    UnaryOp
	dst, a []T // a: the first operand (Binary, Unary's src, Axpy's x)
	b      []T // Binary's second operand
	sa, sb int // Binary's strides, 0 or 1
	alpha  T   // Fill's value, Axpy's and Scale's factor, BinaryScalar's operand
}

// mapKind names the serial loop a mapJob runs.
type mapKind uint8

const (
	mapBinary       mapKind = iota // binary(bop, dst, a, sa, b, sb)
	mapBinaryScalar                // binary(bop, dst, a, 1, [alpha], 0)
	mapUnary                       // unary(uop, dst, a)
	mapFill                        // fill(dst, alpha)
	mapAxpy                        // axpy(alpha, a, dst)
	mapScale                       // scale(alpha, dst)
)

// mapJobs pools mapJobs, one pool per element size.
var mapJobs [2]sync.Pool

// runMap runs job (a stack value's copy is taken from the pool, so that a call
// allocates nothing) on parts parts, waking parked helpers if wake.
func runMap[T Float](job *mapJob[T], parts int, wake bool) {
	pooled := getJob[mapJob[T]](&mapJobs[sizeIndex[T]()])
	*pooled = *job
	runSplit(pooled, parts, wake)
	*pooled = mapJob[T]{} // hold on to no slices
	mapJobs[sizeIndex[T]()].Put(pooled)
}

func (j *mapJob[T]) run(part, parts int) {
	lo, hi := partRange(len(j.dst), splitAlign, part, parts)
	if lo >= hi {
		return
	}
	dst := j.dst[lo:hi]
	switch j.kind {
	case mapBinary:
		binary(j.bop, dst, j.a[lo*j.sa:], j.sa, j.b[lo*j.sb:], j.sb)
	case mapBinaryScalar:
		b := [1]T{j.alpha}
		binary(j.bop, dst, j.a[lo:], 1, b[:], 0)
	case mapUnary:
		unary(j.uop, dst, j.a[lo:])
	case mapFill:
		fill(dst, j.alpha)
	case mapAxpy:
		axpy(j.alpha, j.a[lo:], dst)
	case mapScale:
		scale(j.alpha, dst)
	}
}
