package kernel

import "unsafe"

// The locally connected kernels' per-position products on the GEMM's tile,
// without Gemm's driver: the operands are packed straight from where they
// lie (the windows gathered from x into B̃'s panels, no intermediate panel)
// into the layouts of packA and packB, the whole product is one block
// (kc = the full inner size, at most localTileMax), and the tile runs on
// full mr×nr tiles of a zeroed scratch C, from which the caller reads the
// entries it needs. Each entry of C is then Σ_q in order of q, as the tile
// sums (see gemm.go, "Order of summation").

// localTileMax bounds the sizes (O, K and the images of a block) for which
// the products take the tile directly; larger ones go through Gemm, which
// blocks them for the caches. A variable so that tests can force Gemm.
var localTileMax = 384

// localTile returns the tile's size for T.
func localTile[T Float]() (mr, nr int) {
	if unsafe.Sizeof(T(0)) == 4 {
		return tile32.mr, tile32.nr
	}
	return tile64.mr, tile64.nr
}

// tileProduct sets c, an (mp·mr)×(np·nr) matrix with row stride np·nr, to
// Ã·B̃ for Ã packed as mp panels of mr rows and B̃ as np panels of nr
// columns, kc steps each (packA's and packB's layouts).
func tileProduct[T Float](mp, np, kc int, pa, pb, c []T) {
	mr, nr := localTile[T]()
	ldc := np * nr
	c = c[:mp*mr*ldc]
	clear(c)
	for jr := range np {
		b := pb[jr*nr*kc:][:nr*kc]
		for ir := range mp {
			a, out := pa[ir*mr*kc:][:mr*kc], c[ir*mr*ldc+jr*nr:]
			if unsafe.Sizeof(T(0)) == 4 {
				tile32.fn(kc, floats[float32](a), floats[float32](b), floats[float32](out), ldc)
			} else {
				tile64.fn(kc, floats[float64](a), floats[float64](b), floats[float64](out), ldc)
			}
		}
	}
}

// localScratch holds one part's buffers for the tile products, grown on demand.
type localScratch[T Float] struct {
	pa, pb, c, g *[]T
}

// grads returns the buffer for the cotangents' panels, with n elements.
func (s *localScratch[T]) grads(n int) []T { return growBuf(&s.g, n) }

// get returns the three buffers with at least na, nb and nc elements.
func (s *localScratch[T]) get(na, nb, nc int) (pa, pb, c []T) {
	return growBuf(&s.pa, na), growBuf(&s.pb, nb), growBuf(&s.c, nc)
}

// growBuf returns (*buf)[:n], taking a larger buffer from localBufs when
// needed.
func growBuf[T Float](buf **[]T, n int) []T {
	if *buf == nil || cap(**buf) < n {
		if *buf != nil {
			putBuf(&localBufs, *buf)
		}
		*buf = getBuf[T](&localBufs, n)
	}
	return (**buf)[:n]
}

// free returns the buffers to localBufs.
func (s *localScratch[T]) free() {
	for _, b := range [...]*[]T{s.pa, s.pb, s.c, s.g} {
		if b != nil {
			putBuf(&localBufs, b)
		}
	}
	*s = localScratch[T]{}
}

// packWindowColumns packs the windows at position p of the m images from x
// as B̃'s panels of nr columns, one column per image:
//
//	pb[(j/nr)·nr·K + q·nr + j%nr] = x[j·img + offs[p·K + q]]   (0 in the padding, and for j ≥ m),
//
// for the forward product, whose columns are the images.
func packWindowColumns[T Float](pl *localPlan, pb, x []T, m, p, nr int) {
	k := pl.k
	taps := pl.offs[p*k:][:k]
	np := ceilDiv(m, nr)
	for jp := range np {
		panel := pb[jp*nr*k:][:nr*k]
		for j := range nr {
			n := jp*nr + j
			if n >= m {
				for q := range k {
					panel[q*nr+j] = 0
				}
				continue
			}
			img := x[n*pl.img:][:pl.img]
			for q, off := range taps {
				if off >= 0 {
					panel[q*nr+j] = img[off]
				} else {
					panel[q*nr+j] = 0
				}
			}
		}
	}
}

// packWindowRows packs the windows at position p of the m images from x as
// B̃'s panels of nr columns, one column per tap, one step per image:
//
//	pb[(t/nr)·nr·m + q·nr + t%nr] = x[q·img + offs[p·K + t]]   (0 in the padding, and for t ≥ K),
//
// for the weight gradient's product, which sums over the images.
func packWindowRows[T Float](pl *localPlan, pb, x []T, m, p, nr int) {
	k := pl.k
	taps := pl.offs[p*k:][:k]
	np := ceilDiv(k, nr)
	for q := range m {
		img := x[q*pl.img:][:pl.img]
		for tp := range np {
			step := pb[tp*nr*m+q*nr:][:nr]
			for j := range step {
				t := tp*nr + j
				if t < k && taps[t] >= 0 {
					step[j] = img[taps[t]]
				} else {
					step[j] = 0
				}
			}
		}
	}
}
