package kernel

import (
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"testing"
)

// poolCases lists pooling sizes (planes, h, w, kh, kw, sh, sw): the 2×2
// stride-2 fast path on even and odd planes, overlapping windows (stride 1),
// strides past the kernel, 1×k and k×1 windows, windows as large as the
// plane, and single planes.
func poolCases() []PoolDims {
	var ds []PoolDims
	for _, size := range [][3]int{{1, 1, 1}, {1, 2, 2}, {3, 5, 7}, {2, 6, 4}, {1, 9, 8}, {4, 4, 11}} {
		for _, win := range [][4]int{
			{1, 1, 1, 1}, {2, 2, 2, 2}, {2, 2, 1, 1}, {3, 3, 2, 2}, {2, 3, 1, 2}, {2, 2, 3, 3},
			{1, 3, 1, 1}, {3, 1, 2, 1}, {3, 2, 4, 1}, {4, 4, 4, 4},
		} {
			d := PoolDims{Planes: size[0], H: size[1], W: size[2], KH: win[0], KW: win[1], SH: win[2], SW: win[3]}
			if d.KH > d.H || d.KW > d.W {
				continue
			}
			d.HO, d.WO = (d.H-d.KH)/d.SH+1, (d.W-d.KW)/d.SW+1
			ds = append(ds, d)
		}
	}
	return ds
}

// poolInput returns n values that tie often: small integers, and with
// special set, some NaNs and infinities (each at most 1 in 8).
func poolInput[T Float](r *rand.Rand, n int, special bool) []T {
	x := make([]T, n)
	for i := range x {
		x[i] = T(r.IntN(4)) - 1.5
		if special {
			switch r.IntN(24) {
			case 0:
				x[i] = T(math.NaN())
			case 1:
				x[i] = T(math.Inf(1))
			case 2:
				x[i] = T(math.Inf(-1))
			}
		}
	}
	return x
}

// sameBits reports whether a and b hold the same bits (NaNs equal).
func sameBits[T Float](a, b []T) bool {
	return slices.EqualFunc(a, b, func(u, v T) bool {
		return u == v && math.Signbit(float64(u)) == math.Signbit(float64(v)) || u != u && v != v
	})
}

// bandOf returns a slice of n+2·guard NaNs and its middle n elements.
func bandOf[T Float](n, guard int) (all, mid []T) {
	all = make([]T, n+2*guard)
	for i := range all {
		all[i] = T(math.NaN())
	}
	return all, all[guard : guard+n]
}

func checkBandOf[T Float](t *testing.T, name string, d PoolDims, all []T, guard, n int) {
	t.Helper()
	for i, v := range all {
		if (i < guard || i >= guard+n) && v == v {
			t.Fatalf("%s %+v wrote outside its output at %d", name, d, i-guard)
		}
	}
}

// TestPoolMatchesRef runs the pooling kernels against their reference twins
// on every case of poolCases, with ties, NaNs and infinities in the input and
// NaN guard bands around the outputs. They must agree to the bit: they take
// the same maxima and do the same additions in the same order.
func TestPoolMatchesRef(t *testing.T) {
	testPoolMatchesRef[float64](t)
	testPoolMatchesRef[float32](t)
}

func testPoolMatchesRef[T Float](t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	const guard = 7
	for _, d := range poolCases() {
		for _, special := range []bool{false, true} {
			in, out := d.Planes*d.H*d.W, d.Planes*d.HO*d.WO
			x := poolInput[T](r, in, special)

			yAll, y := bandOf[T](out, guard)
			arg := make([]int32, out+2*guard)
			MaxPool2D(y, arg[guard:guard+out], x, d)
			checkBandOf(t, "MaxPool2D", d, yAll, guard, out)
			wantY, wantArg := make([]T, out), make([]int32, out)
			MaxPool2DRef(wantY, wantArg, x, d)
			if !sameBits(y, wantY) || !slices.Equal(arg[guard:guard+out], wantArg) {
				t.Fatalf("MaxPool2D %+v on %v:\ngot  %v %v\nwant %v %v", d, x, y, arg[guard:guard+out], wantY, wantArg)
			}
			if slices.ContainsFunc(arg[:guard], func(a int32) bool { return a != 0 }) ||
				slices.ContainsFunc(arg[guard+out:], func(a int32) bool { return a != 0 }) {
				t.Fatalf("MaxPool2D %+v wrote outside arg", d)
			}
			_, yNoArg := bandOf[T](out, 0)
			MaxPool2D(yNoArg, nil, x, d)
			if !sameBits(yNoArg, wantY) {
				t.Fatalf("MaxPool2D %+v without arg: %v, want %v", d, yNoArg, wantY)
			}

			g := poolInput[T](r, out, false)
			dxAll, dx := bandOf[T](in, guard)
			MaxPool2DScatter(dx, g, wantArg, d)
			checkBandOf(t, "MaxPool2DScatter", d, dxAll, guard, in)
			wantDx := make([]T, in)
			MaxPool2DScatterRef(wantDx, g, wantArg, d)
			if !sameBits(dx, wantDx) {
				t.Fatalf("MaxPool2DScatter %+v: %v, want %v", d, dx, wantDx)
			}

			h := poolInput[T](r, in, special)
			gatherAll, gather := bandOf[T](out, guard)
			MaxPool2DGather(gather, h, wantArg, d)
			checkBandOf(t, "MaxPool2DGather", d, gatherAll, guard, out)
			for o, a := range wantArg {
				l := o / (d.HO * d.WO)
				if v, want := gather[o], h[l*d.H*d.W+int(a)]; !sameBits([]T{v}, []T{want}) {
					t.Fatalf("MaxPool2DGather %+v: y[%d] = %v, want %v", d, o, v, want)
				}
			}

			avgAll, avg := bandOf[T](out, guard)
			AvgPool2D(avg, x, d)
			checkBandOf(t, "AvgPool2D", d, avgAll, guard, out)
			wantAvg := make([]T, out)
			AvgPool2DRef(wantAvg, x, d)
			if !sameBits(avg, wantAvg) {
				t.Fatalf("AvgPool2D %+v: %v, want %v", d, avg, wantAvg)
			}

			adjAll, adj := bandOf[T](in, guard)
			AvgPool2DAdjoint(adj, g, d)
			checkBandOf(t, "AvgPool2DAdjoint", d, adjAll, guard, in)
			wantAdj := make([]T, in)
			AvgPool2DAdjointRef(wantAdj, g, d)
			// Where the windows do not overlap, AvgPool2DAdjoint stores s
			// where the definition adds 0 + s: only the sign of a zero may differ.
			if !slices.Equal(adj, wantAdj) {
				t.Fatalf("AvgPool2DAdjoint %+v: %v, want %v", d, adj, wantAdj)
			}
		}
	}
}

