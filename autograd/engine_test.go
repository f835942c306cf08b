package autograd

import (
	"math"
	"slices"
	"testing"

	"github.com/deeptheory/deeptheory/internal/testcheck"
	"github.com/deeptheory/deeptheory/tensor"
)

func vec(values ...float64) *T64 { return tensor.FromSlice(values, len(values)) }

// approxEqual reports whether a and b have equal shapes and elements equal to within tol.
func approxEqual(a, b *T64, tol float64) bool {
	if !a.SameShape(b) {
		return false
	}
	for i, v := range a.Data() {
		if math.Abs(v-b.Data()[i]) > tol {
			return false
		}
	}
	return true
}

func TestValueUsedTwice(t *testing.T) {
	// y = x·x + 3x uses x three times: dy/dx = 2x + 3.
	tp := NewTape[float64]()
	x := tp.Param(vec(1, -2, 0.5))
	y := Sum(Add(Mul(x, x), MulScalar(x, 3)))
	got := Gradients(y, x)[0]
	if want := vec(5, -1, 4); !approxEqual(got, want, 0) {
		t.Errorf("gradient %v, want %v", got, want)
	}
}

func TestUnreachedInput(t *testing.T) {
	tp := NewTape[float64]()
	x := tp.Param(vec(1, 2))
	unused := tp.Param(tensor.Full(7.0, 2, 3))
	loss := Sum(Square(x))
	later := tp.Param(tensor.Full(1.0, 4)) // recorded after the loss
	grads := Gradients(loss, x, unused, later)
	if want := vec(2, 4); !approxEqual(grads[0], want, 0) {
		t.Errorf("gradient of x %v, want %v", grads[0], want)
	}
	if want := tensor.Zeros[float64](2, 3); !approxEqual(grads[1], want, 0) {
		t.Errorf("gradient of an unused input %v, want zeros", grads[1])
	}
	if want := tensor.Zeros[float64](4); !approxEqual(grads[2], want, 0) {
		t.Errorf("gradient of an input recorded after the loss %v, want zeros", grads[2])
	}
	// A loss that depends on nothing recorded.
	c := Sum(tp.Const(vec(1, 2)))
	if g := Gradients(c, x)[0]; !approxEqual(g, tensor.Zeros[float64](2), 0) {
		t.Errorf("gradient of a constant loss %v, want zeros", g)
	}
}

func TestGradientsTwice(t *testing.T) {
	tp := NewTape[float64]()
	x := tp.Param(vec(0.3, -1.2, 2))
	w := tp.Param(vec(1.5, 0.5, -1))
	loss := Sum(Tanh(Mul(Mul(x, w), x)))
	first := Gradients(loss, x, w)
	a, b := first[0].Clone(), first[1].Clone()
	second := Gradients(loss, x, w)
	if !approxEqual(second[0], a, 0) || !approxEqual(second[1], b, 0) {
		t.Errorf("second call %v %v, first %v %v", second[0], second[1], a, b)
	}
}

func TestEnginePanics(t *testing.T) {
	tp, other := NewTape[float64](), NewTape[float64]()
	x := tp.Param(vec(1, 2))
	y := other.Param(vec(3, 4))
	testcheck.Panics(t, "panic", "autograd: Gradients: loss has shape [2]; it must be a scalar", func() { Gradients(Square(x), x) })
	testcheck.Panics(t, "panic", "autograd: GradientsGraph: loss has shape [2]; it must be a scalar", func() { GradientsGraph(Square(x), x) })
	testcheck.Panics(t, "panic", "autograd: Add: inputs belong to different tapes", func() { Add(x, y) })
	testcheck.Panics(t, "panic", "autograd: Concat: inputs belong to different tapes", func() { Concat(0, x, y) })
	testcheck.Panics(t, "panic", "autograd: Gradients: a variable of shape [2] is not recorded on the loss's tape",
		func() { Gradients(Sum(x), y) })
	testcheck.Panics(t, "panic", "autograd: VJP: output shape [2], cotangent shape [3]", func() { VJP(Square(x), vec(1, 2, 3), x) })
}

