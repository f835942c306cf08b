package nn_test

import (
	"testing"

	"github.com/deeptheory/deeptheory/internal/workload"
)

// BenchmarkConv2DStep is the forward and backward pass (weight, bias and
// input gradients) of a 3→16 channel 3×3 convolution with padding 1 on a
// batch of 32 images of 32×32, in float32.
func BenchmarkConv2DStep(b *testing.B) { workload.Bench(b, workload.Conv2DStep()) }

// BenchmarkMLPStep is one training step of a 784-256-256-10 ReLU network on a
// batch of 128 (float32): forward, cross-entropy, backward and an SGD update.
func BenchmarkMLPStep(b *testing.B) { workload.Bench(b, workload.MLPStep()) }