// TestPoolMaxTiesAndNaN pins the choice of the maximum on a 1×4 window: the
// first of equal maxima, the first NaN.
func TestPoolMaxTiesAndNaN(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	for _, c := range []struct {
		x   []float64
		arg int32
	}{
		{[]float64{1, 3, 3, 2}, 1},
		{[]float64{0, 0, 0, 0}, 0},
		{[]float64{1, nan, 5, nan}, 1},
		{[]float64{nan, inf, 1, 2}, 0},
		{[]float64{-inf, -inf, -inf, -inf}, 0},
		{[]float64{-inf, inf, 2, inf}, 1},
	} {
		for _, d := range []PoolDims{
			{Planes: 1, H: 1, W: 4, KH: 1, KW: 4, SH: 1, SW: 1, HO: 1, WO: 1},
			{Planes: 1, H: 2, W: 2, KH: 2, KW: 2, SH: 2, SW: 2, HO: 1, WO: 1}, // the fast path
		} {
			y, arg := make([]float64, 1), make([]int32, 1)
			MaxPool2D(y, arg, c.x, d)
			if want := c.x[c.arg]; arg[0] != c.arg || !sameBits(y, []float64{want}) {
				t.Errorf("MaxPool2D of %v as %d×%d: %v at %d, want %v at %d", c.x, d.H, d.W, y[0], arg[0], want, c.arg)
			}
		}
	}
}

// TestPoolParallelBits runs every pooling kernel on enough planes to be split
// over goroutines, under GOMAXPROCS 1 and 2, and demands the same bits.
func TestPoolParallelBits(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	for _, d := range []PoolDims{
		{Planes: 32, H: 64, W: 64, KH: 2, KW: 2, SH: 2, SW: 2, HO: 32, WO: 32},
		{Planes: 29, H: 65, W: 63, KH: 3, KW: 3, SH: 1, SW: 2, HO: 63, WO: 31},
	} {
		in, out := d.Planes*d.H*d.W, d.Planes*d.HO*d.WO
		if in+out < 2*poolParallelWork {
			t.Fatalf("%+v is too small to be split", d)
		}
		x := make([]float32, in)
		for i := range x {
			x[i] = float32(r.NormFloat64())
		}
		g := x[:out]
		var results [2][][]float32
		var args [2][]int32
		for k, procs := range []int{1, 2} {
			runtime.GOMAXPROCS(procs)
			y, arg, dx := make([]float32, out), make([]int32, out), make([]float32, in)
			MaxPool2D(y, arg, x, d)
			MaxPool2DScatter(dx, g, arg, d)
			gather := make([]float32, out)
			MaxPool2DGather(gather, x, arg, d)
			avg, adj := make([]float32, out), make([]float32, in)
			AvgPool2D(avg, x, d)
			AvgPool2DAdjoint(adj, g, d)
			results[k], args[k] = [][]float32{y, dx, gather, avg, adj}, arg
		}
		for i, name := range []string{"MaxPool2D", "MaxPool2DScatter", "MaxPool2DGather", "AvgPool2D", "AvgPool2DAdjoint"} {
			if !sameBits(results[0][i], results[1][i]) {
				t.Errorf("%s %+v: GOMAXPROCS 2 differs from 1", name, d)
			}
		}
		if !slices.Equal(args[0], args[1]) {
			t.Errorf("MaxPool2D %+v: argmax under GOMAXPROCS 2 differs from 1", d)
		}
		// And both are right: the reference twins on these normal inputs.
		y, arg, dx := make([]float32, out), make([]int32, out), make([]float32, in)
		MaxPool2DRef(y, arg, x, d)
		MaxPool2DScatterRef(dx, g, arg, d)
		avg, adj := make([]float32, out), make([]float32, in)
		AvgPool2DRef(avg, x, d)
		AvgPool2DAdjointRef(adj, g, d)
		if !slices.Equal(args[0], arg) || !slices.Equal(results[0][0], y) || !slices.Equal(results[0][1], dx) ||
			!slices.Equal(results[0][3], avg) || !slices.Equal(results[0][4], adj) {
			t.Errorf("%+v: the pooling kernels differ from their reference twins", d)
		}
	}
}
