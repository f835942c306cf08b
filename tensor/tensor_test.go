package tensor

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/deeptheory/deeptheory/internal/testcheck"
	"github.com/google/go-cmp/cmp"
)

// mustPanic runs f and fails unless it panics with a message containing want.
func mustPanic(t *testing.T, want string, f func()) {
	t.Helper()
	testcheck.Panics(t, "panic", want, f)
}

func TestConstructorsAndAccess(t *testing.T) {
	x := FromSlice([]float64{1, 2, 3, 4, 5, 6}, 2, 3)
	if got := x.At(1, 2); got != 6 {
		t.Errorf("At(1,2) = %v, want 6", got)
	}
	x.Set(9, 0, 1)
	if got := x.Data()[1]; got != 9 {
		t.Errorf("after Set, data[1] = %v", got)
	}
	if got := Full[float32](2.5, 2, 2).Data(); !cmp.Equal(got, []float32{2.5, 2.5, 2.5, 2.5}) {
		t.Errorf("Full = %v", got)
	}
	if got := Arange[float64](4).Data(); !cmp.Equal(got, []float64{0, 1, 2, 3}) {
		t.Errorf("Arange = %v", got)
	}
	if s := Scalar(3.0); s.Dims() != 0 || s.Item() != 3 {
		t.Errorf("Scalar = %v", s)
	}
	c := x.Clone()
	c.Set(-1, 0, 0)
	if x.At(0, 0) != 1 {
		t.Error("Clone shares data")
	}
	f32 := Convert[float32](x)
	if f32.At(1, 0) != 4 || !cmp.Equal(f32.Shape(), []int{2, 3}) {
		t.Errorf("Convert = %v", f32)
	}
	mustPanic(t, "FromSlice", func() { FromSlice([]float64{1, 2}, 3) })
	mustPanic(t, "negative dimension", func() { Zeros[float64](2, -1) })
	mustPanic(t, "out of range", func() { x.At(2, 0) })
	mustPanic(t, "Item", func() { x.Item() })
}

func TestReshape(t *testing.T) {
	x := Arange[float64](12)
	y := x.Reshape(3, -1)
	if !cmp.Equal(y.Shape(), []int{3, 4}) {
		t.Fatalf("Reshape(3,-1) shape %v", y.Shape())
	}
	y.Set(100, 2, 3)
	if x.At(11) != 100 {
		t.Error("Reshape should share data")
	}
	mustPanic(t, "cannot reshape", func() { x.Reshape(5, -1) })
	mustPanic(t, "cannot reshape", func() { x.Reshape(2, 2) })
	mustPanic(t, "bad shape", func() { x.Reshape(-1, -1) })
	if got := Zeros[float64](0, 3).Reshape(-1, 3).Shape(); !cmp.Equal(got, []int{0, 3}) {
		t.Errorf("empty reshape: %v", got)
	}
}

func TestRandDeterministic(t *testing.T) {
	a := RandN[float64](rand.New(rand.NewPCG(7, 8)), 3, 3)
	b := RandN[float64](rand.New(rand.NewPCG(7, 8)), 3, 3)
	if !cmp.Equal(a.Data(), b.Data()) {
		t.Error("same seed, different RandN")
	}
	u := RandU[float32](rand.New(rand.NewPCG(1, 1)), -2, 3, 1000)
	for _, v := range u.Data() {
		if v < -2 || v >= 3 {
			t.Fatalf("RandU value %v outside [-2, 3)", v)
		}
	}
}

// broadcastRef is the definition of a broadcast binary op: for every output
// index, read each operand at the index clamped to its size-1 dimensions.
func broadcastRef(a, b *Tensor[float64], f func(x, y float64) float64) *Tensor[float64] {
	shape, _ := BroadcastShapes(a.Shape(), b.Shape())
	out := Zeros[float64](shape...)
	idx := make([]int, len(shape))
	at := func(x *Tensor[float64]) float64 {
		off := 0
		for d, n := range x.Shape() {
			i := idx[len(shape)-len(x.Shape())+d]
			if n == 1 {
				i = 0
			}
			off = off*n + i
		}
		return x.Data()[off]
	}
	for k := range out.Data() {
		rem := k
		for d := len(shape) - 1; d >= 0; d-- {
			idx[d] = rem % shape[d]
			rem /= shape[d]
		}
		out.Data()[k] = f(at(a), at(b))
	}
	return out
}

