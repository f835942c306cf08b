package autograd_test

import (
	"testing"

	"github.com/deeptheory/deeptheory/autograd"
	"github.com/deeptheory/deeptheory/internal/workload"
	"github.com/deeptheory/deeptheory/tensor"
)

// BenchmarkTinyStep is one gradient step of the bias-free 5-8-1 ReLU network
// on 24 samples (float64, exponential loss), where the time is per-op overhead.
// It runs without the tests' poisoning of uncleared buffers (a NaN fill of
// every buffer the tape hands out), as `deeptheory bench` does.
func BenchmarkTinyStep(b *testing.B) {
	defer autograd.Unpoisoned()()
	workload.Bench(b, workload.TinyStep())
}

// TestTinyStepDescends is a sanity check of the benchmark's loop: the loss falls.
func TestTinyStepDescends(t *testing.T) {
	net := workload.NewTiny()
	first := net.Step(0.05)
	var last float64
	for range 200 {
		last = net.Step(0.05)
	}
	if !(last < first) {
		t.Errorf("loss went from %g to %g in 200 steps", first, last)
	}
}

// TestTinyStepAllocs pins the tape's reuse: after a warm-up step, a training
// step of the tiny network (forward, backward, SGD update) allocates nothing.
func TestTinyStepAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector's sync.Pool drops items: allocation counts are not the program's")
	}
	step := workload.TinyStep()
	step.Run()
	if n := testing.AllocsPerRun(100, step.Run); n != 0 {
		t.Errorf("a tiny step allocates %v times in steady state, want 0", n)
	}
}

// BenchmarkOpOverhead measures the bookkeeping of one recorded operation:
// a chain of 16 Neg on a one-element tensor, forward and backward, so that
// ns/op ÷ 16 is the cost of recording an op and running its rule (about
// two tape operations each) with almost no arithmetic.
func BenchmarkOpOverhead(b *testing.B) {
	defer autograd.Unpoisoned()()
	tp := autograd.NewTape[float64]()
	x, grads := tensor.Scalar(0.5), make([]*tensor.Tensor[float64], 1)
	b.ReportAllocs()
	for b.Loop() {
		tp.Reset()
		v := tp.Param(x)
		y := v
		for range 16 {
			y = autograd.Neg(y)
		}
		autograd.GradientsInto(grads, y, v)
	}
}
