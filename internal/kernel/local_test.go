package kernel

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"testing"
)

// localShapes returns the sizes the locally connected kernels are tested on:
// every window of convWindows over small images (odd sizes, batch 1,
// overlapping windows, stride ≠ kernel, padding), and the 1-D windows of the
// theory's trees (kernel 2 stride 2 over one channel, kernel 1 over many),
// whose taps are affine, with batches around the block sizes.
func localShapes() []ConvDims {
	var ds []ConvDims
	for _, win := range convWindows() {
		for _, size := range [][5]int{{1, 1, 1, 1, 1}, {2, 3, 5, 4, 2}, {3, 2, 6, 7, 5}, {9, 2, 4, 5, 3}} {
			if d, ok := convDims(size[0], size[1], size[2], size[3], size[4], win); ok {
				ds = append(ds, d)
			}
		}
	}
	for _, n := range []int{1, 5, 9, 37} {
		for _, c := range [][4]int{{1, 8, 2, 2}, {1, 7, 3, 2}, {3, 4, 1, 1}, {5, 3, 2, 1}, {1, 6, 2, 1}} {
			for _, o := range []int{1, 3, 8} {
				d, _ := convDims(n, c[0], 1, c[1], o, [6]int{1, c[2], 1, c[3], 0, 0})
				ds = append(ds, d)
			}
		}
	}
	return ds
}

// localSizes returns the lengths of x, w, b and y for d.
func localSizes(d ConvDims) (nx, nw, nb, ny int) {
	p := d.HO * d.WO
	return d.N * d.C * d.H * d.W, p * d.O * d.C * d.KH * d.KW, d.O * p, d.N * d.O * p
}

// localPaths are the settings of localGemmMin and localTileMax tried: the
// GEMM's tile always (directly, and through Gemm), the default, and never.
var localPaths = [][2]int{{1, 384}, {1, 0}, {8, 384}, {math.MaxInt, 384}}

// forEachPath runs f with each setting of localPaths, restoring the defaults.
func forEachPath(f func()) {
	defer func(m, t int) { localGemmMin, localTileMax = m, t }(localGemmMin, localTileMax)
	for _, path := range localPaths {
		localGemmMin, localTileMax = path[0], path[1]
		f()
	}
}

// TestLocallyConnectedMatchesRef runs the three kernels against their
// reference twins on every shape of localShapes, on each path, in float64
// and float32, writing into outputs with NaN guard bands (and NaN inside,
// which the kernels must overwrite).
func TestLocallyConnectedMatchesRef(t *testing.T) {
	forEachPath(func() {
		for _, d := range localShapes() {
			checkLocal[float64](t, d, 1e-12)
			checkLocal[float32](t, d, 1e-5)
		}
	})
}

// checkLocal compares the kernels with their twins on d, to within tol of
// the largest magnitude of the twin's output.
func checkLocal[T Float](t *testing.T, d ConvDims, tol float64) {
	t.Helper()
	r := rand.New(rand.NewPCG(uint64(d.N*1000+d.C*100+d.H*10+d.W), uint64(d.KH*100+d.KW*10+d.SH)))
	nx, nw, nb, ny := localSizes(d)
	x, w, b, g := randT[T](r, nx), randT[T](r, nw), randT[T](r, nb), randT[T](r, ny)
	name := fmt.Sprintf("%T %+v (gemm from %d, tile to %d)", T(0), d, localGemmMin, localTileMax)
	for _, bias := range [][]T{nil, b} {
		all, y := nanBandT[T](ny, 3)
		want := make([]T, ny)
		LocallyConnected2D(y, x, w, bias, d)
		LocallyConnected2DRef(want, x, w, bias, d)
		checkLocalOut(t, "LocallyConnected2D "+name, all, y, want, tol)
	}
	all, dx := nanBandT[T](nx, 3)
	want := make([]T, nx)
	LocallyConnected2DInput(dx, g, w, d)
	LocallyConnected2DInputRef(want, g, w, d)
	checkLocalOut(t, "LocallyConnected2DInput "+name, all, dx, want, tol)
	all, dw := nanBandT[T](nw, 3)
	want = make([]T, nw)
	LocallyConnected2DWeight(dw, x, g, d)
	LocallyConnected2DWeightRef(want, x, g, d)
	checkLocalOut(t, "LocallyConnected2DWeight "+name, all, dw, want, tol)
}

func randT[T Float](r *rand.Rand, n int) []T {
	s := make([]T, n)
	for i := range s {
		s[i] = T(r.NormFloat64())
	}
	return s
}

// nanBandT is nanBand for either precision.
func nanBandT[T Float](n, guard int) (all, mid []T) {
	all = make([]T, n+2*guard)
	for i := range all {
		all[i] = T(math.NaN())
	}
	return all, all[guard : guard+n]
}

