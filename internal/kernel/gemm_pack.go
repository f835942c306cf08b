package kernel

import "unsafe"

// Packing: the copies of A's and B's blocks into the contiguous panels the
// micro-kernel tile reads (see gemm.go, "The driver").

// packA packs alpha·op(A)[ic:ic+mb, pc:pc+kb] into dst as ⌈mb/mr⌉ panels of mr rows:
//
//	dst[q·mr·kb + p·mr + i] = alpha·op(A)[ic + q·mr + i, pc + p],
//
// zero for rows past mb.
func packA[T Float](transA bool, alpha T, a []T, lda, ic, pc, mb, kb, mr int, dst []T) {
	for r := 0; r < mb; r += mr {
		panel := dst[r*kb : (r+mr)*kb]
		h := min(mr, mb-r)
		if transA {
			// op(A)[i,p] = a[p·lda+i]
			packPanel(panel, mr, h, kb, alpha, a[pc*lda+ic+r:], lda, false)
		} else {
			// op(A)[i,p] = a[i·lda+p]
			packPanel(panel, mr, h, kb, alpha, a[(ic+r)*lda+pc:], lda, true)
		}
	}
}

// packB packs op(B)[pc:pc+kb, jc:jc+nb] into dst as ⌈nb/nr⌉ panels of nr columns:
//
//	dst[q·nr·kb + p·nr + j] = op(B)[pc + p, jc + q·nr + j],
//
// zero for columns past nb.
func packB[T Float](transB bool, b []T, ldb, pc, jc, kb, nb, nr int, dst []T) {
	for s := 0; s < nb; s += nr {
		panel := dst[s*kb : (s+nr)*kb]
		w := min(nr, nb-s)
		if transB {
			// op(B)[p,j] = b[j·ldb+p]
			packPanel(panel, nr, w, kb, 1, b[(jc+s)*ldb+pc:], ldb, true)
		} else {
			// op(B)[p,j] = b[p·ldb+j]
			packPanel(panel, nr, w, kb, 1, b[pc*ldb+jc+s:], ldb, false)
		}
	}
}

// packPanel packs h vectors of length kb, times alpha, into one panel of width
// w ≥ h, the i-th entries of step p adjacent:
//
//	panel[p·w + i] = alpha·v_i[p]    for 0 ≤ p < kb, 0 ≤ i < h;  0 for h ≤ i < w,
//
// where v_i[p] = src[i·ld + p] if vectorsContiguous, else src[p·ld + i].
func packPanel[T Float](panel []T, w, h, kb int, alpha T, src []T, ld int, vectorsContiguous bool) {
	panel = panel[:w*kb]
	if !vectorsContiguous {
		// Step p reads h adjacent values and writes them adjacent.
		if alpha == 1 && copySteps(panel, w, h, kb, src, ld) {
			return
		}
		for p := range kb {
			step := panel[p*w : p*w+w]
			values := src[p*ld:][:h]
			if alpha == 1 && h >= 8 {
				copy(step, values)
			} else {
				step := step[:len(values)]
				for i, v := range values {
					step[i] = alpha * v
				}
			}
			if h < w {
				clear(step[h:])
			}
		}
		return
	}
	// Vector i is contiguous: read four of them at a time, write four adjacent values.
	i := 0
	for ; i+4 <= h; i += 4 {
		gather4(panel[i:], w, kb, alpha, src[i*ld:], ld)
	}
	for ; i < h; i++ {
		for p, v := range src[i*ld:][:kb] {
			panel[p*w+i] = alpha * v
		}
	}
	for ; i < w; i++ {
		for p := range kb {
			panel[p*w+i] = 0
		}
	}
}

