package kernel

import (
	"slices"
	"testing"
	"time"
)

func benchGemmShape(b *testing.B, transA, transB bool, m, n, k int) {
	a := make([]float32, m*k)
	bb := make([]float32, k*n)
	c := make([]float32, m*n)
	lda, ldb := k, n
	if transA {
		lda = m
	}
	if transB {
		ldb = k
	}
	for b.Loop() {
		Gemm(transA, transB, m, n, k, 1, a, lda, bb, ldb, 0, c, n)
	}
}

func BenchmarkTmpFwd(b *testing.B)    { benchGemmShape(b, false, false, 16, 1024, 27) }
func BenchmarkTmpInput(b *testing.B)  { benchGemmShape(b, true, false, 27, 1024, 16) }
func BenchmarkTmpWeight(b *testing.B) { benchGemmShape(b, false, true, 16, 27, 1024) }
func BenchmarkTmpWeightT(b *testing.B) { benchGemmShape(b, true, false, 16, 27, 1024) }

func BenchmarkTmpIm2Col(b *testing.B) {
	x := make([]float32, 3*32*32)
	cols := make([]float32, 27*1024)
	for b.Loop() {
		Im2Col(cols, x, 3, 32, 32, 3, 3, 1, 1, 1, 1, 32, 32)
	}
}
func BenchmarkTmpCol2Im(b *testing.B) {
	x := make([]float32, 3*32*32)
	cols := make([]float32, 27*1024)
	for b.Loop() {
		Col2Im(x, cols, 3, 32, 32, 3, 3, 1, 1, 1, 1, 32, 32)
	}
}

func im2colOld[T Float](cols, src []T, c, h, w, kh, kw, sh, sw, ph, pw, ho, wo int) {
	row := 0
	for ch := range c {
		img := src[ch*h*w : (ch+1)*h*w]
		for p := range kh {
			for q := range kw {
				out := cols[row*ho*wo : (row+1)*ho*wo]
				row++
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
	}
}

func BenchmarkTmpIm2ColOld(b *testing.B) {
	x := make([]float32, 3*32*32)
	cols := make([]float32, 27*1024)
	for b.Loop() {
		im2colOld(cols, x, 3, 32, 32, 3, 3, 1, 1, 1, 1, 32, 32)
	}
}

func fillChunk[T Float](dst []T, v T) {
	n := min(len(dst), 1024)
	for i := range dst[:n] {
		dst[i] = v
	}
	for at := n; at < len(dst); at += n {
		copy(dst[at:], dst[:n])
	}
}

func BenchmarkTmpFillLoop(b *testing.B) {
	x := make([]float32, 32*16*1024)
	for b.Loop() {
		for i := range x {
			x[i] = 1
		}
	}
}
func BenchmarkTmpFillChunk(b *testing.B) {
	x := make([]float32, 32*16*1024)
	for b.Loop() {
		fillChunk(x, 1)
	}
}
func BenchmarkTmpClear(b *testing.B) {
	x := make([]float32, 32*16*1024)
	for b.Loop() {
		clear(x)
	}
}
func BenchmarkTmpSum(b *testing.B) {
	x := make([]float32, 32*16*1024)
	for b.Loop() {
		Sum(x)
	}
}

func benchConvPass(b *testing.B, pass int) {
	d := ConvDims{N: 32, C: 3, H: 32, W: 32, O: 16, KH: 3, KW: 3, SH: 1, SW: 1, PH: 1, PW: 1, HO: 32, WO: 32}
	x := make([]float32, 32*3*1024)
	w := make([]float32, 16*27)
	bias := make([]float32, 16)
	y := make([]float32, 32*16*1024)
	dw := make([]float32, 16*27)
	for i := range y {
		y[i] = 1
	}
	for b.Loop() {
		switch pass {
		case 0:
			Conv2D(y, x, w, bias, d)
		case 1:
			Conv2DInput(x, y, w, d)
		case 2:
			Conv2DWeight(dw, x, y, d)
		}
	}
}
func BenchmarkTmpPassFwd(b *testing.B)    { benchConvPass(b, 0) }
func BenchmarkTmpPassInput(b *testing.B)  { benchConvPass(b, 1) }
func BenchmarkTmpPassWeight(b *testing.B) { benchConvPass(b, 2) }

type tsJob struct {
	start time.Time
	delay [2]time.Duration
	busy  time.Duration
}

func (j *tsJob) run(part, parts int) {
	j.delay[part] = time.Since(j.start)
	t := time.Now()
	for time.Since(t) < j.busy {
	}
}

func TestTmpWake(t *testing.T) {
	for _, busy := range []time.Duration{50 * time.Microsecond, 300 * time.Microsecond} {
		var d1 []time.Duration
		for i := 0; i < 200; i++ {
			j := &tsJob{start: time.Now(), busy: busy}
			parallelRun(j, 2)
			d1 = append(d1, j.delay[1])
			time.Sleep(20 * time.Microsecond)
		}
		slices.Sort(d1)
		t.Logf("busy %v: part1 start delay p10 %v p50 %v p90 %v", busy, d1[20], d1[100], d1[180])
	}
}
