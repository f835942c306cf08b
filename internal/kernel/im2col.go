package kernel

import "sync"

// Im2Col lays the sliding windows of one image out as columns. src is a
// [c, h, w] image; with ho, wo the output size, cols is [c·kh·kw, ho·wo] and
//
//	cols[(ch·kh + p)·kw + q, i·wo + j] = src[ch, i·sh + p − ph, j·sw + q − pw]
//
// with zeros where the index falls in the padding. (Im2ColRef is the definition.)
//
// Each output row (ch, p, q, i) splits into a left padding, an interior
// j ∈ [lo, hi) and a right padding, where lo and hi depend on q alone; so the
// interior needs no bounds test, and with stride 1 it is one copy. When the
// output rows are as wide as the image's, see im2colSameWidth.
func Im2Col[T Float](cols, src []T, c, h, w, kh, kw, sh, sw, ph, pw, ho, wo int) {
	if sh == 1 && sw == 1 && wo == w {
		im2colSameWidth(cols, src, c, h, w, kh, kw, ph, pw, ho)
		return
	}
	for row := range c * kh * kw {
		ch, p, q := windowRow(row, kh, kw)
		img := src[ch*h*w : (ch+1)*h*w]
		out := cols[row*ho*wo : (row+1)*ho*wo]
		lo, hi := interior(q, pw, sw, w, wo)
		for i := range ho {
			dst := out[i*wo : (i+1)*wo]
			y := i*sh + p - ph
			if y < 0 || y >= h {
				clear(dst)
				continue
			}
			clear(dst[:lo])
			clear(dst[hi:])
			// Column j reads x = j·sw + q − pw of the image row.
			line := img[y*w : (y+1)*w]
			x0 := lo*sw + q - pw
			if sw == 1 {
				copy(dst[lo:hi], line[x0:])
				continue
			}
			for j := lo; j < hi; j++ {
				dst[j] = line[x0]
				x0 += sw
			}
		}
	}
}

// im2colSameWidth is Im2Col for stride 1 and output rows of the image's width
// w (a "same" padding, kw = 2·pw + 1). Then output row i of window offset
// (p, q) reads image row i + p − ph from column q − pw on: over all rows at
// once, the plane of (ch, p, q) is the image read from one fixed offset,
//
//	cols[(ch·kh + p)·kw + q, m] = src[ch, m + (p − ph)·w + (q − pw)],
//
// one long copy, except for the rows that fall in the padding and, in each
// row, the |q − pw| columns that the copy took from a neighbouring row (or
// from past the image's ends): those are zeroed afterwards.
func im2colSameWidth[T Float](cols, src []T, c, h, w, kh, kw, ph, pw, ho int) {
	plane := ho * w
	row := 0
	for ch := range c {
		img := src[ch*h*w : (ch+1)*h*w]
		for p := range kh {
			// Output rows [i0, i1) read image rows inside [0, h).
			i0, i1 := max(ph-p, 0), min(h+ph-p, ho)
			i1 = max(i0, i1)
			for q := range kw {
				out := cols[row*plane : (row+1)*plane]
				row++
				clear(out[:i0*w])
				clear(out[i1*w:])
				if i0 == i1 {
					continue
				}
				shift := (p-ph)*w + (q - pw)
				// out[m] = img[m + shift] for m in [i0·w, i1·w), clipped to the image.
				m0, m1 := i0*w, i1*w
				copy(out[max(m0, -shift):m1], img[max(m0+shift, 0):min(m1+shift, len(img))])
				// Columns j with j + q − pw outside [0, w) are padding.
				lo, hi := interior(q, pw, 1, w, w)
				for i := i0; i < i1; i++ {
					line := out[i*w : (i+1)*w]
					for j := range lo {
						line[j] = 0
					}
					for j := hi; j < w; j++ {
						line[j] = 0
					}
				}
			}
		}
	}
}

// Col2Im is the adjoint of Im2Col: it adds every column entry back onto the
// image position it was read from (padding positions are dropped),
//
//	dst[ch, i·sh + p − ph, j·sw + q − pw] += cols[(ch·kh + p)·kw + q, i·wo + j].
//
// Entries are added in increasing order of (p, q, i, j) for each position.
// (Col2ImRef is the definition; the split into padding and interior is Im2Col's.)
func Col2Im[T Float](dst, cols []T, c, h, w, kh, kw, sh, sw, ph, pw, ho, wo int) {
	if sh == 1 && sw == 1 && wo == w && kw == 3 {
		col2imSame3(dst, cols, c, h, w, kh, ph, ho)
		return
	}
	for row := range c * kh * kw {
		ch, p, q := windowRow(row, kh, kw)
		img := dst[ch*h*w : (ch+1)*h*w]
		in := cols[row*ho*wo : (row+1)*ho*wo]
		lo, hi := interior(q, pw, sw, w, wo)
		if lo >= hi {
			continue
		}
		for i := range ho {
			y := i*sh + p - ph
			if y < 0 || y >= h {
				continue
			}
			line := img[y*w : (y+1)*w]
			x0 := lo*sw + q - pw
			src := in[i*wo+lo : i*wo+hi]
			if sw == 1 {
				line := line[x0 : x0+len(src)]
				for j, v := range src {
					line[j] += v
				}
				continue
			}
			for _, v := range src {
				line[x0] += v
				x0 += sw
			}
		}
	}
}

