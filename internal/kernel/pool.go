package kernel

import (
	"runtime"
	"sync"
	"unsafe"
)

// PoolDims are the sizes of a 2-D pooling without padding: Planes images of
// H×W (a batch [N, C, H, W] is N·C planes), windows KH×KW stepping by (SH, SW),
// output planes HO×WO with HO = ⌊(H − KH)/SH⌋ + 1 and WO = ⌊(W − KW)/SW⌋ + 1.
// The pooling kernels read and write the planes one after another, each
// contiguous and row-major; H·W must fit in an int32 (the argmax indices).
type PoolDims struct {
	Planes, H, W   int
	KH, KW, SH, SW int
	HO, WO         int
}

// Every pooling kernel treats the planes independently: plane l of the output
// depends on plane l of the inputs alone and is computed the same way
// whoever computes it, so splitting the planes over goroutines (above
// poolParallelWork) changes no bit of the result.

// poolParallelWork is the least work, in elements read and written, worth
// handing part of a pooling to a helper goroutine: below it (about 50 µs of
// work), waking a helper costs more than it saves.
const poolParallelWork = 1 << 16

// MaxPool2D computes the maximum of every window and where it is:
//
//	y[l, i, j] = x[l, arg[l, i, j]],  arg[l, i, j] = (i·SH + p)·W + (j·SW + q)
//
// for the first (p, q) in row-major order with x[l, i·SH + p, j·SW + q]
// maximal: on ties the first maximum scanned wins (PyTorch's CPU rule). A NaN
// counts as larger than everything, and the first NaN of a window wins (so y
// is NaN; PyTorch keeps the last NaN's index instead, the value is the same).
// arg indexes the plane, not the batch; it may be nil when not wanted.
// MaxPool2DRef is the definition.
func MaxPool2D[T Float](y []T, arg []int32, x []T, d PoolDims) {
	runPool(poolMaxForward, d, y, x, arg)
}

// MaxPool2DScatter is the adjoint of the gather x ↦ x[arg] (the derivative of
// MaxPool2D in x, with arg from MaxPool2D): it sets dx to zero and adds every
// g[l, i, j] at the index its window's maximum came from,
//
//	dx[l, a] = Σ_{(i, j): arg[l, i, j] = a} g[l, i, j],
//
// the terms added in row-major order of (i, j) (overlapping windows can pick
// the same element). Elements that are no window's maximum get exactly 0.
// MaxPool2DScatterRef is the definition.
func MaxPool2DScatter[T Float](dx, g []T, arg []int32, d PoolDims) {
	runPool(poolMaxScatter, d, dx, g, arg)
}

// MaxPool2DGather computes y[l, o] = h[l, arg[l, o]] for every output index
// o = i·WO + j: the derivative of MaxPool2D in x applied to h (arg from
// MaxPool2D), and the adjoint of MaxPool2DScatter.
func MaxPool2DGather[T Float](y, h []T, arg []int32, d PoolDims) {
	runPool(poolMaxGather, d, y, h, arg)
}

// AvgPool2D computes the mean of every window,
//
//	y[l, i, j] = (Σ_{p,q} x[l, i·SH + p, j·SW + q]) · (1/(KH·KW)),
//
// the sum taken in row-major order of (p, q) and multiplied by the reciprocal
// rounded to T (not divided): the arithmetic of the Unfold + MeanAxis
// composite, so that the two agree to the bit (except on planes of a single
// window, which MeanAxis sums in eight partial sums). AvgPool2DRef is the
// definition.
func AvgPool2D[T Float](y, x []T, d PoolDims) {
	runPool(poolAvgForward, d, y, x, nil)
}

// AvgPool2DAdjoint is the adjoint of AvgPool2D (its derivative, linear): it
// overwrites dx with
//
//	dx[l, a, b] = Σ_{(i, j, p, q): i·SH + p = a, j·SW + q = b} g[l, i, j]·(1/(KH·KW)),
//
// the terms added in order of (p, q), then (i, j), as Col2Im adds them; an
// element no window covers gets 0. AvgPool2DAdjointRef is the definition.
func AvgPool2DAdjoint[T Float](dx, g []T, d PoolDims) {
	runPool(poolAvgAdjoint, d, dx, g, nil)
}

// poolOp names the pass a poolJob runs.
type poolOp int

const (
	poolMaxForward poolOp = iota
	poolMaxScatter
	poolMaxGather
	poolAvgForward
	poolAvgAdjoint
)

// A poolJob is one pooling pass over all planes, cut into parts by planes.
// dst is the pass's output (y, or dx for the adjoints), src its input (x, g or h).
type poolJob[T Float] struct {
	op       poolOp
	d        PoolDims
	dst, src []T
	arg      []int32
}