// gather4 packs four contiguous vectors of length kb, times alpha, into four
// adjacent columns of a panel of width w:
//
//	panel[p·w + i] = alpha·src[i·ld + p]    for 0 ≤ p < kb, 0 ≤ i < 4.
//
// It walks pointers instead of indexing: the compiler cannot drop the bounds checks
// of the indexed loop, which then ran 20 to 30% slower (BenchmarkPack). The two index
// expressions at the top check the last element each pointer reaches, so that every
// access in the loop is in bounds.
func gather4[T Float](panel []T, w, kb int, alpha T, src []T, ld int) {
	if kb == 0 {
		return
	}
	_ = panel[(kb-1)*w+3]
	_ = src[3*ld+kb-1]
	size := unsafe.Sizeof(alpha)
	dst, v := unsafe.Pointer(unsafe.SliceData(panel)), unsafe.Pointer(unsafe.SliceData(src))
	dstStep, vStep := uintptr(w)*size, uintptr(ld)*size
	// Byte offsets of step p in the panel and in vector 0. They are advanced as
	// integers: a pointer must not point past its allocation, even after the loop.
	var at, from uintptr
	if alpha == 1 {
		for range kb {
			step, x := (*[4]T)(unsafe.Add(dst, at)), unsafe.Add(v, from)
			step[0] = *(*T)(x)
			step[1] = *(*T)(unsafe.Add(x, vStep))
			step[2] = *(*T)(unsafe.Add(x, 2*vStep))
			step[3] = *(*T)(unsafe.Add(x, 3*vStep))
			at, from = at+dstStep, from+size
		}
		return
	}
	for range kb {
		step, x := (*[4]T)(unsafe.Add(dst, at)), unsafe.Add(v, from)
		step[0] = alpha * *(*T)(x)
		step[1] = alpha * *(*T)(unsafe.Add(x, vStep))
		step[2] = alpha * *(*T)(unsafe.Add(x, 2*vStep))
		step[3] = alpha * *(*T)(unsafe.Add(x, 3*vStep))
		at, from = at+dstStep, from+size
	}
}

// copySteps packs h ≤ w adjacent values per step, for kb steps, when h values take
// 48, 64, 96 or 128 bytes, the panel widths of the assembly tiles:
//
//	panel[p·w + i] = src[p·ld + i]    for 0 ≤ p < kb, 0 ≤ i < h;  0 for h ≤ i < w.
//
// It reports false, doing nothing, for other sizes. Each step is one memmove of a
// constant size, without the slicing and bounds checks of copy on subslices: packing
// B ran 10 to 25% faster (BenchmarkPack).
func copySteps[T Float](panel []T, w, h, kb int, src []T, ld int) bool {
	switch uintptr(h) * unsafe.Sizeof(T(0)) {
	case 128:
		copyRows[[128]byte](panel, w, h, kb, src, ld)
	case 96:
		copyRows[[96]byte](panel, w, h, kb, src, ld)
	case 64:
		copyRows[[64]byte](panel, w, h, kb, src, ld)
	case 48:
		copyRows[[48]byte](panel, w, h, kb, src, ld)
	default:
		return false
	}
	return true
}

// copyRows is copySteps for rows of the size of R. Like gather4, it walks pointers;
// the index expressions at the top check the last element it reads and writes.
func copyRows[R any, T Float](panel []T, w, h, kb int, src []T, ld int) {
	if kb == 0 {
		return
	}
	_ = panel[(kb-1)*w+w-1]
	_ = src[(kb-1)*ld+h-1]
	size := unsafe.Sizeof(T(0))
	dst, row := unsafe.Pointer(unsafe.SliceData(panel)), unsafe.Pointer(unsafe.SliceData(src))
	var at, from uintptr // byte offsets of step p, advanced as integers (see gather4)
	for range kb {
		*(*R)(unsafe.Add(dst, at)) = *(*R)(unsafe.Add(row, from))
		at, from = at+uintptr(w)*size, from+uintptr(ld)*size
	}
	if h < w {
		for p := range kb {
			clear(panel[p*w+h : p*w+w])
		}
	}
}
