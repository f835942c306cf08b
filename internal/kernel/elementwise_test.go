package kernel

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// TestBinaryStrides checks every op's fast loops against the general zip loop
// for every stride pattern and lengths 0..17, with NaN guards past the end.
func TestBinaryStrides(t *testing.T) {
	defs := map[BinaryOp]func(x, y float64) float64{
		Add: func(x, y float64) float64 { return x + y }, Sub: func(x, y float64) float64 { return x - y },
		Mul: func(x, y float64) float64 { return x * y }, Div: func(x, y float64) float64 { return x / y },
		Pow: math.Pow, Maximum: math.Max, Minimum: math.Min,
		Greater: func(x, y float64) float64 { return indicator[float64](x > y) },
		Equal:   func(x, y float64) float64 { return indicator[float64](x == y) },
		Gate: func(x, y float64) float64 {
			if y > 0 {
				return x
			}
			return 0
		},
	}
	for op, def := range defs {
		for n := 0; n <= 17; n++ {
			for _, sa := range []int{0, 1} {
				for _, sb := range []int{0, 1} {
					a, b := make([]float64, n+1), make([]float64, n+1)
					for i := range a {
						a[i], b[i] = 0.5+float64(i%5), 1.5-float64(i%3)/4
					}
					b[0] = a[0] // exercise Equal
					dst := make([]float64, n+3)
					for i := range dst {
						dst[i] = math.NaN()
					}
					Binary(op, dst[1:n+1], a, sa, b, sb)
					for i := range n {
						want := def(a[i*sa], b[i*sb])
						if got := dst[1+i]; got != want {
							t.Fatalf("op %d n=%d sa=%d sb=%d: dst[%d] = %v, want %v", op, n, sa, sb, i, got, want)
						}
					}
					if !math.IsNaN(dst[0]) || !math.IsNaN(dst[n+1]) {
						t.Fatalf("op %d n=%d: wrote outside dst", op, n)
					}
				}
			}
		}
	}
}

func TestUnaryDefinitions(t *testing.T) {
	xs := []float64{-800, -3, -0.5, 0, 0.25, 2, 800}
	defs := map[UnaryOp]func(float64) float64{
		Neg: func(x float64) float64 { return -x }, Exp: math.Exp, Tanh: math.Tanh, Abs: math.Abs,
		Square:   func(x float64) float64 { return x * x },
		ReLU:     func(x float64) float64 { return math.Max(x, 0) },
		Step:     func(x float64) float64 { return indicator[float64](x > 0) },
		Sign:     func(x float64) float64 { return indicator[float64](x > 0) - indicator[float64](x < 0) },
		Sigmoid:  func(x float64) float64 { return 1 / (1 + math.Exp(-x)) },
		Softplus: func(x float64) float64 { return math.Log1p(math.Exp(x)) },
	}
	for op, def := range defs {
		dst := make([]float64, len(xs))
		Unary(op, dst, xs)
		for i, x := range xs {
			want := def(x)
			if math.IsInf(want, 1) && op == Softplus { // the naive form overflows; ours must not
				want = x
			}
			if d := math.Abs(dst[i] - want); d > 1e-15*math.Max(1, math.Abs(want)) {
				t.Errorf("op %d(%v) = %v, want %v", op, x, dst[i], want)
			}
		}
	}
}

func TestReduceAxes(t *testing.T) {
	// src is [2, 3, 2]: src[o,j,i] = 6o + 2j + i.
	src := []float64{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}
	sum := make([]float64, 4)
	SumAxis(sum, src, 2, 3, 2)
	if want := []float64{6, 9, 24, 27}; !slices.Equal(sum, want) {
		t.Errorf("SumAxis = %v, want %v", sum, want)
	}
	mx, arg := make([]float64, 4), make([]int, 4)
	MaxAxis(mx, arg, src, 2, 3, 2)
	if want := []float64{4, 5, 10, 11}; !slices.Equal(mx, want) || arg[0] != 2 {
		t.Errorf("MaxAxis = %v %v", mx, arg)
	}
	nan := []float64{1, math.NaN(), 3}
	MaxAxis(mx[:1], arg[:1], nan, 1, 3, 1)
	if !math.IsNaN(mx[0]) || arg[0] != 1 {
		t.Errorf("MaxAxis with NaN = %v at %d", mx[0], arg[0])
	}
}

// TestSumMatchesRef checks Sum against its twin for lengths 0..40, and that
// it stays within rounding of the plain running sum.
func TestSumMatchesRef(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for n := 0; n <= 40; n++ {
		x := make([]float64, n)
		var plain, mass float64
		for i := range x {
			x[i] = r.NormFloat64()
			plain += x[i]
			mass += math.Abs(x[i])
		}
		got, want := Sum(x), SumRef(x)
		if got != want {
			t.Fatalf("n=%d: Sum = %v, SumRef = %v", n, got, want)
		}
		if math.Abs(got-plain) > 1e-14*mass {
			t.Fatalf("n=%d: Sum = %v, running sum %v", n, got, plain)
		}
	}
}

// TestFill checks Fill for lengths around its block size, with NaN guards.
func TestFill(t *testing.T) {
	for _, n := range []int{0, 1, 7, 1023, 1024, 1025, 2048, 3000} {
		all, mid := nanBand(n, 3)
		Fill(mid, -0.5)
		checkBand(t, "Fill", all, 3, n)
		for i, v := range mid {
			if v != -0.5 {
				t.Fatalf("n=%d: dst[%d] = %v", n, i, v)
			}
		}
	}
}