// run computes planes [Planes·part/parts, Planes·(part+1)/parts).
func (j *poolJob[T]) run(part, parts int) {
	poolPlanes(j.op, j.d, j.dst, j.src, j.arg, j.d.Planes*part/parts, j.d.Planes*(part+1)/parts)
}

// runPool runs op over all planes, split over up to GOMAXPROCS goroutines when
// the work is large enough.
func runPool[T Float](op poolOp, d PoolDims, dst, src []T, arg []int32) {
	work := d.Planes * (d.H*d.W + d.HO*d.WO)
	parts := min(runtime.GOMAXPROCS(0), d.Planes, work/poolParallelWork)
	if parts <= 1 {
		poolPlanes(op, d, dst, src, arg, 0, d.Planes)
		return
	}
	pool := &poolJobs[unsafe.Sizeof(T(0))/8]
	job, _ := pool.Get().(*poolJob[T])
	if job == nil {
		job = new(poolJob[T])
	}
	*job = poolJob[T]{op: op, d: d, dst: dst, src: src, arg: arg}
	parallelRun(job, parts)
	*job = poolJob[T]{}
	pool.Put(job)
}

// poolJobs recycles poolJobs, one pool per element size, so that a parallel
// pooling allocates nothing.
var poolJobs [2]sync.Pool

// poolPlanes runs op on planes [lo, hi).
func poolPlanes[T Float](op poolOp, d PoolDims, dst, src []T, arg []int32, lo, hi int) {
	in, out := d.H*d.W, d.HO*d.WO
	for l := lo; l < hi; l++ {
		var a []int32
		if arg != nil {
			a = arg[l*out : (l+1)*out]
		}
		switch op {
		case poolMaxForward:
			maxPoolPlane(dst[l*out:(l+1)*out], a, src[l*in:(l+1)*in], d)
		case poolMaxScatter:
			plane, g := dst[l*in:(l+1)*in], src[l*out:(l+1)*out]
			clear(plane)
			for o, at := range a {
				plane[at] += g[o]
			}
		case poolMaxGather:
			y, h := dst[l*out:(l+1)*out], src[l*in:(l+1)*in]
			for o, at := range a {
				y[o] = h[at]
			}
		case poolAvgForward:
			avgPoolPlane(dst[l*out:(l+1)*out], src[l*in:(l+1)*in], d)
		case poolAvgAdjoint:
			avgPoolAdjointPlane(dst[l*in:(l+1)*in], src[l*out:(l+1)*out], d)
		}
	}
}

// maxPoolPlane is MaxPool2D on one plane (arg may be nil).
func maxPoolPlane[T Float](y []T, arg []int32, x []T, d PoolDims) {
	if d.KH == 2 && d.KW == 2 && d.SH == 2 && d.SW == 2 {
		maxPoolPlane22(y, arg, x, d)
		return
	}
	for i := range d.HO {
		maxRow(y[i*d.WO:(i+1)*d.WO], arg, x, i*d.SH*d.W, i*d.WO, d)
	}
}

// maxPoolPlane22 is maxPoolPlane for 2×2 windows with stride 2. Random data
// makes every comparison a coin toss, so the scan avoids branches: each
// window is a tournament whose comparisons give indices (SETcc, CMOV),
//
//	top row: a or b (b only if b > a), bottom row: c or e (e only if e > c),
//	then the bottom winner only if it beats the top one,
//
// which keeps the first maximum in row-major order; values are picked by
// those indices. Comparisons with a NaN are false, so a row of windows where
// some window holds one (or infinities of both signs: the sum test cannot
// tell) is done again by maxRow. No helper functions in the loop: called
// from another package's instantiation of the generic code, they were not
// inlined (a call per comparison made the loop 5 times slower).
func maxPoolPlane22[T Float](y []T, arg []int32, x []T, d PoolDims) {
	w, wo := d.W, d.WO
	for i := range d.HO {
		top := 2 * i * w
		r0, r1 := x[top:top+2*wo], x[top+w:top+w+2*wo]
		yi := y[i*wo : (i+1)*wo]
		nan := false
		for j := range yi {
			p0, p1 := r0[2*j:2*j+2:2*j+2], r1[2*j:2*j+2:2*j+2]
			a, b, c, e := p0[0], p0[1], p1[0], p1[1]
			// Each comparison sets a 0 or 1 (the form the compiler turns
			// into a SETcc), used as an index.
			right0, right1, down := 0, 0, 0
			if b > a {
				right0 = 1
			}
			if e > c {
				right1 = 1
			}
			win := [2]T{p0[right0], p1[right1]}
			if win[1] > win[0] {
				down = 1
			}
			yi[j] = win[down]
			if arg != nil {
				arg[i*wo+j] = int32(top + 2*j + right0 + down*(w+right1-right0))
			}
			if s := (a + b) + (c + e); s != s {
				nan = true
			}
		}
		if nan {
			maxRow(yi, arg, x, top, i*wo, d)
		}
	}
}

