package kernel

import (
	"runtime"
	"sync"
)

// Locally connected layers: a convolution whose every output position has
// its own filters. The sizes are a ConvDims d; with K = C·KH·KW taps per
// window and P = HO·WO positions, the input is x [N, C, H, W], the weight
// w [HO, WO, O, C, KH, KW] = [P, O, K], the bias b [O, HO, WO] = [O, P] and
// the output y [N, O, HO, WO] = [N, O, P]. Writing
//
//	win(x)[n, k, p] = x[n, c, i·SH + a − PH, j·SW + e − PW]   (k = (c, a, e), p = (i, j); 0 in the padding),
//
// the layer is one small product per position p,
//
//	y[n, o, p] = b[o, p] + Σ_k w[p, o, k]·win(x)[n, k, p],
//
// and its two adjoints are, per position, the transposed products
//
//	dx[n, c, ·, ·] += Σ_o g[n, o, p]·w[p, o, k]  scattered to the taps of the window,
//	dw[p, o, k] = Σ_n g[n, o, p]·win(x)[n, k, p].
//
// The kernels never lay out win(x) for the whole batch. A localPlan lists,
// once per call, the index in an image of every tap of every window (−1 in
// the padding). The positions go in groups of a cache line of y and g (16
// float32 or 8 float64 consecutive positions), so that y is written and g
// read a run at a time, never one element per cache line. Then, per
// position, one of three paths, chosen from the sizes alone:
//
//   - when O and K are both large enough for the GEMM's tile to pay (see
//     localGemmMin), the operands are packed straight into the tile's panels
//     (the windows gathered from x, the cotangents read from g) and the tile
//     runs on them directly (local_tile.go), or for products too large for
//     one block (localTileMax), through Gemm on a gathered [rows, K] panel;
//   - when the windows are "affine" (no padding tap, and tap k of every
//     window at a fixed step from tap 0: a 1-D window over one channel, a 1×1
//     window over the channels, as in the theory's trees), the windows are
//     read in place through strides by localMul, a register-blocked product
//     for small sizes: nothing is gathered at all;
//   - otherwise the windows are gathered into a [rows, K] panel for localMul.
//
// Order of summation: y[n, o, p] = (Σ_k in order of k) + b[o, p] (Gemm sums
// more than 384 terms in chunks fixed by K alone); dw[p, o, k] sums over n in
// order within chunks of pl.chunk images, fixed by the sizes, and adds the
// chunks in order; dx[n, ·] receives the contributions of the positions
// p = 0, 1, … in order, each the sum over o in order. The work is split over
// blocks of images (y and dx) and groups of positions (y and dw), whose
// sizes depend on d alone, and each unit writes only its own outputs: the
// results do not depend on GOMAXPROCS.

// localParallelWork is the least work, in multiply-adds, worth splitting
// over goroutines (the convolutions' threshold): the theory's trees, with
// some 10⁵ multiply-adds per layer, stay on the calling goroutine.
const localParallelWork = convParallelWork

// localGemmMin is the least O and K (taps per window) for which the
// per-position products go through the GEMM's tile; below, localMul's
// direct loops are faster (measured on the theory's trees, K = 2 and
// O = 1). A variable so that tests can force either path.
var localGemmMin = 8

// localBlockBytes bounds the scratch of one block of images, so that it
// stays in L1.
const localBlockBytes = l1Bytes

// LocallyConnected2D computes y = b + the locally connected layer of x with
// weight w (see above): y[n, o, p] = b[o, p] + Σ_k w[p, o, k]·win(x)[n, k, p],
// with b [O, P] or nil for no bias. LocallyConnected2DRef is the definition.
func LocallyConnected2D[T Float](y, x, w, b []T, d ConvDims) {
	if d.N == 0 || d.O == 0 || d.HO*d.WO == 0 {
		return
	}
	if d.C*d.KH*d.KW == 0 { // no taps: y = b
		p := d.HO * d.WO
		for n := range d.N {
			out := y[n*d.O*p:][:d.O*p]
			if b == nil {
				clear(out)
			} else {
				copy(out, b[:d.O*p])
			}
		}
		return
	}
	job := &localJob[T]{mode: localForward, y: y, x: x, w: w, b: b}
	job.plan.init(d, sizeIndex[T]())
	defer job.plan.free()
	job.units = job.plan.blocks * job.plan.groups
	job.start()
}

