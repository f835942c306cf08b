package kernel

import (
	"runtime"
	"sync"
	"sync/atomic"
	"unsafe"
)

// ConvDims are the sizes of a batched 2-D convolution (cross-correlation):
// input x [N, C, H, W], weight w [O, C, KH, KW], output y [N, O, HO, WO], the
// window stepping by (SH, SW) over the input padded with (PH, PW) zeros on
// each side. HO and WO must be the output size those give.
type ConvDims struct {
	N, C, H, W     int
	O, KH, KW      int
	SH, SW, PH, PW int
	HO, WO         int
}

// The convolution kernels below work image by image: image n's windows are
// laid out by Im2Col as a [K, L] matrix cols (K = C·KH·KW, L = HO·WO) in a
// scratch buffer small enough to stay in cache, and meet the weight viewed as
// a [O, K] matrix in one GEMM. The images are cut into groups that depend on
// the sizes alone (in the forward pass, one image each), and up to GOMAXPROCS
// goroutines claim groups one at a time until none is left, so a helper that
// is slow to wake delays nothing. What is computed for a group does not
// depend on who computes it, and each group writes only its own images'
// outputs (the weight and bias gradients: its own partial sums, added to the
// others in group order at the end), so the results do not depend on
// GOMAXPROCS or on the scheduling.

// convParallelWork is the least work, in multiply-adds, worth a goroutine of
// its own: below it, waking a helper costs more than the helper saves.
const convParallelWork = 1 << 18

// convPartsBudget bounds the elements of the weight gradient's partial sums,
// one [O, K] matrix per group: small weights get a group per image, large
// ones fewer groups (down to one: then the products are large enough for
// the GEMM to split them itself). A variable so that tests can make groups
// of several images.
var convPartsBudget = 1 << 22

// Conv2D computes y = conv(x, w) + b:
//
//	y[n, o, i, j] = b[o] + Σ_{c,p,q} w[o, c, p, q]·x[n, c, i·SH + p − PH, j·SW + q − PW]
//
// (x is zero in the padding); b may be nil for no bias. For each image,
// y[n] ← b·1ᵀ + w·cols(x[n]). Conv2DRef is the definition.
func Conv2D[T Float](y, x, w, b []T, d ConvDims) {
	job := getJob[convJob[T]](&convJobs[sizeIndex[T]()])
	job.d, job.y, job.x, job.w, job.b = d, y, x, w, b
	runConv(job)
	job.release()
}

// Conv2DGrad computes the gradients of ⟨g, conv(x, w) + b⟩, for g
// [N, O, HO, WO], with respect to x (into dx, unless dx is nil: then w is not
// read), to w (into dw, unless dw is nil: then x is not read) and to b (into
// db, unless db is nil). The first is the transposed convolution of g,
//
//	dx[n, c, a, e] = Σ g[n, o, i, j]·w[o, c, p, q]  over a = i·SH + p − PH, e = j·SW + q − PW,
//
// dx[n] ← Col2Im(wᵀ·g[n]) for each image; the second is
//
//	dw[o, c, p, q] = Σ_{n,i,j} g[n, o, i, j]·x[n, c, i·SH + p − PH, j·SW + q − PW],
//
// each group's part P = Σ_{n in group} g[n]·cols(x[n])ᵀ accumulated by the
// GEMM in image order and dw ← ((P₀ + P₁) + P₂) + …, in group order; the
// third likewise, with Sum(g[n, o, ·, ·]) for each image. All are
// overwritten. Asking for several at once reads each g[n] from memory once.
// Conv2DInputRef and Conv2DWeightRef are the definitions.
func Conv2DGrad[T Float](dx, dw, db, x, g, w []T, d ConvDims) {
	k := d.C * d.KH * d.KW
	if dw != nil {
		dw = dw[:d.O*k]
	}
	if db != nil {
		db = db[:d.O]
	}
	if d.N == 0 {
		clear(dw)
		clear(db)
		return
	}
	if dx == nil && dw == nil && db == nil {
		return
	}
	job := getJob[convJob[T]](&convJobs[sizeIndex[T]()])
	defer job.release()
	job.d, job.dx, job.x, job.g, job.w, job.groups = d, dx, x, g, w, d.N
	if dw != nil {
		job.groups = min(d.N, max(convPartsBudget/max(d.O*k, 1), 1))
		parts := getConvBuf[T](job.groups * d.O * k)
		defer putConvBuf(parts)
		job.dwParts = *parts
	}
	if db != nil {
		parts := getConvBuf[T](job.groups * d.O)
		defer putConvBuf(parts)
		job.dbParts = *parts
	}
	runConv(job)
	sumParts(dw, job.dwParts, job.groups)
	sumParts(db, job.dbParts, job.groups)
}