func TestShapePanics(t *testing.T) {
	tp := NewTape[float64]()
	p := func(shape ...int) *V { return tp.Param(tensor.Zeros[float64](shape...)) }
	cases := []struct {
		want string
		f    func()
	}{
		{"autograd: Transpose: shape [2 3 4] is not 2-D", func() { Transpose(p(2, 3, 4)) }},
		{"autograd: Flatten: shape [5] has fewer than 2 dimensions", func() { Flatten(p(5)) }},
		{"autograd: Concat: shapes [[2 3] [3 3]] do not agree except along axis 1", func() { Concat(1, p(2, 3), p(3, 3)) }},
		{"autograd: Concat: no inputs", func() { Concat[float64](0) }},
		{"autograd: Slice: range [1, 5) out of bounds for axis 1 of shape [2 3]", func() { Slice(p(2, 3), 1, 1, 5) }},
		{"autograd: MaxAxis: axis 2 out of range for shape [2 3]", func() { MaxAxis(p(2, 3), 2, false) }},
		{"autograd: MaxAxis: axis 1 of shape [2 0] is empty", func() { MaxAxis(p(2, 0), 1, false) }},
		{"autograd: Max: empty input of shape [0 3]", func() { Max(p(0, 3)) }},
		{"autograd: Softmax: axis -3 out of range for shape [2 3]", func() { Softmax(p(2, 3), -3) }},
		{"autograd: Linear: shapes [4 3] (x), [2 5] (w), [2] (b)", func() { Linear(p(4, 3), p(2, 5), p(2)) }},
		{"autograd: Linear: shapes [4 3] (x), [2 3] (w), [3] (b)", func() { Linear(p(4, 3), p(2, 3), p(3)) }},
		{"autograd: Unfold: shape [2 3 4] is not [N C H W]", func() { Unfold(p(2, 3, 4), tensor.Window1D(2, 1, 0)) }},
		{"autograd: Unfold: kernel [3 3] larger than the 2×4 input with padding [0 0]",
			func() { Unfold(p(1, 1, 2, 4), tensor.Window{Kernel: [2]int{3, 3}, Stride: [2]int{1, 1}}) }},
		{"autograd: Unfold: bad window", func() { Unfold(p(1, 1, 2, 4), tensor.Window{Kernel: [2]int{1, 1}}) }},
		{"autograd: Fold: shape [1 4 5] does not fit 3×3 images", func() {
			Fold(p(1, 4, 5), 3, 3, tensor.Window{Kernel: [2]int{2, 2}, Stride: [2]int{1, 1}})
		}},
		{"autograd: Conv2D: shapes [1 2 5 5] (x), [3 4 2 2] (w), [] (b)", func() { Conv2D(p(1, 2, 5, 5), p(3, 4, 2, 2), nil, [2]int{1, 1}, [2]int{}) }},
		{"autograd: Conv1D: shapes [1 2 5] (x), [3 2 2] (w), [4] (b)", func() { Conv1D(p(1, 2, 5), p(3, 2, 2), p(4), 1, 0) }},
		{"autograd: LocallyConnected2D: shapes [1 2 5 5] (x), [3 3 4 2 2 2] (w), [] (b): the output is 4×4",
			func() { LocallyConnected2D(p(1, 2, 5, 5), p(3, 3, 4, 2, 2, 2), nil, [2]int{1, 1}, [2]int{}) }},
		{"autograd: LocallyConnected1D: shapes [1 2 5] (x), [4 3 2 2] (w), [3 3] (b): the output has length 4",
			func() { LocallyConnected1D(p(1, 2, 5), p(4, 3, 2, 2), p(3, 3), 1) }},
		{"autograd: MaxPool2D: shape [2 3] is not [N C H W]", func() { MaxPool2D(p(2, 3), [2]int{2, 2}, [2]int{2, 2}) }},
		{"autograd: AvgPool2D: kernel [3 3] larger than the 2×2 input", func() { AvgPool2D(p(1, 1, 2, 2), [2]int{3, 3}, [2]int{1, 1}) }},
		{"autograd: WeightNorm: shapes [4 3] (v) and [3] (g)", func() { WeightNorm(p(4, 3), p(3)) }},
		{"autograd: BatchNorm: input [4] has no channel axis", func() { BatchNorm(p(4), nil, nil, 1e-5) }},
		{"autograd: BatchNorm: input [4 3], weight or bias [2]: want [3]", func() { BatchNorm(p(4, 3), p(2), p(3), 1e-5) }},
		{"autograd: HessianVectorProduct: 1 directions for 2 variables", func() {
			HessianVectorProduct(Sum(p(2)), []*V{p(2), p(2)}, []*T64{vec(1, 2)})
		}},
		{"autograd: Permute: axes [0 0] are not a permutation", func() { Permute(p(2, 3), 0, 0) }},
	}
	for _, c := range cases {
		testcheck.Panics(t, "panic", c.want, c.f)
	}
}

// mlpLoss is a small network's loss, used by several tests.
func mlpLoss(x, y, w1, w2 *V) *V {
	f := Reshape(Linear(Tanh(Linear(x, w1, nil)), w2, nil), -1)
	return Mean(Exp(Neg(Mul(y, f)))) // the exponential loss
}