// LocallyConnected2DInput computes the gradient of ⟨g, LocallyConnected2D(x, w)⟩
// with respect to x, for g [N, O, HO, WO] = [N, O, P]:
//
//	dx[n, c, s, t] = Σ g[n, o, p]·w[p, o, k]  over the taps k of the windows p that read x[n, c, s, t],
//
// overwriting dx [N, C, H, W]. LocallyConnected2DInputRef is the definition.
func LocallyConnected2DInput[T Float](dx, g, w []T, d ConvDims) {
	dx = dx[:d.N*d.C*d.H*d.W]
	if d.O == 0 || d.HO*d.WO == 0 || d.C*d.KH*d.KW == 0 {
		clear(dx)
		return
	}
	job := &localJob[T]{mode: localInput, y: dx, x: g, w: w}
	job.plan.init(d, sizeIndex[T]())
	defer job.plan.free()
	job.plan.useInputBlocks()
	job.units = job.plan.blocks
	job.start()
}

// LocallyConnected2DWeight computes the gradient of ⟨g, LocallyConnected2D(x, w)⟩
// with respect to w, for g [N, O, HO, WO] = [N, O, P]:
//
//	dw[p, o, k] = Σ_n g[n, o, p]·win(x)[n, k, p],
//
// overwriting dw [HO, WO, O, C, KH, KW]. LocallyConnected2DWeightRef is the
// definition.
func LocallyConnected2DWeight[T Float](dw, x, g []T, d ConvDims) {
	p, k := d.HO*d.WO, d.C*d.KH*d.KW
	dw = dw[:p*d.O*k]
	if d.N == 0 || len(dw) == 0 {
		clear(dw)
		return
	}
	job := &localJob[T]{mode: localWeight, y: dw, x: x, w: g}
	job.plan.init(d, sizeIndex[T]())
	defer job.plan.free()
	job.units = job.plan.groups
	job.start()
}

// A localPlan is what the three kernels derive from the sizes: the taps of
// every window, the path and the block sizes.
type localPlan struct {
	d         ConvDims
	k, p, img int   // K = C·KH·KW taps per window, P = HO·WO positions, C·H·W per image
	offs      []int // offs[p·K + k]: tap k of window p as an index into an image, −1 in the padding
	offsBuf   *[]int
	affine    bool // offs[p·K + k] = offs[p·K] + k·step for all p and k, none −1
	step      int
	gemm      bool // the per-position products go through the GEMM's tile
	tile      bool // ... directly (local_tile.go), not through Gemm
	group     int  // positions per group
	groups    int  // ⌈P / group⌉
	rows      int  // images per block (y and dx)
	blocks    int  // ⌈N / rows⌉
	chunk     int  // images per partial sum of dw
}

var localOffs sync.Pool // *[]int