// sumParts sets dst to the sum of the n consecutive parts of len(dst)
// elements in parts, added in order: ((part₀ + part₁) + part₂) + ….
func sumParts[T Float](dst, parts []T, n int) {
	if dst == nil {
		return
	}
	copy(dst, parts[:len(dst)])
	for i := 1; i < n; i++ {
		part := parts[i*len(dst) : (i+1)*len(dst)]
		for j, v := range part {
			dst[j] += v
		}
	}
}

// A convJob is one pass over all images: the forward pass when y is set,
// else the backward pass into dx, dwParts and dbParts (each if set); see
// runConv.
type convJob[T Float] struct {
	d         ConvDims
	x, w, b   []T
	y         []T // forward: the output
	g         []T // backward: the output's cotangent
	dx        []T // backward: the input's gradient, or nil
	dwParts   []T // backward: the weight gradient's part of each group, or nil
	dbParts   []T // backward: the bias gradient's part of each group, or nil
	groups    int // the images are cut into this many groups (1 ≤ groups ≤ N)
	nextGroup atomic.Int64
}

// convJobs pools convJobs, one pool per element size, so that a convolution
// allocates nothing once warm.
var convJobs [2]sync.Pool

// release clears the job and returns it to convJobs.
func (j *convJob[T]) release() {
	*j = convJob[T]{} // hold on to no slices; nextGroup back to 0
	convJobs[sizeIndex[T]()].Put(j)
}

// runConv runs job over all images on up to GOMAXPROCS goroutines.
func runConv[T Float](job *convJob[T]) {
	d := job.d
	if d.N == 0 {
		return
	}
	if job.groups == 0 {
		job.groups = d.N
	}
	k, l := d.C*d.KH*d.KW, d.HO*d.WO
	work := float64(d.N) * float64(d.O) * float64(k) * float64(l)
	if job.y == nil && job.dx != nil && job.dwParts != nil {
		work *= 2
	}
	parallelRun(job, max(min(runtime.GOMAXPROCS(0), job.groups, int(work/convParallelWork)), 1))
}

// run claims groups of images one at a time and computes their part of the
// pass, until every group is claimed. Which groups a call gets is left to
// chance; what it computes for each is not.
func (j *convJob[T]) run(_, _ int) {
	d := j.d
	var cols []T // scratch for an image's windows and their gradient, [K, L]
	if !d.direct() {
		buf := getConvBuf[T](d.C * d.KH * d.KW * d.HO * d.WO)
		defer putConvBuf(buf)
		cols = *buf
	}
	for {
		group := int(j.nextGroup.Add(1) - 1)
		if group >= j.groups {
			return
		}
		first, end := d.N*group/j.groups, d.N*(group+1)/j.groups
		for n := first; n < end; n++ {
			if j.y != nil {
				j.forward(n, cols)
			} else {
				j.backward(n, n == first, group, cols)
			}
		}
	}
}

// forward computes y[n] ← b·1ᵀ + w·cols(x[n]), with cols as scratch (nil when
// d is direct).
func (j *convJob[T]) forward(n int, cols []T) {
	d := j.d
	k, l := d.C*d.KH*d.KW, d.HO*d.WO
	x, y := j.x[n*d.C*d.H*d.W:][:d.C*d.H*d.W], j.y[n*d.O*l:][:d.O*l]
	var beta T
	if j.b != nil {
		for o, bias := range j.b[:d.O] {
			fill(y[o*l:(o+1)*l], bias) // serial: the images are the parallel parts
		}
		beta = 1
	}
	Gemm(false, false, d.O, l, k, 1, j.w, k, imageWindows(d, cols, x), l, beta, y, l)
}

// backward computes image n's share of the gradients, with cols as scratch
// (nil when d is direct): dx[n] ← Col2Im(wᵀ·g[n]), and g[n]·cols(x[n])ᵀ and
// the sums of g[n]'s rows into the partial sums of group, which it starts
// when first is set and adds to otherwise.
func (j *convJob[T]) backward(n int, first bool, group int, cols []T) {
	d := j.d
	k, l := d.C*d.KH*d.KW, d.HO*d.WO
	img := d.C * d.H * d.W
	g := j.g[n*d.O*l:][:d.O*l]
	if j.dbParts != nil {
		db := j.dbParts[group*d.O : (group+1)*d.O]
		for o := range db {
			if s := sumChunks(g[o*l : (o+1)*l]); first { // Sum, serially
				db[o] = s
			} else {
				db[o] += s
			}
		}
	}
	if j.dwParts != nil {
		var beta T // 0 starts the group's partial sum, 1 adds to it
		if !first {
			beta = 1
		}
		x := j.x[n*img : (n+1)*img]
		Gemm(false, true, d.O, k, l, 1, g, l, imageWindows(d, cols, x), l, beta, j.dwParts[group*d.O*k:(group+1)*d.O*k], k)
	}
	if j.dx != nil {
		dx := j.dx[n*img : (n+1)*img]
		if cols == nil { // the windows are the image: no folding
			Gemm(true, false, k, l, d.O, 1, j.w, k, g, l, 0, dx, l)
			return
		}
		Gemm(true, false, k, l, d.O, 1, j.w, k, g, l, 0, cols, l)
		clear(dx)
		Col2Im(dx, cols, d.C, d.H, d.W, d.KH, d.KW, d.SH, d.SW, d.PH, d.PW, d.HO, d.WO)
	}
}

