package autograd_test

import (
	"fmt"
	"math"
	"runtime"
	"strings"
	"testing"

	"github.com/deeptheory/deeptheory/autograd"
	"github.com/deeptheory/deeptheory/tensor"
)

// nextLine returns "anomaly_test.go:<line>" for the line after the call.
func nextLine() string {
	_, _, line, _ := runtime.Caller(1)
	return fmt.Sprintf("autograd/anomaly_test.go:%d", line+1)
}

// panicMessage runs f and returns what it panicked with ("" if it did not).
func panicMessage(f func()) (msg string) {
	defer func() {
		if r := recover(); r != nil {
			msg = fmt.Sprint(r)
		}
	}()
	f()
	return ""
}

// checkPanic fails unless msg contains every fragment.
func checkPanic(t *testing.T, msg string, fragments ...string) {
	t.Helper()
	if msg == "" {
		t.Fatalf("no panic, want one containing %q", fragments)
	}
	for _, f := range fragments {
		if !strings.Contains(msg, f) {
			t.Errorf("panic %q\ndoes not contain %q", msg, f)
		}
	}
}

func TestAnomalyOffByDefault(t *testing.T) {
	tp := autograd.NewTape[float64]()
	x := tp.Param(tensor.FromSlice([]float64{-1, 4}, 2))
	y := autograd.Log(x)
	if !math.IsNaN(y.Value().At(0)) {
		t.Fatalf("Log(-1) = %v, want NaN", y.Value().At(0))
	}
	if was := tp.SetAnomaly(true); was {
		t.Error("SetAnomaly reported anomaly mode on for a new tape")
	}
	if was := tp.SetAnomaly(false); !was {
		t.Error("SetAnomaly(false) did not report the mode as on")
	}
}

func TestAnomalyForward(t *testing.T) {
	tp := autograd.NewTape[float64]()
	tp.SetAnomaly(true)
	x := tp.Param(tensor.FromSlice([]float64{1, -1, 2, 3}, 2, 2))
	var where string
	msg := panicMessage(func() {
		where = nextLine()
		autograd.Log(x)
	})
	checkPanic(t, msg, "autograd: anomaly: Log: forward value [2 2] holds NaN (1 of 4 non-finite, the first at index 1)", "inputs [2 2]", "recorded at "+where)
}

// TestAnomalyComposite: the NaN arises inside a composite; the message
// names the primitive and the composites around it, and the input that
// already held a non-finite value.
func TestAnomalyComposite(t *testing.T) {
	tp := autograd.NewTape[float64]()
	tp.SetAnomaly(true)
	x := tp.Param(tensor.FromSlice([]float64{1, math.Inf(1), 2, 3}, 2, 2))
	var where string
	msg := panicMessage(func() {
		where = nextLine()
		autograd.Softmax(x, 1)
	})
	checkPanic(t, msg, "Sub (in LogSumExpAxis ← LogSoftmax ← Softmax)", "input 0 already held +Inf", "recorded at "+where)
}

// TestAnomalyGradient: Sqrt at 0 is finite, its gradient 1/(2√x) is not;
// the panic comes from the backward pass but names the line of the Sqrt.
func TestAnomalyGradient(t *testing.T) {
	tp := autograd.NewTape[float64]()
	tp.SetAnomaly(true)
	x := tp.Param(tensor.FromSlice([]float64{4, 0, 1}, 3))
	where := nextLine()
	y := autograd.Sqrt(x)
	loss := autograd.Sum(y)
	msg := panicMessage(func() { autograd.Gradients(loss, x) })
	checkPanic(t, msg, "autograd: anomaly: Sqrt: the gradient [3] of input 0 holds +Inf (1 of 3 non-finite, the first at index 1)", "inputs [3]", "recorded at "+where)
}

// TestAnomalyFiniteUnchanged: on a finite computation anomaly mode changes
// nothing: same gradients, bit for bit, and no panic, across Resets.
func TestAnomalyFiniteUnchanged(t *testing.T) {
	run := func(anomaly bool) []float64 {
		tp := autograd.NewTape[float64]()
		tp.SetAnomaly(anomaly)
		w := tensor.FromSlice([]float64{0.5, -1, 2, 0.25, 1, -3}, 2, 3)
		x := tensor.FromSlice([]float64{1, 2, -1, 0.5, 0, 3}, 3, 2)
		var out []float64
		for range 3 {
			tp.Reset()
			logits := autograd.MatMul(tp.Param(w), tp.Const(x))
			loss := autograd.Sum(autograd.LogSoftmax(logits, 1))
			g := autograd.Gradients(loss, tp.Param(w))[0]
			out = append(out, g.Data()...)
			for i, gi := range g.Data() { // a plain descent step
				w.Data()[i] -= gi
			}
		}
		return out
	}
	off, on := run(false), run(true)
	for i := range off {
		if math.Float64bits(off[i]) != math.Float64bits(on[i]) {
			t.Fatalf("gradient element %d: %v with anomaly mode, %v without", i, on[i], off[i])
		}
	}
}

// TestAnomalyRecordedBefore: a node recorded before anomaly mode was turned
// on still has its gradient checked, with a message saying what to do.
func TestAnomalyRecordedBefore(t *testing.T) {
	tp := autograd.NewTape[float64]()
	x := tp.Param(tensor.FromSlice([]float64{0}, 1))
	loss := autograd.Sum(autograd.Sqrt(x))
	tp.SetAnomaly(true)
	msg := panicMessage(func() { autograd.Gradients(loss, x) })
	checkPanic(t, msg, "holds +Inf", "recorded before SetAnomaly(true)")
}
