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

// The three convolution kernels below work image by image: image n's windows
// are laid out by Im2Col as a [K, L] matrix cols (K = C·KH·KW, L = HO·WO) in
// a scratch buffer small enough to stay in cache, and meet the weight viewed
// as a [O, K] matrix in one GEMM. Up to GOMAXPROCS goroutines claim images one
// at a time until none is left, so a helper that is slow to wake delays
// nothing. What is computed for image n does not depend on who computes it,
// and each image writes only its own output (the weight gradient: its own
// partial sum, added to the others in image order at the end), so the
// results do not depend on GOMAXPROCS or on the scheduling.

// convParallelWork is the least work, in multiply-adds, worth a goroutine of
// its own: below it, waking a helper costs more than the helper saves.
const convParallelWork = 1 << 18

// Conv2D computes y = conv(x, w) + b:
//
//	y[n, o, i, j] = b[o] + Σ_{c,p,q} w[o, c, p, q]·x[n, c, i·SH + p − PH, j·SW + q − PW]
//
// (x is zero in the padding); b may be nil for no bias. For each image,
// y[n] ← b·1ᵀ + w·cols(x[n]). Conv2DRef is the definition.
func Conv2D[T Float](y, x, w, b []T, d ConvDims) {
	runConv(convForward, d, y, x, w, b)
}

// Conv2DInput computes the gradient of ⟨g, conv(x, w)⟩ with respect to x, the
// transposed convolution of g [N, O, HO, WO]:
//
//	dx[n, c, a, e] = Σ g[n, o, i, j]·w[o, c, p, q]  over a = i·SH + p − PH, e = j·SW + q − PW.
//
// For each image, dx[n] ← Col2Im(wᵀ·g[n]). dx is overwritten. Conv2DInputRef
// is the definition.
func Conv2DInput[T Float](dx, g, w []T, d ConvDims) {
	runConv(convInput, d, dx, g, w, nil)
}

// Conv2DWeight computes the gradient of ⟨g, conv(x, w)⟩ with respect to w:
//
//	dw[o, c, p, q] = Σ_{n,i,j} g[n, o, i, j]·x[n, c, i·SH + p − PH, j·SW + q − PW].
//
// Each image's part Pₙ = g[n]·cols(x[n])ᵀ is computed on its own and
// dw ← ((P₀ + P₁) + P₂) + …, in image order. dw is overwritten.
// Conv2DWeightRef is the definition.
func Conv2DWeight[T Float](dw, x, g []T, d ConvDims) {
	if d.N == 0 || d.O == 0 {
		clear(dw[:d.O*d.C*d.KH*d.KW])
		return
	}
	k := d.C * d.KH * d.KW
	parts := getConvBuf[T](d.N * d.O * k)
	runConv(convWeight, d, *parts, x, g, nil)
	dw = dw[:d.O*k]
	copy(dw, (*parts)[:d.O*k])
	for n := 1; n < d.N; n++ {
		part := (*parts)[n*d.O*k : (n+1)*d.O*k]
		for i, v := range part {
			dw[i] += v
		}
	}
	putConvBuf(parts)
}

// The three passes a convJob can run.
const (
	convForward = iota // out = y, in = x, w = w, b = bias
	convInput          // out = dx, in = g, w = w
	convWeight         // out = the per-image parts of dw, in = x, w = g
)

// A convJob runs one pass over all images; see runConv.
type convJob[T Float] struct {
	pass       int
	d          ConvDims
	out, in, w []T
	b          []T
	next       atomic.Int64 // the next image not yet claimed
}

// runConv runs pass over all images on up to GOMAXPROCS goroutines.
func runConv[T Float](pass int, d ConvDims, out, in, w, b []T) {
	if d.N == 0 {
		return
	}
	k, l := d.C*d.KH*d.KW, d.HO*d.WO
	work := float64(d.N) * float64(d.O) * float64(k) * float64(l)
	workers := max(min(runtime.GOMAXPROCS(0), d.N, int(work/convParallelWork)), 1)
	job := &convJob[T]{pass: pass, d: d, out: out, in: in, w: w, b: b}
	parallelRun(job, workers)
}

