package autograd_test

import (
	"testing"

	"github.com/deeptheory/deeptheory/internal/workload"
)

// BenchmarkTinyStep is one gradient step of the bias-free 5-8-1 ReLU network
// on 24 samples (float64, exponential loss), where the time is per-op overhead.
func BenchmarkTinyStep(b *testing.B) { workload.Bench(b, workload.TinyStep()) }

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