// init fills the plan for d and elements of size index si (0 float32, 1 float64).
func (pl *localPlan) init(d ConvDims, si int) {
	pl.d = d
	pl.k, pl.p, pl.img = d.C*d.KH*d.KW, d.HO*d.WO, d.C*d.H*d.W
	pl.offsBuf, _ = localOffs.Get().(*[]int)
	if pl.offsBuf == nil || cap(*pl.offsBuf) < pl.p*pl.k {
		buf := make([]int, pl.p*pl.k)
		pl.offsBuf = &buf
	}
	pl.offs = (*pl.offsBuf)[:pl.p*pl.k]
	for i := range d.HO {
		for j := range d.WO {
			taps := pl.offs[(i*d.WO+j)*pl.k:][:pl.k]
			for c := range d.C {
				for a := range d.KH {
					for e := range d.KW {
						s, t := i*d.SH+a-d.PH, j*d.SW+e-d.PW
						off := -1
						if s >= 0 && s < d.H && t >= 0 && t < d.W {
							off = (c*d.H+s)*d.W + t
						}
						taps[(c*d.KH+a)*d.KW+e] = off
					}
				}
			}
		}
	}
	pl.affine, pl.step = true, 0
	if pl.k > 1 {
		pl.step = pl.offs[1] - pl.offs[0]
	}
	for p := range pl.p {
		taps := pl.offs[p*pl.k:][:pl.k]
		for k, off := range taps {
			if off < 0 || off != taps[0]+k*pl.step {
				pl.affine = false
			}
		}
	}
	pl.gemm = d.O >= localGemmMin && pl.k >= localGemmMin
	// Positions go in groups of a cache line of y (and g): 16 float32 or 8
	// float64 consecutive positions of an image and channel.
	pl.group = min(pl.p, 64>>(2+si))
	pl.groups = ceilDiv(pl.p, pl.group)
	// A block's scratch, per image: the windows of a position and their
	// gradient (2K), and the group's outputs or cotangents (group·O).
	pl.rows = max(4, localBlockBytes/((4<<si)*pl.perRow()))
	pl.chunk = pl.rows
	pl.blocks = ceilDiv(d.N, pl.rows)
	pl.rows = ceilDiv(d.N, max(pl.blocks, 1)) // blocks of equal size
	pl.tile = pl.gemm && max(pl.k, d.O, pl.chunk) <= localTileMax
}

// perRow is the scratch one image of a block takes, in elements.
func (pl *localPlan) perRow() int { return 2*pl.k + pl.group*pl.d.O }

// useInputBlocks sets the blocks for the input gradient, which is split
// over blocks alone (the windows of different positions may overlap): at
// least two when the batch has eight images or more, so that it can go
// parallel.
func (pl *localPlan) useInputBlocks() {
	if pl.d.N >= 8 {
		pl.blocks = max(pl.blocks, 2)
		pl.rows = ceilDiv(pl.d.N, pl.blocks)
	}
}

func (pl *localPlan) free() {
	localOffs.Put(pl.offsBuf)
	pl.offs, pl.offsBuf = nil, nil
}

// localMode says which of the three products a localJob computes.
type localMode int

const (
	localForward localMode = iota // y from x, w, b; units are (block, group of positions)
	localInput                    // dx (in y) from g (in x) and w; units are blocks
	localWeight                   // dw (in y) from x and g (in w); units are groups of positions
)

// A localJob is one call of a locally connected kernel, cut into units (see
// localMode) that parts of parallelRun take in contiguous ranges.
type localJob[T Float] struct {
	mode    localMode
	plan    localPlan
	y, x, w []T // the output and the two operands, as in localMode
	b       []T // the bias (forward), or nil
	units   int
}

// start runs the job on as many goroutines as its size warrants.
func (j *localJob[T]) start() {
	d := j.plan.d
	work := float64(d.N) * float64(d.O) * float64(j.plan.k) * float64(j.plan.p)
	parts := max(min(runtime.GOMAXPROCS(0), j.units, int(work/localParallelWork)), 1)
	parallelRun(j, parts)
}

func (j *localJob[T]) run(part, parts int) {
	lo, hi := j.units*part/parts, j.units*(part+1)/parts
	pl := &j.plan
	scratch := getBuf[T](&localBufs, max(pl.rows, pl.chunk)*pl.perRow())
	defer putBuf(&localBufs, scratch)
	var ts localScratch[T]
	defer ts.free()
	for u := lo; u < hi; u++ {
		switch j.mode {
		case localForward:
			j.forward(u/pl.groups, u%pl.groups, *scratch, &ts)
		case localInput:
			j.input(u, *scratch, &ts)
		default:
			j.weight(u, *scratch, &ts)
		}
	}
}

