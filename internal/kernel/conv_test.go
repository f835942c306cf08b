package kernel

import (
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"testing"
)

// convDims returns the dims of a convolution of n images [c, h, w] into o
// channels with the window win (kh, kw, sh, sw, ph, pw), and false if the
// window does not fit.
func convDims(n, c, h, w, o int, win [6]int) (ConvDims, bool) {
	d := ConvDims{N: n, C: c, H: h, W: w, O: o, KH: win[0], KW: win[1], SH: win[2], SW: win[3], PH: win[4], PW: win[5]}
	if h+2*d.PH < d.KH || w+2*d.PW < d.KW {
		return d, false
	}
	d.HO, d.WO = (h+2*d.PH-d.KH)/d.SH+1, (w+2*d.PW-d.KW)/d.SW+1
	return d, true
}

func randSlice(r *rand.Rand, n int) []float64 {
	s := make([]float64, n)
	for i := range s {
		s[i] = r.NormFloat64()
	}
	return s
}

// closeTo reports whether got and want agree to rounding: within 1e-12 of the
// largest magnitude in want.
func closeTo(got, want []float64) bool {
	scale := 1.0
	for _, v := range want {
		scale = math.Max(scale, math.Abs(v))
	}
	for i := range want {
		if !(math.Abs(got[i]-want[i]) <= 1e-12*scale) {
			return false
		}
	}
	return true
}

// TestConvMatchesRef runs the three convolution kernels against their
// reference twins for every window of convWindows, with and without bias,
// writing into outputs with NaN guard bands (and NaN inside, which the
// kernels must overwrite).
func TestConvMatchesRef(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	const guard = 4
	for _, win := range convWindows() {
		for _, size := range [][5]int{{1, 1, 1, 1, 1}, {2, 3, 5, 4, 2}, {3, 2, 6, 7, 5}} {
			d, ok := convDims(size[0], size[1], size[2], size[3], size[4], win)
			if !ok {
				continue
			}
			nx, nw, ny := d.N*d.C*d.H*d.W, d.O*d.C*d.KH*d.KW, d.N*d.O*d.HO*d.WO
			x, w, b, g := randSlice(r, nx), randSlice(r, nw), randSlice(r, d.O), randSlice(r, ny)
			for _, bias := range [][]float64{nil, b} {
				all, y := nanBand(ny, guard)
				want := make([]float64, ny)
				Conv2D(y, x, w, bias, d)
				Conv2DRef(want, x, w, bias, d)
				checkBand(t, "Conv2D", all, guard, ny)
				if !closeTo(y, want) {
					t.Fatalf("Conv2D %+v (bias %v) = %v, want %v", d, bias != nil, y, want)
				}
			}
			all, dx := nanBand(nx, guard)
			want := make([]float64, nx)
			Conv2DGrad(dx, nil, nil, nil, g, w, d)
			Conv2DInputRef(want, g, w, d)
			checkBand(t, "Conv2DInput", all, guard, nx)
			if !closeTo(dx, want) {
				t.Fatalf("Conv2DInput %+v = %v, want %v", d, dx, want)
			}
			all, dw := nanBand(nw, guard)
			want = make([]float64, nw)
			Conv2DGrad(nil, dw, nil, x, g, nil, d)
			Conv2DWeightRef(want, x, g, d)
			checkBand(t, "Conv2DWeight", all, guard, nw)
			if !closeTo(dw, want) {
				t.Fatalf("Conv2DWeight %+v = %v, want %v", d, dw, want)
			}
			// Both at once give the same as each alone.
			dx2, dw2, db := make([]float64, nx), make([]float64, nw), make([]float64, d.O)
			Conv2DGrad(dx2, dw2, db, x, g, w, d)
			if !slices.Equal(dx2, dx) || !slices.Equal(dw2, dw) {
				t.Fatalf("Conv2DGrad %+v: both gradients at once differ from each alone", d)
			}
			// The bias gradient sums g over images and positions.
			for o := range d.O {
				var want float64
				for n := range d.N {
					for i := range d.HO * d.WO {
						want += g[(n*d.O+o)*d.HO*d.WO+i]
					}
				}
				if math.Abs(db[o]-want) > 1e-12*float64(len(g)) {
					t.Fatalf("Conv2DGrad %+v: db[%d] = %v, want %v", d, o, db[o], want)
				}
			}
		}
	}
}