// direct reports whether the windows of an image are the image itself (a 1×1
// window with stride 1 and no padding), so that Im2Col can be skipped.
func (d ConvDims) direct() bool {
	return d.KH == 1 && d.KW == 1 && d.SH == 1 && d.SW == 1 && d.PH == 0 && d.PW == 0
}

// imageWindows returns the windows of image x as a [C·KH·KW, HO·WO] matrix: laid
// out in cols by Im2Col, or x itself when d is direct (cols is then nil).
func imageWindows[T Float](d ConvDims, cols, x []T) []T {
	if cols == nil {
		return x
	}
	Im2Col(cols, x, d.C, d.H, d.W, d.KH, d.KW, d.SH, d.SW, d.PH, d.PW, d.HO, d.WO)
	return cols
}

// Scratch buffers for the windows and the weight gradient's parts, one pool
// per element size.
var convBufs [2]sync.Pool

// getConvBuf returns a buffer of length size (contents unspecified).
func getConvBuf[T Float](size int) *[]T {
	pool := &convBufs[unsafe.Sizeof(T(0))/8]
	if buf, _ := pool.Get().(*[]T); buf != nil && cap(*buf) >= size {
		*buf = (*buf)[:size]
		return buf
	}
	buf := make([]T, size)
	return &buf
}

func putConvBuf[T Float](buf *[]T) { convBufs[unsafe.Sizeof(T(0))/8].Put(buf) }

// The three reference twins share one definition: the convolution is the set of
// taps, index triples (y, w, x) into y [N, O, HO, WO], w [O, C, KH, KW] and the
// unpadded x [N, C, H, W] with
//
//	y[n, o, i, j] ∋ w[o, c, p, q] · x[n, c, i·SH + p − PH, j·SW + q − PW],
//
// for every tap whose x index falls inside the image (padding taps are zero).
// The forward pass and the two gradients are the three contractions over it.

// Conv2DRef is the reference twin of Conv2D: the definition,
// y[t.y] = b[o] + Σ_taps w[t.w]·x[t.x], summed in order of (c, p, q).
func Conv2DRef[T Float](y, x, w, b []T, d ConvDims) {
	for n := range d.N {
		for o := range d.O {
			for at := range d.HO * d.WO {
				var s T
				if b != nil {
					s = b[o]
				}
				y[(n*d.O+o)*d.HO*d.WO+at] = s
			}
		}
	}
	convTaps(d, func(yi, wi, xi int) { y[yi] += w[wi] * x[xi] })
}

// Conv2DInputRef is the reference twin of Conv2DInput: the definition,
// dx[t.x] = Σ_taps g[t.y]·w[t.w].
func Conv2DInputRef[T Float](dx, g, w []T, d ConvDims) {
	clear(dx[:d.N*d.C*d.H*d.W])
	convTaps(d, func(yi, wi, xi int) { dx[xi] += g[yi] * w[wi] })
}

// Conv2DWeightRef is the reference twin of Conv2DWeight: the definition,
// dw[t.w] = Σ_taps g[t.y]·x[t.x], summed in order of (n, i, j).
func Conv2DWeightRef[T Float](dw, x, g []T, d ConvDims) {
	clear(dw[:d.O*d.C*d.KH*d.KW])
	convTaps(d, func(yi, wi, xi int) { dw[wi] += g[yi] * x[xi] })
}

// convTaps calls f(y, w, x) for every tap of the convolution d (see above) in
// the order of (n, o, i, j, c, p, q), the last varying fastest: for each y the
// taps come in order of (c, p, q), for each w in order of (n, i, j).
func convTaps(d ConvDims, f func(y, w, x int)) {
	for n := range d.N {
		for o := range d.O {
			for i := range d.HO {
				for j := range d.WO {
					yi := ((n*d.O+o)*d.HO+i)*d.WO + j
					for c := range d.C {
						for p := range d.KH {
							for q := range d.KW {
								a, e := i*d.SH+p-d.PH, j*d.SW+q-d.PW
								if a >= 0 && a < d.H && e >= 0 && e < d.W {
									f(yi, ((o*d.C+c)*d.KH+p)*d.KW+q, ((n*d.C+c)*d.H+a)*d.W+e)
								}
							}
						}
					}
				}
			}
		}
	}
}