var localBufs [2]sync.Pool

// forward computes y[n, ·, p] for the images n of block blk and the
// positions p of group grp.
func (j *localJob[T]) forward(blk, grp int, scratch []T, ts *localScratch[T]) {
	pl, d := &j.plan, j.plan.d
	n0 := blk * pl.rows
	m := min(pl.rows, d.N-n0)
	k, o := pl.k, d.O
	p0 := grp * pl.group
	ps := min(pl.group, pl.p-p0)
	panel, outs := scratch[:m*k], scratch[2*m*k:][:ps*m*o]
	x := j.x[n0*pl.img:]
	if pl.affine && !pl.gemm {
		// y[r, o, p] = Σ_k x[r, base + k·step]·w[p, o, k] + b[o, p], x and y in
		// place (the blocks are small enough for y's runs to stay in L1).
		op := o * pl.p
		for p := p0; p < p0+ps; p++ {
			var bias []T
			if j.b != nil {
				bias = j.b[p:]
			}
			localMul(m, o, k, x[pl.offs[p*k]:], pl.img, pl.step, j.w[p*o*k:][:o*k], 1, k,
				j.y[n0*op+p:], op, pl.p, bias, pl.p, false)
		}
		return
	}
	for i := range ps {
		p := p0 + i
		w := j.w[p*o*k:][:o*k]
		out := outs[i*m*o:][:m*o] // [m, O]
		switch {
		case pl.tile:
			// C = w[p]·windowsᵀ, [O, m] on the tile; out is its transpose.
			mr, nr := localTile[T]()
			mp, np := ceilDiv(o, mr), ceilDiv(m, nr)
			pa, pb, c := ts.get(mp*mr*k, np*nr*k, mp*mr*np*nr)
			for ip := range mp {
				packPanel(pa[ip*mr*k:], mr, min(mr, o-ip*mr), k, 1, w[ip*mr*k:], k, true)
			}
			packWindowColumns(pl, pb, x, m, p, nr)
			tileProduct(mp, np, k, pa, pb, c)
			ldc := np * nr
			for r := range m {
				row := out[r*o:][:o]
				for ch := range row {
					row[ch] = c[ch*ldc+r]
				}
			}
		case pl.gemm:
			gatherWindows(pl, panel, x, m, p)
			Gemm(false, true, m, o, k, 1, panel, k, w, k, 0, out, o)
		default:
			gatherWindows(pl, panel, x, m, p)
			localMul(m, o, k, panel, k, 1, w, 1, k, out, o, 1, nil, 0, false)
		}
	}
	// y[n, o, p0:p0+ps] = outs[·, r, o] + b[o, p0:p0+ps], a run of y at a time.
	for r := range m {
		y := j.y[(n0+r)*o*pl.p:][:o*pl.p]
		for c := range o {
			run := y[c*pl.p+p0:][:ps]
			if j.b == nil {
				for i := range run {
					run[i] = outs[(i*m+r)*o+c]
				}
				continue
			}
			bias := j.b[c*pl.p+p0:][:ps]
			for i := range run {
				run[i] = outs[(i*m+r)*o+c] + bias[i]
			}
		}
	}
}

// loadGrads sets grads[i, r, o] = g[n0 + r, o, p0 + i] for the m images from
// n0 and the ps positions from p0: the cotangents of a block and a group of
// positions, read a run of g at a time.
func loadGrads[T Float](pl *localPlan, grads, g []T, n0, m, p0, ps int) {
	o := pl.d.O
	for r := range m {
		in := g[(n0+r)*o*pl.p:][:o*pl.p]
		for c := range o {
			run := in[c*pl.p+p0:][:ps]
			for i, v := range run {
				grads[(i*m+r)*o+c] = v
			}
		}
	}
}