// TestConvEmptyBatch checks that an empty batch leaves zero weight and bias gradients.
func TestConvEmptyBatch(t *testing.T) {
	d, _ := convDims(0, 2, 3, 3, 2, [6]int{2, 2, 1, 1, 0, 0})
	dw := []float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}
	db := []float64{1, 2}
	Conv2DGrad(nil, dw, db, nil, nil, nil, d)
	if slices.ContainsFunc(append(dw, db...), func(v float64) bool { return v != 0 }) {
		t.Fatalf("gradients of no images = %v, %v, want zeros", dw, db)
	}
}

// TestConvGroups checks the gradients when the images are cut into groups of
// several (the partial sums accumulated by the GEMM): against the reference,
// and the same for any GOMAXPROCS.
func TestConvGroups(t *testing.T) {
	d, _ := convDims(8, 4, 16, 16, 8, [6]int{3, 3, 1, 1, 1, 1}) // split over goroutines, as below
	defer func(budget int) { convPartsBudget = budget }(convPartsBudget)
	convPartsBudget = 3 * d.O * d.C * d.KH * d.KW // three groups of 2 or 3 images
	r := rand.New(rand.NewPCG(9, 10))
	nx, nw, ny := d.N*d.C*d.H*d.W, d.O*d.C*d.KH*d.KW, d.N*d.O*d.HO*d.WO
	x, w, g := randSlice(r, nx), randSlice(r, nw), randSlice(r, ny)
	want := make([]float64, nw)
	Conv2DWeightRef(want, x, g, d)
	var first []float64
	for _, procs := range []int{1, 2, 3} {
		prev := runtime.GOMAXPROCS(procs)
		dx, dw, db := make([]float64, nx), make([]float64, nw), make([]float64, d.O)
		Conv2DGrad(dx, dw, db, x, g, w, d)
		runtime.GOMAXPROCS(prev)
		if !closeTo(dw, want) {
			t.Fatalf("GOMAXPROCS=%d: dw = %v, want %v", procs, dw, want)
		}
		if first == nil {
			first = append(dw, db...)
		} else if !slices.Equal(first, append(dw, db...)) {
			t.Fatalf("GOMAXPROCS=%d: gradients differ from GOMAXPROCS=1", procs)
		}
	}
}

// TestConvGOMAXPROCS checks that the convolution kernels give bit-identical
// results on one goroutine and on several, for a size that is split.
func TestConvGOMAXPROCS(t *testing.T) {
	d, _ := convDims(8, 4, 16, 16, 8, [6]int{3, 3, 1, 1, 1, 1})
	if work := d.N * d.O * d.C * d.KH * d.KW * d.HO * d.WO; work < 2*convParallelWork {
		t.Fatalf("work %d is too small to be split", work)
	}
	r := rand.New(rand.NewPCG(7, 8))
	nx, nw, ny := d.N*d.C*d.H*d.W, d.O*d.C*d.KH*d.KW, d.N*d.O*d.HO*d.WO
	x, w, b, g := randSlice(r, nx), randSlice(r, nw), randSlice(r, d.O), randSlice(r, ny)
	run := func(procs int) [][]float64 {
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
		y, dx, dw, db := make([]float64, ny), make([]float64, nx), make([]float64, nw), make([]float64, d.O)
		Conv2D(y, x, w, b, d)
		Conv2DGrad(dx, dw, db, x, g, w, d)
		return [][]float64{y, dx, dw, db}
	}
	one := run(1)
	for _, procs := range []int{2, 3, 8} {
		many := run(procs)
		for i, name := range []string{"Conv2D", "Conv2DGrad (dx)", "Conv2DGrad (dw)", "Conv2DGrad (db)"} {
			if !slices.Equal(one[i], many[i]) {
				t.Errorf("%s: GOMAXPROCS=%d differs from GOMAXPROCS=1", name, procs)
			}
		}
	}
}