// maxRow is maxPoolPlane on the windows of output row yi, whose first window
// has its top left element at x[top] and its index at arg[first]. Each window
// is scanned in row-major order for the first strict maximum without
// branches (as in maxPoolPlane22: a comparison sets a 0 or 1, which selects
// the index through a mask, and the best value is loaded by its index); a
// window whose sum is NaN (it holds a NaN, or infinities of both signs) is
// scanned again by maxWindowNaN.
func maxRow[T Float](yi []T, arg []int32, x []T, top, first int, d PoolDims) {
	for j := range yi {
		corner := top + j*d.SW
		at, best, sum := corner, x[corner], T(0)
		for p := range d.KH {
			row := corner + p*d.W
			for q, v := range x[row : row+d.KW] {
				gt := 0
				if v > best {
					gt = 1
				}
				at ^= (at ^ (row + q)) & -gt
				best = x[at]
				sum += v
			}
		}
		if sum != sum {
			at = maxWindowNaN(x, corner, d)
			best = x[at]
		}
		yi[j] = best
		if arg != nil {
			arg[first+j] = int32(at)
		}
	}
}

// maxWindowNaN returns the index in x of the first maximum of the window
// whose top left element is x[corner], or of its first NaN.
func maxWindowNaN[T Float](x []T, corner int, d PoolDims) int {
	at, best := corner, x[corner]
	for p := range d.KH {
		row := corner + p*d.W
		for q, v := range x[row : row+d.KW] {
			if v != v {
				return row + q
			}
			if v > best {
				at, best = row+q, v
			}
		}
	}
	return at
}

// avgPoolPlane is AvgPool2D on one plane.
func avgPoolPlane[T Float](y, x []T, d PoolDims) {
	inv := 1 / T(d.KH*d.KW)
	if d.KH == 2 && d.KW == 2 && d.SH == 2 && d.SW == 2 {
		for i := range d.HO {
			r0, r1 := x[2*i*d.W:][:2*d.WO], x[(2*i+1)*d.W:][:2*d.WO]
			yi := y[i*d.WO : (i+1)*d.WO]
			for j := range yi {
				yi[j] = (((r0[2*j] + r0[2*j+1]) + r1[2*j]) + r1[2*j+1]) * inv
			}
		}
		return
	}
	for i := range d.HO {
		for j := range d.WO {
			top := i*d.SH*d.W + j*d.SW
			s := x[top]
			for p := range d.KH {
				row := x[top+p*d.W : top+p*d.W+d.KW]
				if p == 0 {
					row = row[1:]
				}
				for _, v := range row {
					s += v
				}
			}
			y[i*d.WO+j] = s * inv
		}
	}
}

// avgPoolAdjointPlane is AvgPool2DAdjoint on one plane. When the windows do
// not overlap, every element gets at most one term, which is stored rather
// than added (and when they tile the plane, nothing is left to zero first).
func avgPoolAdjointPlane[T Float](dx, g []T, d PoolDims) {
	inv := 1 / T(d.KH*d.KW)
	if d.SH != d.KH || d.SW != d.KW || d.HO*d.KH != d.H || d.WO*d.KW != d.W {
		clear(dx)
	}
	if d.KH == 2 && d.KW == 2 && d.SH == 2 && d.SW == 2 {
		for i := range d.HO {
			gi := g[i*d.WO : (i+1)*d.WO]
			r0, r1 := dx[2*i*d.W:][:2*len(gi)], dx[(2*i+1)*d.W:][:2*len(gi)]
			for j, v := range gi {
				s := v * inv
				r0[2*j], r0[2*j+1] = s, s
				r1[2*j], r1[2*j+1] = s, s
			}
		}
		return
	}
	if d.SH >= d.KH && d.SW >= d.KW {
		for i := range d.HO {
			gi := g[i*d.WO : (i+1)*d.WO]
			for p := range d.KH {
				row := dx[(i*d.SH+p)*d.W:]
				for j, v := range gi {
					s := v * inv
					for q := range d.KW {
						row[j*d.SW+q] = s
					}
				}
			}
		}
		return
	}
	for p := range d.KH {
		for q := range d.KW {
			for i := range d.HO {
				row := dx[(i*d.SH+p)*d.W+q:]
				for j, v := range g[i*d.WO : (i+1)*d.WO] {
					row[j*d.SW] += v * inv
				}
			}
		}
	}
}
