package autograd

import (
	"math"
	"testing"

	"github.com/deeptheory/deeptheory/tensor"
)

// TestIssueMinimumBroadcast: Minimum's rule summed ā down to b's shape and
// b̄ down to a's (the values were right, the shapes swapped), so Minimum of
// operands that broadcast panicked with "a rule returned a gradient of shape
// [3 1] for an input of shape [3 4]".
func TestIssueMinimumBroadcast(t *testing.T) {
	tp := NewTape[float64]()
	a := tp.Param(tensor.FromSlice([]float64{1, 5, 2, 0}, 2, 2))
	b := tp.Param(tensor.FromSlice([]float64{3}, 1))
	grads := Gradients(Sum(Minimum(a, b)), a, b)
	checkGrad(t, "Minimum, a", grads[0], tensor.FromSlice([]float64{1, 0, 1, 1}, 2, 2))
	checkGrad(t, "Minimum, b", grads[1], vec(1))
}

// TestIssueParamAfterLoss: backward indexed its per-node cotangents with the
// id of every wrt variable, so a Param recorded after the loss (id > loss's
// id) panicked with an index out of range instead of getting zeros.
func TestIssueParamAfterLoss(t *testing.T) {
	tp := NewTape[float64]()
	x := tp.Param(vec(1, 2))
	loss := Sum(x)
	late := tp.Param(vec(3, 4, 5))
	checkGrad(t, "a Param made after the loss", Gradients(loss, late)[0], tensor.Zeros[float64](3))
}

// TestIssueCheckGradientOfGradient: CheckGradient evaluated its probes on
// tape-less constants, so checking an f that takes gradients itself (through
// GradientsGraph) panicked with "not recorded on the loss's tape".
func TestIssueCheckGradientOfGradient(t *testing.T) {
	f := func(xs ...*V) *V { return GradientsGraph(Sum(Exp(xs[0])), xs[0])[0] }
	if _, err := CheckGradient(f, []*T64{vec(0.1, -0.7)}, CheckOptions{}); err != nil {
		t.Fatal(err)
	}
}

// convNet runs a small convolutional pipeline in precision T and returns its
// loss and the gradients of its parameters, converted to float64.
func convNet[T Float](inputs []*T64, labels []int) (float64, []*T64) {
	tp := NewTape[T]()
	params := make([]*Var[T], len(inputs)-1)
	for i := range params {
		params[i] = tp.Param(tensor.Convert[T](inputs[i+1]))
	}
	x := tp.Const(tensor.Convert[T](inputs[0]))                                 // [2 2 6 6]
	h := Tanh(Conv2D(x, params[0], params[1], [2]int{1, 1}, [2]int{1, 1}))      // [2 3 6 6]
	h = MaxPool2D(h, [2]int{2, 2}, [2]int{2, 2})                                // [2 3 3 3]
	h = ReLU(LocallyConnected2D(h, params[2], nil, [2]int{1, 1}, [2]int{0, 0})) // [2 2 2 2]
	h = AvgPool2D(h, [2]int{2, 2}, [2]int{1, 1})                                // [2 2 1 1]
	logits := Linear(Flatten(h), WeightNorm(params[3], params[4]), nil)         // [2 3]
	loss := Mean(Mul(LogSoftmax(logits, 1), Const(oneHot[T](labels, 3))))       // −(cross-entropy)/3
	grads := Gradients(loss, params...)
	out := make([]*T64, len(grads))
	for i, g := range grads {
		out[i] = tensor.Convert[float64](g)
	}
	return float64(loss.Value().Item()), out
}

// oneHot returns the [len(labels), k] matrix with ones at the labels.
func oneHot[T Float](labels []int, k int) *tensor.Tensor[T] {
	t := tensor.Zeros[T](len(labels), k)
	for i, label := range labels {
		t.Data()[i*k+label] = 1
	}
	return t
}

// TestFloat32 runs a network of most layer ops in float32 and float64: the
// results agree to float32 precision.
func TestFloat32(t *testing.T) {
	g := newGen(21)
	inputs := []*T64{
		g.normal(2, 2, 6, 6),
		g.normal(3, 2, 3, 3), g.normal(3), // conv
		g.normal(2, 2, 2, 3, 2, 2),    // locally connected
		g.normal(3, 2), g.positive(3), // weight-normalized dense
	}
	labels := []int{2, 0}
	loss64, grads64 := convNet[float64](inputs, labels)
	loss32, grads32 := convNet[float32](inputs, labels)
	if math.Abs(loss32-loss64) > 1e-5*math.Abs(loss64) {
		t.Errorf("loss: float32 %g, float64 %g", loss32, loss64)
	}
	for i := range grads64 {
		scale := 0.0
		for _, v := range grads64[i].Data() {
			scale = max(scale, math.Abs(v))
		}
		for j, v := range grads64[i].Data() {
			if d := math.Abs(grads32[i].Data()[j] - v); d > 1e-4*scale {
				t.Errorf("gradient %d element %d: float32 %g, float64 %g", i, j, grads32[i].Data()[j], v)
			}
		}
	}
}

// TestIssueValueAcrossReset: a Value kept across Tape.Reset was silently
// overwritten by the next step's numbers. Now Value panics on a variable a
// Reset invalidated, and in debug mode a kept tensor reads NaN and Value of
// any variable from before the Reset panics, even once its slot is reused.
func TestIssueValueAcrossReset(t *testing.T) {
	mustPanic := func(what string, f func()) {
		t.Helper()
		defer func() {
			if recover() == nil {
				t.Errorf("%s: no panic", what)
			}
		}()
		f()
	}
	w := vec(1, 2)
	step := func(tp *Tape[float64]) *Var[float64] {
		tp.Reset()
		return Sum(Square(tp.Param(w)))
	}

	// Always on: between Reset and the slot's reuse.
	tp := NewTape[float64]()
	loss := step(tp)
	tp.Reset()
	mustPanic("Value after Reset", func() { loss.Value() })

	// Debug mode: after reuse too, and the kept tensor is poisoned.
	tp = NewTape[float64]()
	tp.SetDebug(true)
	loss = step(tp)
	kept := loss.Value()
	if kept.Item() != 5 {
		t.Fatalf("loss = %v, want 5", kept.Item())
	}
	next := step(tp)
	mustPanic("debug: Value of a variable from the previous step", func() { loss.Value() })
	if !math.IsNaN(kept.Item()) {
		t.Errorf("debug: the kept tensor reads %v after Reset, want NaN", kept.Item())
	}
	if next.Value().Item() != 5 {
		t.Errorf("debug: the next step computes %v, want 5", next.Value().Item())
	}
	if w.At(1) != 2 {
		t.Errorf("debug: Reset poisoned a parameter: %v", w)
	}
}
