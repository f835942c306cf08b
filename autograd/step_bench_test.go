package autograd_test

import (
	"testing"

	"github.com/deeptheory/deeptheory/autograd"
	"github.com/deeptheory/deeptheory/internal/workload"
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
	step := workload.TinyStep()
	step.Run()
	if n := testing.AllocsPerRun(100, step.Run); n != 0 {
		t.Errorf("a tiny step allocates %v times in steady state, want 0", n)
	}
}