// loadGradPanels is loadGrads for the tile: it packs the cotangents of each
// position i straight into the panels of mr rows that the tile reads as Ã,
// at grads[i·size:], size = ⌈rows/mr⌉·mr·steps:
//
//   - byImage (the input gradient, Ã = g[·, ·, p], rows r, steps o):
//     grads[i·size + (r/mr)·mr·O + o·mr + r%mr] = g[n0 + r, o, p0 + i];
//   - otherwise (the weight gradient, Ã = g[·, ·, p]ᵀ, rows o, steps r):
//     grads[i·size + (o/mr)·mr·m + r·mr + o%mr] = g[n0 + r, o, p0 + i];
//
// zero in the rows past m (or O). It returns size.
func loadGradPanels[T Float](pl *localPlan, grads, g []T, n0, m, p0, ps, mr int, byImage bool) int {
	o := pl.d.O
	var size int
	if byImage {
		size = ceilDiv(m, mr) * mr * o
	} else {
		size = ceilDiv(o, mr) * mr * m
	}
	grads = grads[:ps*size]
	if byImage && m%mr != 0 || !byImage && o%mr != 0 {
		clear(grads)
	}
	for r := range m {
		in := g[(n0+r)*o*pl.p:][:o*pl.p]
		rowOff, colStep := r*mr, 0 // weight: o's offset is added below
		if byImage {
			rowOff, colStep = r/mr*mr*o+r%mr, mr
		}
		for c := range o {
			at := rowOff + c*colStep
			if !byImage {
				at += c/mr*mr*m + c%mr
			}
			for i, v := range in[c*pl.p+p0:][:ps] {
				grads[i*size+at] = v
			}
		}
	}
	return size
}

// input computes dx for the images of block blk, adding the windows'
// gradients position after position.
func (j *localJob[T]) input(blk int, scratch []T, ts *localScratch[T]) {
	pl, d := &j.plan, j.plan.d
	n0 := blk * pl.rows
	m := min(pl.rows, d.N-n0)
	k, o := pl.k, d.O
	dx := j.y[n0*pl.img : (n0+m)*pl.img]
	clear(dx)
	prod, grads := scratch[:m*k], scratch[2*m*k:]
	mr, nr := localTile[T]()
	for grp := range pl.groups {
		p0 := grp * pl.group
		ps := min(pl.group, pl.p-p0)
		size := m * o
		switch {
		case pl.tile:
			grads = ts.grads(ps * ceilDiv(m, mr) * mr * o)
			size = loadGradPanels(pl, grads, j.x, n0, m, p0, ps, mr, true)
		case pl.gemm || !pl.affine: // not read in place
			loadGrads(pl, grads, j.x, n0, m, p0, ps)
		}
		for i := range ps {
			p := p0 + i
			w := j.w[p*o*k:][:o*k]
			gp := grads[i*size:][:size] // [m, O], or Ã's panels
			prod, ldp := prod, k        // the windows' gradients, [m, K] with row stride ldp
			switch {
			case pl.affine && !pl.gemm:
				// dx[r, base + k·step] += Σ_o g[r, o, p]·w[p, o, k], g and dx in place.
				op := o * pl.p
				localMul(m, k, o, j.x[n0*op+p:], op, pl.p, w, k, 1, dx[pl.offs[p*k]:], pl.img, pl.step, nil, 0, true)
				continue
			case pl.tile:
				// C = g[·, ·, p]·w[p], [m, K] on the tile.
				mp, np := ceilDiv(m, mr), ceilDiv(k, nr)
				_, pb, c := ts.get(0, np*nr*o, mp*mr*np*nr)
				for jp := range np {
					packPanel(pb[jp*nr*o:], nr, min(nr, k-jp*nr), o, 1, w[jp*nr:], k, false)
				}
				tileProduct(mp, np, o, gp, pb, c)
				prod, ldp = c, np*nr
			case pl.gemm:
				Gemm(false, false, m, k, o, 1, gp, o, w, k, 0, prod, k)
			default:
				localMul(m, k, o, gp, o, 1, w, k, 1, prod, k, 1, nil, 0, false)
			}
			taps := pl.offs[p*k:][:k]
			for r := range m {
				img, row := dx[r*pl.img:][:pl.img], prod[r*ldp:][:k]
				for t, off := range taps {
					if off >= 0 {
						img[off] += row[t]
					}
				}
			}
		}
	}
}