// col2imSame3 is Col2Im for stride 1, windows 3 wide and output rows as wide
// as the image (so pw = 1). It adds the three planes q = 0, 1, 2 of each
// window row p in one sweep, element x of an image row getting
//
//	((dst[x] + cols[q=0][x + 1]) + cols[q=1][x]) + cols[q=2][x − 1]
//
// (terms outside the row dropped): the order of Col2Im, with one load and
// one store of dst for three additions instead of three of each.
func col2imSame3[T Float](dst, cols []T, c, h, w, kh, ph, ho int) {
	plane := ho * w
	for ch := range c {
		img := dst[ch*h*w : (ch+1)*h*w]
		for p := range kh {
			row := (ch*kh + p) * 3
			q0 := cols[row*plane : (row+1)*plane]
			q1 := cols[(row+1)*plane : (row+2)*plane]
			q2 := cols[(row+2)*plane : (row+3)*plane]
			// Output rows [i0, i1) fall on image rows i + p − ph inside [0, h).
			for i := max(ph-p, 0); i < min(h+ph-p, ho); i++ {
				line := img[(i+p-ph)*w : (i+p-ph+1)*w]
				r0, r1, r2 := q0[i*w:(i+1)*w], q1[i*w:(i+1)*w], q2[i*w:(i+1)*w]
				if w < 3 {
					for x := range line {
						line[x] = add3(line[x], r0, r1, r2, x)
					}
					continue
				}
				// Columns 0 and w − 1 miss a term; the others have all three.
				line[0] = add3(line[0], r0, r1, r2, 0)
				inner := line[1 : w-1]
				a, b, d := r0[2:w][:len(inner)], r1[1 : w-1][:len(inner)], r2[:w-2][:len(inner)]
				for k := range inner {
					inner[k] = ((inner[k] + a[k]) + b[k]) + d[k]
				}
				line[w-1] = add3(line[w-1], r0, r1, r2, w-1)
			}
		}
	}
}

// add3 returns ((v + r0[x + 1]) + r1[x]) + r2[x − 1], leaving out the terms
// whose index falls outside the rows.
func add3[T Float](v T, r0, r1, r2 []T, x int) T {
	if x+1 < len(r0) {
		v += r0[x+1]
	}
	v += r1[x]
	if x >= 1 {
		v += r2[x-1]
	}
	return v
}

// windowRow splits row = (ch·kh + p)·kw + q of the column matrix into the
// channel ch and the window offset (p, q).
func windowRow(row, kh, kw int) (ch, p, q int) {
	return row / (kh * kw), row / kw % kh, row % kw
}

// interior returns the output columns [lo, hi) whose window column q falls
// inside an image of width w: 0 ≤ j·sw + q − pw < w. Both lie in [0, wo] and
// lo ≤ hi.
func interior(q, pw, sw, w, wo int) (lo, hi int) {
	// j·sw ≥ pw − q  ⇔  j ≥ ⌈(pw − q)/sw⌉, and j·sw < w + pw − q  ⇔  j < ⌈(w + pw − q)/sw⌉.
	if d := pw - q; d > 0 {
		lo = (d + sw - 1) / sw
	}
	if d := w + pw - q; d > 0 {
		hi = (d + sw - 1) / sw
	}
	lo, hi = min(lo, wo), min(hi, wo)
	return lo, max(lo, hi)
}

// Im2ColRef is the reference twin of Im2Col: the definition, one element at a
// time (entries in the padding are zero).
func Im2ColRef[T Float](cols, src []T, c, h, w, kh, kw, sh, sw, ph, pw, ho, wo int) {
	clear(cols[:c*kh*kw*ho*wo])
	windowTaps(c, h, w, kh, kw, sh, sw, ph, pw, ho, wo, func(col, img int) { cols[col] = src[img] })
}

// Col2ImRef is the reference twin of Col2Im: the definition, one element at a time.
func Col2ImRef[T Float](dst, cols []T, c, h, w, kh, kw, sh, sw, ph, pw, ho, wo int) {
	windowTaps(c, h, w, kh, kw, sh, sw, ph, pw, ho, wo, func(col, img int) { dst[img] += cols[col] })
}

