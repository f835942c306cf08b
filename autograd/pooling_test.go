package autograd

import (
	"math"
	"math/rand/v2"
	"runtime"
	"testing"

	"github.com/deeptheory/deeptheory/tensor"
)

// maxPool2DComposite and avgPool2DComposite are MaxPool2D and AvgPool2D as
// they were composed before they became primitives: Unfold of each channel
// as [N·C, kh·kw, Ho·Wo], then MaxAxis or MeanAxis over the window. They are
// the oracles of the primitives, values and gradients of every order.
func maxPool2DComposite[T Float](x *Var[T], kernel, stride [2]int) *Var[T] {
	cols, shape, ho, wo := poolWindowsComposite(x, kernel, stride)
	return Reshape(MaxAxis(cols, 1, false), shape[0], shape[1], ho, wo)
}

func avgPool2DComposite[T Float](x *Var[T], kernel, stride [2]int) *Var[T] {
	cols, shape, ho, wo := poolWindowsComposite(x, kernel, stride)
	return Reshape(MeanAxis(cols, 1, false), shape[0], shape[1], ho, wo)
}

func poolWindowsComposite[T Float](x *Var[T], kernel, stride [2]int) (cols *Var[T], shape []int, ho, wo int) {
	shape = x.Shape()
	win := tensor.Window{Kernel: kernel, Stride: stride}
	ho, wo = win.Out(shape[2], shape[3])
	return Unfold(Reshape(x, shape[0]*shape[1], 1, shape[2], shape[3]), win), shape, ho, wo
}

// poolCase is a pooling of an input of the given shape.
type poolCase struct {
	shape          []int
	kernel, stride [2]int
}

// overlapping reports whether some element lies in several windows.
func (c poolCase) overlapping() bool { return c.stride[0] < c.kernel[0] || c.stride[1] < c.kernel[1] }

// poolCases covers the 2×2 stride-2 fast path on even and odd sizes (H, W not
// divisible by the kernel), overlapping windows (stride 1), strides past the
// kernel, non-square windows, batch 1 and windows as large as the input.
var poolCases = []poolCase{
	{[]int{2, 3, 6, 6}, [2]int{2, 2}, [2]int{2, 2}},
	{[]int{1, 2, 5, 7}, [2]int{2, 2}, [2]int{2, 2}},
	{[]int{2, 2, 7, 5}, [2]int{3, 3}, [2]int{1, 1}},
	{[]int{3, 2, 4, 4}, [2]int{2, 2}, [2]int{1, 1}},
	{[]int{1, 3, 9, 8}, [2]int{2, 3}, [2]int{3, 4}},
	{[]int{2, 1, 6, 7}, [2]int{3, 2}, [2]int{2, 1}},
	{[]int{1, 1, 4, 5}, [2]int{4, 5}, [2]int{1, 1}},
	{[]int{1, 1, 1, 1}, [2]int{1, 1}, [2]int{1, 1}},
}

// poolInput returns an input of the given kind: "normal" values, "ties"
// (small integers, most windows tied) or "nan" (ties with a NaN in about one
// element of 10).
func poolInput[T Float](r *rand.Rand, kind string, shape ...int) *tensor.Tensor[T] {
	x := tensor.Zeros[T](shape...)
	for i := range x.Data() {
		switch kind {
		case "normal":
			x.Data()[i] = T(r.NormFloat64())
		default:
			x.Data()[i] = T(r.IntN(3))
			if kind == "nan" && r.IntN(10) == 0 {
				x.Data()[i] = T(math.NaN())
			}
		}
	}
	return x
}

// poolValueAndGrad returns pool(x) and its VJP with cotangent c, on a fresh tape.
func poolValueAndGrad[T Float](pool func(*Var[T], [2]int, [2]int) *Var[T], c poolCase, x, cot *tensor.Tensor[T]) (y, dx *tensor.Tensor[T]) {
	tp := NewTape[T]()
	xv := tp.Param(x)
	out := pool(xv, c.kernel, c.stride)
	return out.Value(), VJP(out, cot, xv)[0]
}

// TestPoolingMatchesComposite compares MaxPool2D and AvgPool2D with their
// compositions on every case of poolCases, float32 and float64, on normal
// inputs, ties and NaNs, values and gradients. They compute the same
// maxima, sums and products, so the values agree to the bit (NaNs where
// NaNs are) and so do the gradients, except MaxPool2D's where windows
// overlap: there the terms of an element picked by several windows are
// added in another order (the composite's Fold goes by window offset),
// which may round differently.
func TestPoolingMatchesComposite(t *testing.T) {
	testPoolingMatchesComposite[float64](t, 1e-15)
	testPoolingMatchesComposite[float32](t, 1e-6)
}

