package kernel

import (
	"math"
	"math/rand/v2"
	"testing"
)

// convWindows lists small windows with every mix of stride and padding,
// including paddings as wide as the kernel and strides past it.
func convWindows() [][6]int {
	var wins [][6]int // kh, kw, sh, sw, ph, pw
	for _, k := range [][2]int{{1, 1}, {3, 3}, {2, 3}, {1, 4}} {
		for _, s := range [][2]int{{1, 1}, {2, 1}, {1, 3}, {3, 2}} {
			for _, p := range [][2]int{{0, 0}, {1, 1}, {0, 2}, {k[0], k[1]}} {
				wins = append(wins, [6]int{k[0], k[1], s[0], s[1], p[0], p[1]})
			}
		}
	}
	return wins
}

// nanBand returns a slice of n+2·guard NaNs and its middle n elements.
func nanBand(n, guard int) (all, mid []float64) {
	all = make([]float64, n+2*guard)
	for i := range all {
		all[i] = math.NaN()
	}
	return all, all[guard : guard+n]
}

func checkBand(t *testing.T, name string, all []float64, guard, n int) {
	t.Helper()
	for i, v := range all {
		if (i < guard || i >= guard+n) && !math.IsNaN(v) {
			t.Fatalf("%s wrote outside its output at %d", name, i-guard)
		}
	}
}

// TestIm2ColMatchesRef runs Im2Col and Col2Im against their reference twins
// on images from 1×1 up, every window of convWindows, with NaN guard bands
// around the outputs. Both must agree exactly: they do the same additions in
// the same order.
func TestIm2ColMatchesRef(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	const guard = 5
	for _, win := range convWindows() {
		kh, kw, sh, sw, ph, pw := win[0], win[1], win[2], win[3], win[4], win[5]
		for _, size := range [][3]int{{1, 1, 1}, {2, 1, 5}, {1, 4, 4}, {3, 7, 6}} {
			c, h, w := size[0], size[1], size[2]
			if h+2*ph < kh || w+2*pw < kw {
				continue
			}
			ho, wo := (h+2*ph-kh)/sh+1, (w+2*pw-kw)/sw+1
			img := make([]float64, c*h*w)
			for i := range img {
				img[i] = r.NormFloat64()
			}
			n := c * kh * kw * ho * wo
			gotAll, got := nanBand(n, guard)
			want := make([]float64, n)
			Im2Col(got, img, c, h, w, kh, kw, sh, sw, ph, pw, ho, wo)
			Im2ColRef(want, img, c, h, w, kh, kw, sh, sw, ph, pw, ho, wo)
			checkBand(t, "Im2Col", gotAll, guard, n)
			for i := range want {
				if got[i] != want[i] {
					t.Fatalf("Im2Col %v on %v: cols[%d] = %v, want %v", win, size, i, got[i], want[i])
				}
			}

			cols := want
			for i := range cols {
				cols[i] = r.NormFloat64()
			}
			backAll, back := nanBand(len(img), guard)
			clear(back)
			wantBack := make([]float64, len(img))
			Col2Im(back, cols, c, h, w, kh, kw, sh, sw, ph, pw, ho, wo)
			Col2ImRef(wantBack, cols, c, h, w, kh, kw, sh, sw, ph, pw, ho, wo)
			checkBand(t, "Col2Im", backAll, guard, len(img))
			for i := range wantBack {
				if back[i] != wantBack[i] {
					t.Fatalf("Col2Im %v on %v: dst[%d] = %v, want %v", win, size, i, back[i], wantBack[i])
				}
			}
		}
	}
}