func TestResetReuse(t *testing.T) {
	g := newGen(7)
	x, y := g.normal(6, 3), g.signs(6)
	w1, w2 := g.normal(4, 3), g.normal(1, 4)
	tp := NewTape[float64]()
	step := func() (float64, []*T64) {
		tp.Reset()
		loss := mlpLoss(tp.Const(x), tp.Const(y), tp.Param(w1), tp.Param(w2))
		grads := Gradients(loss, tp.Param(w1), tp.Param(w2))
		return loss.Value().Item(), []*T64{grads[0].Clone(), grads[1].Clone()}
	}
	loss1, grads1 := step()
	nodes := tp.Len()
	for range 3 {
		loss2, grads2 := step()
		if loss2 != loss1 || !approxEqual(grads2[0], grads1[0], 0) || !approxEqual(grads2[1], grads1[1], 0) {
			t.Fatalf("after Reset: loss %g, gradients %v %v; first time %g, %v %v", loss2, grads2[0], grads2[1], loss1, grads1[0], grads1[1])
		}
		if tp.Len() != nodes {
			t.Errorf("after Reset the tape has %d nodes, the first time %d", tp.Len(), nodes)
		}
	}
	// A fresh tape agrees.
	fresh := NewTape[float64]()
	loss := mlpLoss(fresh.Const(x), fresh.Const(y), fresh.Param(w1), fresh.Param(w2))
	if loss.Value().Item() != loss1 {
		t.Errorf("fresh tape loss %g, reused %g", loss.Value().Item(), loss1)
	}
}

func TestNotRecording(t *testing.T) {
	g := newGen(8)
	x, y := g.normal(6, 3), g.signs(6)
	w1, w2 := g.normal(4, 3), g.normal(1, 4)

	recorded := NewTape[float64]()
	want := mlpLoss(recorded.Const(x), recorded.Const(y), recorded.Param(w1), recorded.Param(w2)).Value().Item()

	tp := NewTape[float64]()
	tp.SetRecording(false)
	loss := mlpLoss(tp.Const(x), tp.Const(y), tp.Param(w1), tp.Param(w2))
	if tp.Len() != 0 || loss.Recorded() {
		t.Errorf("a tape that is not recording has %d nodes (loss recorded: %t)", tp.Len(), loss.Recorded())
	}
	if got := loss.Value().Item(); got != want {
		t.Errorf("loss without recording %g, recorded %g", got, want)
	}
	if was := tp.SetRecording(true); was {
		t.Error("SetRecording returned true for a tape that was not recording")
	}

	var nilTape *Tape[float64]
	loss = mlpLoss(nilTape.Const(x), nilTape.Const(y), nilTape.Param(w1), nilTape.Param(w2))
	if loss.Recorded() || loss.Tape() != nil {
		t.Error("a computation on a nil tape is recorded")
	}
	if got := loss.Value().Item(); got != want {
		t.Errorf("loss on a nil tape %g, recorded %g", got, want)
	}
}

// TestComposition checks composite ops against their definitions on fixed values.
func TestComposition(t *testing.T) {
	tp := NewTape[float64]()
	x := tp.Param(tensor.FromSlice([]float64{1, 2, 3, -1, 0, 1}, 2, 3))
	soft := Softmax(x, 1).Value()
	for r := range 2 {
		row := x.Value().Data()[3*r : 3*r+3]
		s := 0.0
		for _, v := range row {
			s += math.Exp(v)
		}
		for j, v := range row {
			if got, want := soft.At(r, j), math.Exp(v)/s; math.Abs(got-want) > 1e-15 {
				t.Errorf("Softmax[%d,%d] = %g, want %g", r, j, got, want)
			}
		}
	}
	// LogSumExp is stable for large inputs.
	big := tp.Param(vec(1000, 1000))
	if got, want := LogSumExp(big).Value().Item(), 1000+math.Log(2); got != want {
		t.Errorf("LogSumExp([1000 1000]) = %g, want %g", got, want)
	}
	// Norm and Slice/Concat round trip.
	if got := Norm(tp.Param(vec(3, 4))).Value().Item(); got != 5 {
		t.Errorf("Norm([3 4]) = %g", got)
	}
	parts := []*V{Slice(x, 1, 0, 1), Slice(x, 1, 1, 3)}
	if got := Concat(1, parts...).Value(); !slices.Equal(got.Data(), x.Value().Data()) {
		t.Errorf("Concat(Slice, Slice) = %v, want %v", got, x.Value())
	}
}