func TestBroadcastBinary(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	pairs := [][2][]int{
		{{4, 3}, {4, 3}}, {{4, 3}, {3}}, {{4, 1}, {1, 3}}, {{2, 1, 3}, {4, 1}}, {{2, 4, 3}, {4, 3}},
		{{}, {2, 3}}, {{2, 3}, {}}, {{1}, {5}}, {{3, 1, 2, 1}, {1, 4, 1, 5}}, {{0, 3}, {3}}, {{2, 1, 1}, {1, 1, 1}},
	}
	ops := []struct {
		name string
		f    func(a, b *Tensor[float64]) *Tensor[float64]
		ref  func(x, y float64) float64
	}{
		{"Add", Add[float64], func(x, y float64) float64 { return x + y }},
		{"Sub", Sub[float64], func(x, y float64) float64 { return x - y }},
		{"Mul", Mul[float64], func(x, y float64) float64 { return x * y }},
		{"Div", Div[float64], func(x, y float64) float64 { return x / y }},
		{"Pow", Pow[float64], math.Pow},
		{"Maximum", Maximum[float64], math.Max},
		{"Minimum", Minimum[float64], math.Min},
		{"Greater", Greater[float64], func(x, y float64) float64 { return map[bool]float64{true: 1}[x > y] }},
	}
	for _, p := range pairs {
		a := RandU[float64](r, 0.5, 2, p[0]...)
		b := RandU[float64](r, 0.5, 2, p[1]...)
		for _, op := range ops {
			got, want := op.f(a, b), broadcastRef(a, b, op.ref)
			if !cmp.Equal(got.Shape(), want.Shape()) || !cmp.Equal(got.Data(), want.Data()) {
				t.Errorf("%s(%v, %v) = %v, want %v", op.name, p[0], p[1], got, want)
			}
		}
		// The Into form writes the same values into a destination.
		if shape, _ := BroadcastShapes(p[0], p[1]); true {
			dst := Full[float64](math.NaN(), shape...)
			if got := AddInto(dst, a, b); !cmp.Equal(got.Data(), Add(a, b).Data()) {
				t.Errorf("AddInto(%v, %v) = %v", p[0], p[1], got)
			}
		}
	}
	mustPanic(t, "tensor: Add: shapes [2 3] and [4] do not broadcast", func() { Add(Zeros[float64](2, 3), Zeros[float64](4)) })
	mustPanic(t, "destination shape", func() { AddInto(Zeros[float64](3), Zeros[float64](2, 3), Zeros[float64](3)) })
}

func TestUnary(t *testing.T) {
	x := FromSlice([]float64{-2, -0.5, 0, 0.5, 3}, 5)
	cases := []struct {
		name string
		got  *Tensor[float64]
		ref  func(float64) float64
	}{
		{"Neg", Neg(x), func(v float64) float64 { return -v }},
		{"Exp", Exp(x), math.Exp},
		{"Tanh", Tanh(x), math.Tanh},
		{"Sigmoid", Sigmoid(x), func(v float64) float64 { return 1 / (1 + math.Exp(-v)) }},
		{"ReLU", ReLU(x), func(v float64) float64 { return math.Max(v, 0) }},
		{"Abs", Abs(x), math.Abs},
		{"Square", Square(x), func(v float64) float64 { return v * v }},
		{"Step", Step(x), func(v float64) float64 { return map[bool]float64{true: 1}[v > 0] }},
		{"Sign", Sign(x), func(v float64) float64 { return map[bool]float64{true: 1}[v > 0] - map[bool]float64{true: 1}[v < 0] }},
	}
	for _, c := range cases {
		for i, v := range x.Data() {
			if want := c.ref(v); math.Abs(c.got.Data()[i]-want) > 1e-15 {
				t.Errorf("%s(%v) = %v, want %v", c.name, v, c.got.Data()[i], want)
			}
		}
	}
	pos := FromSlice([]float64{0.25, 1, 4}, 3)
	if got := Sqrt(pos).Data(); !cmp.Equal(got, []float64{0.5, 1, 2}) {
		t.Errorf("Sqrt = %v", got)
	}
	if got := Log(FromSlice([]float64{1, math.E}, 2)).Data(); got[0] != 0 || math.Abs(got[1]-1) > 1e-15 {
		t.Errorf("Log = %v", got)
	}
	// Sigmoid neither overflows nor returns NaN far out.
	big := FromSlice([]float32{-1000, 1000}, 2)
	if got := Sigmoid(big).Data(); got[0] != 0 || got[1] != 1 {
		t.Errorf("Sigmoid(±1000) = %v", got)
	}
}