// windowTaps calls f(col, img) for every entry of the column matrix that reads
// the image, in order of (ch, p, q, i, j): col = ((ch·kh + p)·kw + q)·ho·wo + i·wo + j
// and img = (ch·h + y)·w + x with y = i·sh + p − ph, x = j·sw + q − pw inside the image.
func windowTaps(c, h, w, kh, kw, sh, sw, ph, pw, ho, wo int, f func(col, img int)) {
	for row := range c * kh * kw {
		ch, p, q := windowRow(row, kh, kw)
		for i := range ho {
			for j := range wo {
				y, x := i*sh+p-ph, j*sw+q-pw
				if y >= 0 && y < h && x >= 0 && x < w {
					f(row*ho*wo+i*wo+j, (ch*h+y)*w+x)
				}
			}
		}
	}
}

// Im2ColBatch is Im2Col for each of n images: src is [n, c, h, w] and cols
// [n, c·kh·kw, ho·wo], image i's windows laid out from its images as Im2Col
// does. Large batches are cut into parts of whole (image, channel) planes
// that run in parallel; each plane's columns are written by one part alone.
func Im2ColBatch[T Float](cols, src []T, n, c, h, w, kh, kw, sh, sw, ph, pw, ho, wo int) {
	d := ConvDims{N: n, C: c, H: h, W: w, KH: kh, KW: kw, SH: sh, SW: sw, PH: ph, PW: pw, HO: ho, WO: wo}
	runWindows(&windowJob[T]{d: d, cols: cols, img: src})
}

// Col2ImBatch is Col2Im for each of n images: it adds cols [n, c·kh·kw, ho·wo]
// back onto dst [n, c, h, w], image by image as Col2Im does, each position
// receiving its entries in Col2Im's order. Large batches are cut into parts of
// whole (image, channel) planes that run in parallel.
func Col2ImBatch[T Float](dst, cols []T, n, c, h, w, kh, kw, sh, sw, ph, pw, ho, wo int) {
	d := ConvDims{N: n, C: c, H: h, W: w, KH: kh, KW: kw, SH: sh, SW: sw, PH: ph, PW: pw, HO: ho, WO: wo}
	runWindows(&windowJob[T]{d: d, cols: cols, img: dst, fold: true})
}

// A windowJob is Im2Col (or with fold, Col2Im) over a batch of images, cut into
// parts of consecutive (image, channel) planes: channel ch of image i reads (or
// adds to) only plane (i, ch) of the images and rows ch·kh·kw … (ch+1)·kh·kw − 1
// of image i's columns, so Im2Col on a run of channels is Im2Col on those
// sub-slices.
type windowJob[T Float] struct {
	d         ConvDims // N, C, H, W, KH, KW, SH, SW, PH, PW, HO, WO (O unused)
	cols, img []T
	fold      bool
}

// windowJobs pools windowJobs, one pool per element size.
var windowJobs [2]sync.Pool

// runWindows runs job, in parallel parts when it is large.
func runWindows[T Float](job *windowJob[T]) {
	d := job.d
	planes := d.N * d.C
	cost := float64(planes) * float64(d.KH*d.KW) * float64(d.HO*d.WO)
	if parts, wake := splitPlan(cost, planes); parts > 1 {
		pooled := getJob[windowJob[T]](&windowJobs[sizeIndex[T]()])
		*pooled = *job
		runSplit(pooled, parts, wake)
		*pooled = windowJob[T]{}
		windowJobs[sizeIndex[T]()].Put(pooled)
		return
	}
	job.run(0, 1)
}

func (j *windowJob[T]) run(part, parts int) {
	d := j.d
	lo, hi := partRange(d.N*d.C, 1, part, parts)
	plane, rows := d.H*d.W, d.KH*d.KW*d.HO*d.WO // per channel: image and column elements
	for u := lo; u < hi; {
		i, c0 := u/d.C, u%d.C
		c1 := min(d.C, c0+hi-u) // channels [c0, c1) of image i
		img := j.img[(i*d.C+c0)*plane : (i*d.C+c1)*plane]
		cols := j.cols[(i*d.C+c0)*rows : (i*d.C+c1)*rows]
		if j.fold {
			Col2Im(img, cols, c1-c0, d.H, d.W, d.KH, d.KW, d.SH, d.SW, d.PH, d.PW, d.HO, d.WO)
		} else {
			Im2Col(cols, img, c1-c0, d.H, d.W, d.KH, d.KW, d.SH, d.SW, d.PH, d.PW, d.HO, d.WO)
		}
		u += c1 - c0
	}
}