// weight computes dw[p, ·, ·] for the positions p of group grp, summing
// over the images in chunks of pl.chunk, added in order.
func (j *localJob[T]) weight(grp int, scratch []T, ts *localScratch[T]) {
	pl, d := &j.plan, j.plan.d
	k, o := pl.k, d.O
	p0 := grp * pl.group
	ps := min(pl.group, pl.p-p0)
	mr, nr := localTile[T]()
	for n0 := 0; n0 < d.N; n0 += pl.chunk {
		m := min(pl.chunk, d.N-n0)
		panel, grads := scratch[:m*k], scratch[2*m*k:]
		size := m * o
		switch {
		case pl.tile:
			grads = ts.grads(ps * ceilDiv(o, mr) * mr * m)
			size = loadGradPanels(pl, grads, j.w, n0, m, p0, ps, mr, false)
		case pl.gemm || !pl.affine: // not read in place
			loadGrads(pl, grads, j.w, n0, m, p0, ps)
		}
		x := j.x[n0*pl.img:]
		for i := range ps {
			p := p0 + i
			dw := j.y[p*o*k:][:o*k]
			gp := grads[i*size:][:size] // [m, O], or Ã's panels
			switch {
			case pl.affine && !pl.gemm:
				// dw[p, o, k] (+)= Σ_r g[r, o, p]·x[r, base + k·step], g and x read in place.
				op := o * pl.p
				xp, gp := x[pl.offs[p*k]:], j.w[n0*op+p:]
				if o >= 4 || k < 4 {
					localMul(o, k, m, gp, pl.p, op, xp, pl.img, pl.step, dw, k, 1, nil, 0, n0 > 0)
				} else { // the transpose, so that the 4-row blocks have rows to take
					localMul(k, o, m, xp, pl.step, pl.img, gp, op, pl.p, dw, 1, k, nil, 0, n0 > 0)
				}
			case pl.tile:
				// C = g[·, ·, p]ᵀ·windows, [O, K] on the tile, summed over the chunk's images.
				mp, np := ceilDiv(o, mr), ceilDiv(k, nr)
				_, pb, c := ts.get(0, np*nr*m, mp*mr*np*nr)
				packWindowRows(pl, pb, x, m, p, nr)
				tileProduct(mp, np, m, gp, pb, c)
				ldc := np * nr
				for ch := range o {
					row, sum := dw[ch*k:][:k], c[ch*ldc:][:k]
					if n0 == 0 {
						copy(row, sum)
						continue
					}
					for t, v := range sum {
						row[t] += v
					}
				}
			case pl.gemm:
				gatherWindows(pl, panel, x, m, p)
				var beta T
				if n0 > 0 {
					beta = 1
				}
				Gemm(true, false, o, k, m, 1, gp, o, panel, k, beta, dw, k)
			default:
				gatherWindows(pl, panel, x, m, p)
				localMul(o, k, m, gp, 1, o, panel, k, 1, dw, k, 1, nil, 0, n0 > 0)
			}
		}
	}
}