func testPoolingMatchesComposite[T Float](t *testing.T, eps float64) {
	r := rand.New(rand.NewPCG(11, 12))
	for _, c := range poolCases {
		for _, kind := range []string{"normal", "ties", "nan"} {
			x := poolInput[T](r, kind, c.shape...)
			win := tensor.Window{Kernel: c.kernel, Stride: c.stride}
			ho, wo := win.Out(c.shape[2], c.shape[3])
			cot := poolInput[T](r, "normal", c.shape[0], c.shape[1], ho, wo)
			for _, op := range []struct {
				name      string
				got, want func(*Var[T], [2]int, [2]int) *Var[T]
				exactGrad bool
			}{
				{"MaxPool2D", MaxPool2D[T], maxPool2DComposite[T], !c.overlapping()},
				{"AvgPool2D", AvgPool2D[T], avgPool2DComposite[T], true},
			} {
				y, dx := poolValueAndGrad(op.got, c, x, cot)
				wantY, wantDx := poolValueAndGrad(op.want, c, x, cot)
				// The composite's SumAxis sums a lone window (Ho·Wo = 1) in
				// eight partial sums rather than in order.
				tolY := 0.0
				if op.name == "AvgPool2D" && ho*wo == 1 {
					tolY = float64(c.kernel[0]*c.kernel[1]) * eps * maxAbs(x.Data())
				}
				for i, v := range y.Data() {
					if w := wantY.Data()[i]; math.Abs(float64(v-w)) > tolY && !(v != v && w != w) {
						t.Fatalf("%s %+v on %s %T: y[%d] = %v, want %v", op.name, c, kind, v, i, v, w)
					}
				}
				// An element of k windows sums k terms of |c| ≤ max|c|, off by
				// at most (k − 1) roundings of that size.
				tol := 0.0
				if !op.exactGrad {
					tol = float64(c.kernel[0]*c.kernel[1]) * eps * maxAbs(cot.Data())
				}
				for i, v := range dx.Data() {
					if w := wantDx.Data()[i]; math.Abs(float64(v-w)) > tol || v != v {
						t.Fatalf("%s %+v on %s %T: x̄[%d] = %v, want %v", op.name, c, kind, v, i, v, w)
					}
				}
			}
		}
	}
}

func maxAbs[T Float](xs []T) float64 {
	m := 0.0
	for _, v := range xs {
		m = max(m, math.Abs(float64(v)))
	}
	return m
}

// TestPoolingGradients checks the gradients of MaxPool2D and AvgPool2D, and
// of the primitives their rules record (maxPoolScatter, maxPoolGather,
// avgPoolAdjoint), against central differences on every case of poolCases,
// with inputs away from ties.
func TestPoolingGradients(t *testing.T) {
	g := newGen(21)
	for _, c := range poolCases {
		win := tensor.Window{Kernel: c.kernel, Stride: c.stride}
		h, w := c.shape[2], c.shape[3]
		ho, wo := win.Out(h, w)
		x := g.distinct(c.shape...)
		_, arg := tensor.MaxPool2D(x, win)
		out := g.normal(c.shape[0], c.shape[1], ho, wo)
		for _, f := range []struct {
			name  string
			f     func(xs ...*V) *V
			input *T64
		}{
			{"MaxPool2D", func(xs ...*V) *V { return MaxPool2D(xs[0], c.kernel, c.stride) }, x},
			{"AvgPool2D", func(xs ...*V) *V { return AvgPool2D(xs[0], c.kernel, c.stride) }, g.normal(c.shape...)},
			{"maxPoolScatter", func(xs ...*V) *V { return maxPoolScatter(xs[0], arg, h, w, win) }, out},
			{"maxPoolGather", func(xs ...*V) *V { return maxPoolGather(xs[0], arg, win) }, g.normal(c.shape...)},
			{"avgPoolAdjoint", func(xs ...*V) *V { return avgPoolAdjoint(xs[0], h, w, win) }, out},
		} {
			if res, err := CheckGradient(f.f, []*T64{f.input}, CheckOptions{}); err != nil {
				t.Errorf("%s %+v: %v (%+v)", f.name, c, err, res)
			}
		}
	}
}