// run claims images one at a time and computes their part of the pass, until
// every image is claimed. Which images a call gets is left to chance; what it
// computes for each is not.
func (j *convJob[T]) run(_, _ int) {
	d := j.d
	k, l := d.C*d.KH*d.KW, d.HO*d.WO
	img, outImg := d.C*d.H*d.W, d.O*l
	var cols []T // image n's windows, [k, l]
	if !d.direct() {
		buf := getConvBuf[T](k * l)
		defer putConvBuf(buf)
		cols = *buf
	}
	for {
		n := int(j.next.Add(1) - 1)
		if n >= d.N {
			return
		}
		switch j.pass {
		case convForward:
			x, y := j.in[n*img:(n+1)*img], j.out[n*outImg:(n+1)*outImg]
			var beta T
			if j.b != nil {
				for o, bias := range j.b[:d.O] {
					Fill(y[o*l:(o+1)*l], bias)
				}
				beta = 1
			}
			Gemm(false, false, d.O, l, k, 1, j.w, k, imageWindows(d, cols, x), l, beta, y, l)
		case convInput:
			g, dx := j.in[n*outImg:(n+1)*outImg], j.out[n*img:(n+1)*img]
			if cols == nil { // the windows are the image: no folding
				Gemm(true, false, k, l, d.O, 1, j.w, k, g, l, 0, dx, l)
				continue
			}
			Gemm(true, false, k, l, d.O, 1, j.w, k, g, l, 0, cols, l)
			clear(dx)
			Col2Im(dx, cols, d.C, d.H, d.W, d.KH, d.KW, d.SH, d.SW, d.PH, d.PW, d.HO, d.WO)
		case convWeight:
			x, g := j.in[n*img:(n+1)*img], j.w[n*outImg:(n+1)*outImg]
			Gemm(false, true, d.O, k, l, 1, g, l, imageWindows(d, cols, x), l, 0, j.out[n*d.O*k:(n+1)*d.O*k], k)
		}
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

// Conv2DRef is the reference twin of Conv2D: the definition.
func Conv2DRef[T Float](y, x, w, b []T, d ConvDims) {
	for n := range d.N {
		for o := range d.O {
			for i := range d.HO {
				for j := range d.WO {
					var s T
					if b != nil {
						s = b[o]
					}
					for c := range d.C {
						for p := range d.KH {
							for q := range d.KW {
								if v, ok := convPixel(x, d, n, c, i*d.SH+p-d.PH, j*d.SW+q-d.PW); ok {
									s += w[((o*d.C+c)*d.KH+p)*d.KW+q] * v
								}
							}
						}
					}
					y[((n*d.O+o)*d.HO+i)*d.WO+j] = s
				}
			}
		}
	}
}

// Conv2DInputRef is the reference twin of Conv2DInput: the definition.
func Conv2DInputRef[T Float](dx, g, w []T, d ConvDims) {
	clear(dx[:d.N*d.C*d.H*d.W])
	for n := range d.N {
		for o := range d.O {
			for i := range d.HO {
				for j := range d.WO {
					gv := g[((n*d.O+o)*d.HO+i)*d.WO+j]
					for c := range d.C {
						for p := range d.KH {
							for q := range d.KW {
								a, e := i*d.SH+p-d.PH, j*d.SW+q-d.PW
								if a >= 0 && a < d.H && e >= 0 && e < d.W {
									dx[((n*d.C+c)*d.H+a)*d.W+e] += gv * w[((o*d.C+c)*d.KH+p)*d.KW+q]
								}
							}
						}
					}
				}
			}
		}
	}
}

// Conv2DWeightRef is the reference twin of Conv2DWeight: the definition.
func Conv2DWeightRef[T Float](dw, x, g []T, d ConvDims) {
	for o := range d.O {
		for c := range d.C {
			for p := range d.KH {
				for q := range d.KW {
					var s T
					for n := range d.N {
						for i := range d.HO {
							for j := range d.WO {
								if v, ok := convPixel(x, d, n, c, i*d.SH+p-d.PH, j*d.SW+q-d.PW); ok {
									s += g[((n*d.O+o)*d.HO+i)*d.WO+j] * v
								}
							}
						}
					}
					dw[((o*d.C+c)*d.KH+p)*d.KW+q] = s
				}
			}
		}
	}
}

// convPixel returns x[n, c, a, e] and true, or false when (a, e) is in the padding.
func convPixel[T Float](x []T, d ConvDims, n, c, a, e int) (T, bool) {
	if a < 0 || a >= d.H || e < 0 || e >= d.W {
		return 0, false
	}
	return x[((n*d.C+c)*d.H+a)*d.W+e], true
}