// checkLocalOut fails unless got agrees with want to within tol of want's
// largest magnitude (at least 1) and all outside got is still NaN.
func checkLocalOut[T Float](t *testing.T, name string, all, got, want []T, tol float64) {
	t.Helper()
	guard := (len(all) - len(got)) / 2
	for i, v := range all {
		if (i < guard || i >= guard+len(got)) && !math.IsNaN(float64(v)) {
			t.Fatalf("%s wrote outside its output at %d", name, i-guard)
		}
	}
	scale := 1.0
	for _, v := range want {
		scale = math.Max(scale, math.Abs(float64(v)))
	}
	for i := range want {
		if !(math.Abs(float64(got[i])-float64(want[i])) <= tol*scale) {
			t.Fatalf("%s: element %d = %v, want %v", name, i, got[i], want[i])
		}
	}
}

// TestLocallyConnectedGOMAXPROCS checks that the kernels give bit-identical
// results on one goroutine and on several, on every path, for sizes that are
// split: the nn benchmark's layer, a theory tree level with a large batch
// (affine windows), and a padded 1-D window (gathered, small products).
func TestLocallyConnectedGOMAXPROCS(t *testing.T) {
	shapes := []struct {
		size [5]int
		win  [6]int
	}{
		{[5]int{32, 3, 16, 16, 16}, [6]int{3, 3, 1, 1, 1, 1}},
		{[5]int{8192, 1, 1, 8, 8}, [6]int{1, 2, 1, 2, 0, 0}},
		{[5]int{16411, 8, 1, 4, 1}, [6]int{1, 1, 1, 1, 0, 0}},
		{[5]int{3001, 2, 1, 9, 6}, [6]int{1, 3, 1, 2, 0, 1}},
	}
	forEachPath(func() {
		for _, s := range shapes {
			d, _ := convDims(s.size[0], s.size[1], s.size[2], s.size[3], s.size[4], s.win)
			if work := d.N * d.O * d.C * d.KH * d.KW * d.HO * d.WO; work < 2*localParallelWork {
				t.Fatalf("%+v: work %d is too small to be split", d, work)
			}
			r := rand.New(rand.NewPCG(3, 4))
			nx, nw, nb, ny := localSizes(d)
			x, w, b, g := randSlice(r, nx), randSlice(r, nw), randSlice(r, nb), randSlice(r, ny)
			run := func(procs int) [][]float64 {
				defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
				y, dx, dw := make([]float64, ny), make([]float64, nx), make([]float64, nw)
				LocallyConnected2D(y, x, w, b, d)
				LocallyConnected2DInput(dx, g, w, d)
				LocallyConnected2DWeight(dw, x, g, d)
				return [][]float64{y, dx, dw}
			}
			one := run(1)
			for _, procs := range []int{2, 3} {
				many := run(procs)
				for i, name := range []string{"forward", "input gradient", "weight gradient"} {
					for e := range one[i] {
						if math.Float64bits(one[i][e]) != math.Float64bits(many[i][e]) {
							t.Fatalf("%+v (gemm from %d, tile to %d): %s: GOMAXPROCS=%d differs from 1 at %d",
								d, localGemmMin, localTileMax, name, procs, e)
						}
					}
				}
			}
		}
	})
}

// TestLocallyConnectedEmpty checks empty batches and outputs: the gradients
// are zero, nothing is read.
func TestLocallyConnectedEmpty(t *testing.T) {
	d, _ := convDims(0, 2, 3, 3, 2, [6]int{2, 2, 1, 1, 0, 0})
	_, nw, _, _ := localSizes(d)
	dw := randSlice(rand.New(rand.NewPCG(1, 1)), nw)
	LocallyConnected2DWeight(dw, nil, nil, d)
	LocallyConnected2D[float64](nil, nil, nil, nil, d)
	LocallyConnected2DInput[float64](nil, nil, nil, d)
	for _, v := range dw {
		if v != 0 {
			t.Fatalf("weight gradient of no images = %v, want zeros", dw)
		}
	}
	d, _ = convDims(2, 2, 3, 3, 0, [6]int{2, 2, 1, 1, 0, 0})
	nx, _, _, _ := localSizes(d)
	dx := randSlice(rand.New(rand.NewPCG(1, 1)), nx)
	LocallyConnected2DInput(dx, nil, nil, d)
	for _, v := range dx {
		if v != 0 {
			t.Fatalf("input gradient of no output channels = %v, want zeros", dx)
		}
	}
}

// TestLocallyConnectedNoChannels checks a layer on images of no channels:
// the output is the bias.
func TestLocallyConnectedNoChannels(t *testing.T) {
	d, _ := convDims(2, 0, 3, 3, 2, [6]int{2, 2, 1, 1, 0, 0})
	_, _, nb, ny := localSizes(d)
	b := randSlice(rand.New(rand.NewPCG(1, 1)), nb)
	y, want := make([]float64, ny), make([]float64, ny)
	LocallyConnected2D(y, nil, nil, b, d)
	LocallyConnected2DRef(want, nil, nil, b, d)
	for i := range want {
		if y[i] != want[i] {
			t.Fatalf("y = %v, want %v", y, want)
		}
	}
}