// TestPoolingHigherOrder compares derivatives of second and third order
// through MaxPool2D and AvgPool2D with those through their compositions: the
// Hessian of L(x) = Σ c·tanh(pool(x)) (the recorded backward pass goes
// through maxPoolScatter and its rule maxPoolGather, or avgPoolAdjoint and
// its rule AvgPool2D), and the gradient of ⟨∇ₓ⟨∇ₓL, v⟩, u⟩ (through
// maxPoolGather's rule too).
func TestPoolingHigherOrder(t *testing.T) {
	g := newGen(31)
	for _, c := range poolCases[:5] {
		win := tensor.Window{Kernel: c.kernel, Stride: c.stride}
		ho, wo := win.Out(c.shape[2], c.shape[3])
		x := g.distinct(c.shape...)
		for i := range x.Data() {
			x.Data()[i] *= 0.1 // keep tanh away from saturation
		}
		cot, v, u := g.normal(c.shape[0], c.shape[1], ho, wo), g.normal(c.shape...), g.normal(c.shape...)
		for _, op := range []struct {
			name      string
			got, want func(*V, [2]int, [2]int) *V
		}{
			{"MaxPool2D", MaxPool2D[float64], maxPool2DComposite[float64]},
			{"AvgPool2D", AvgPool2D[float64], avgPool2DComposite[float64]},
		} {
			derivs := func(pool func(*V, [2]int, [2]int) *V) (hess, third *T64) {
				tp := NewTape[float64]()
				xv := tp.Param(x)
				loss := Sum(Mul(Tanh(pool(xv, c.kernel, c.stride)), tp.Const(cot)))
				hess = Hessian(loss, []*V{xv})
				g1 := GradientsGraph(loss, xv)[0]
				g2 := GradientsGraph(Sum(Mul(g1, tp.Const(v))), xv)[0]
				third = Gradients(Sum(Mul(g2, tp.Const(u))), xv)[0]
				return hess, third.Clone()
			}
			hess, third := derivs(op.got)
			wantHess, wantThird := derivs(op.want)
			if !approxEqual(hess, wantHess, 1e-13) {
				t.Errorf("%s %+v: Hessian differs from the composite's", op.name, c)
			}
			if !approxEqual(third, wantThird, 1e-13) {
				t.Errorf("%s %+v: third derivative %v, composite's %v", op.name, c, third, wantThird)
			}
			if maxAbs(wantHess.Data()) == 0 || maxAbs(wantThird.Data()) == 0 {
				t.Errorf("%s %+v: zero derivatives test nothing", op.name, c)
			}
		}
	}
}

// TestPoolingAcrossGOMAXPROCS runs a forward and backward pass through both
// poolings on inputs large enough to be split over goroutines, under
// GOMAXPROCS 1 and 2, and demands the same bits.
func TestPoolingAcrossGOMAXPROCS(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	r := rand.New(rand.NewPCG(41, 42))
	x := poolInput[float32](r, "normal", 8, 16, 33, 32)
	for _, c := range []poolCase{{x.Shape(), [2]int{2, 2}, [2]int{2, 2}}, {x.Shape(), [2]int{3, 3}, [2]int{1, 2}}} {
		win := tensor.Window{Kernel: c.kernel, Stride: c.stride}
		ho, wo := win.Out(33, 32)
		cot := poolInput[float32](r, "normal", 8, 16, ho, wo)
		for _, pool := range []func(*Var[float32], [2]int, [2]int) *Var[float32]{MaxPool2D[float32], AvgPool2D[float32]} {
			var ys, dxs [2]*tensor.Tensor[float32]
			for k, procs := range []int{1, 2} {
				runtime.GOMAXPROCS(procs)
				ys[k], dxs[k] = poolValueAndGrad(pool, c, x, cot)
			}
			if !sameBits(ys[0], ys[1]) || !sameBits(dxs[0], dxs[1]) {
				t.Errorf("%+v: GOMAXPROCS 2 gives other bits than 1", c)
			}
		}
	}
}

// TestMaxPoolArgmaxAcrossSteps runs MaxPool2D steps of different sizes on
// one tape, in normal and in debug mode, and checks each gradient against the
// composite's on a fresh tape: the argmax buffers recycled by Reset must not
// leak from one step into the next.
func TestMaxPoolArgmaxAcrossSteps(t *testing.T) {
	g := newGen(51)
	twice := func(pool func(*V, [2]int, [2]int) *V, c poolCase) func(*V, [2]int, [2]int) *V {
		return func(x *V, _, _ [2]int) *V { return pool(pool(x, [2]int{1, 1}, [2]int{1, 1}), c.kernel, c.stride) }
	}
	for _, debug := range []bool{false, true} {
		tp := NewTape[float64]()
		tp.SetDebug(debug)
		for _, c := range []poolCase{poolCases[0], poolCases[2], poolCases[0], poolCases[4]} {
			tp.Reset()
			x := g.distinct(c.shape...)
			xv := tp.Param(x)
			y := twice(MaxPool2D[float64], c)(xv, c.kernel, c.stride)
			cot := g.normal(y.Shape()...)
			got := VJP(y, cot, xv)[0]
			_, want := poolValueAndGrad(twice(maxPool2DComposite[float64], c), c, x, cot)
			if !approxEqual(got, want, 1e-14*float64(c.kernel[0]*c.kernel[1])*maxAbs(cot.Data())) {
				t.Errorf("debug %v, %+v: gradient %v, want %v", debug, c, got, want)
			}
		}
	}
}
