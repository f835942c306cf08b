package kernel

// Im2Col lays the sliding windows of one image out as columns. src is a
// [c, h, w] image; with ho, wo the output size, cols is [c·kh·kw, ho·wo] and
//
//	cols[(ch·kh + p)·kw + q, i·wo + j] = src[ch, i·sh + p − ph, j·sw + q − pw]
//
// with zeros where the index falls in the padding.
func Im2Col[T Float](cols, src []T, c, h, w, kh, kw, sh, sw, ph, pw, ho, wo int) {
	row := 0
	for ch := range c {
		img := src[ch*h*w : (ch+1)*h*w]
		for p := range kh {
			for q := range kw {
				out := cols[row*ho*wo : (row+1)*ho*wo]
				row++
				for i := range ho {
					dst := out[i*wo : (i+1)*wo]
					y := i*sh + p - ph
					if y < 0 || y >= h {
						clear(dst)
						continue
					}
					line := img[y*w : (y+1)*w]
					for j := range dst {
						if x := j*sw + q - pw; x >= 0 && x < w {
							dst[j] = line[x]
						} else {
							dst[j] = 0
						}
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
func Col2Im[T Float](dst, cols []T, c, h, w, kh, kw, sh, sw, ph, pw, ho, wo int) {
	row := 0
	for ch := range c {
		img := dst[ch*h*w : (ch+1)*h*w]
		for p := range kh {
			for q := range kw {
				in := cols[row*ho*wo : (row+1)*ho*wo]
				row++
				for i := range ho {
					y := i*sh + p - ph
					if y < 0 || y >= h {
						continue
					}
					line := img[y*w : (y+1)*w]
					for j, v := range in[i*wo : (i+1)*wo] {
						if x := j*sw + q - pw; x >= 0 && x < w {
							line[x] += v
						}
					}
				}
			}
		}
	}
}