// gatherWindows sets panel [m, K] to the windows at position p of the m images
// starting at x: panel[r, k] = x[r·img + offs[p·K + k]], 0 in the padding.
func gatherWindows[T Float](pl *localPlan, panel, x []T, m, p int) {
	taps := pl.offs[p*pl.k:][:pl.k]
	for r := range m {
		img, row := x[r*pl.img:][:pl.img], panel[r*pl.k:][:pl.k]
		for t, off := range taps {
			if off >= 0 {
				row[t] = img[off]
			} else {
				row[t] = 0
			}
		}
	}
}

// localMul computes a product of small matrices read and written through
// strides: for i < m and j < n, with
//
//	s[i, j] = Σ_{q<kk} a[i·ra + q·sa]·b[q·sb + j·cb]   (summed in order of q, from 0),
//
// it sets c[i·rc + j·cc] = s[i, j] + bias[j·bs] (bias nil: s[i, j]), or adds
// s[i, j] to it when add is set (bias is then ignored). Blocks of 4×2
// entries share their loads in registers, as gemmSmall's; the sums do not
// depend on the blocking.
func localMul[T Float](m, n, kk int, a []T, ra, sa int, b []T, sb, cb int, c []T, rc, cc int, bias []T, bs int, add bool) {
	i := 0
	for ; i+4 <= m; i += 4 {
		j := 0
		for ; j+2 <= n; j += 2 {
			var c00, c01, c10, c11, c20, c21, c30, c31 T
			at, bt := i*ra, j*cb
			for range kk {
				a0, a1, a2, a3 := a[at], a[at+ra], a[at+2*ra], a[at+3*ra]
				b0, b1 := b[bt], b[bt+cb]
				c00 += a0 * b0
				c01 += a0 * b1
				c10 += a1 * b0
				c11 += a1 * b1
				c20 += a2 * b0
				c21 += a2 * b1
				c30 += a3 * b0
				c31 += a3 * b1
				at += sa
				bt += sb
			}
			ct := i*rc + j*cc
			localStore(c, ct, cc, c00, c01, bias, j*bs, bs, add)
			localStore(c, ct+rc, cc, c10, c11, bias, j*bs, bs, add)
			localStore(c, ct+2*rc, cc, c20, c21, bias, j*bs, bs, add)
			localStore(c, ct+3*rc, cc, c30, c31, bias, j*bs, bs, add)
		}
		if j < n { // the last column: 4×1
			var c0, c1, c2, c3 T
			at, bt := i*ra, j*cb
			for range kk {
				bv := b[bt]
				c0 += a[at] * bv
				c1 += a[at+ra] * bv
				c2 += a[at+2*ra] * bv
				c3 += a[at+3*ra] * bv
				at += sa
				bt += sb
			}
			ct := i*rc + j*cc
			for r, s := range [4]T{c0, c1, c2, c3} {
				localStore1(c, ct+r*rc, s, bias, j*bs, add)
			}
		}
	}
	for ; i < m; i++ {
		for j := range n {
			var s T
			at, bt := i*ra, j*cb
			for range kk {
				s += a[at] * b[bt]
				at += sa
				bt += sb
			}
			localStore1(c, i*rc+j*cc, s, bias, j*bs, add)
		}
	}
}

// localStore stores two sums of a row of localMul's block: at c[ct] and
// c[ct + cc], with biases bias[bt] and bias[bt + bs].
func localStore[T Float](c []T, ct, cc int, s0, s1 T, bias []T, bt, bs int, add bool) {
	switch {
	case add:
		c[ct] += s0
		c[ct+cc] += s1
	case bias != nil:
		c[ct] = s0 + bias[bt]
		c[ct+cc] = s1 + bias[bt+bs]
	default:
		c[ct] = s0
		c[ct+cc] = s1
	}
}

// localStore1 stores one sum of localMul at c[ct], with bias bias[bt].
func localStore1[T Float](c []T, ct int, s T, bias []T, bt int, add bool) {
	switch {
	case add:
		c[ct] += s
	case bias != nil:
		c[ct] = s + bias[bt]
	default:
		c[ct] = s
	}
}
