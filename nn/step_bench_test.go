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

// BenchmarkLeNetStep is one training step of the CNN that MNIST training uses
// (two 3×3 convolutions with ReLU and 2×2 max pooling, then 3136-128-10 dense
// layers) on a batch of 64 images of 1×28×28 (float32): forward,
// cross-entropy, backward and an SGD update.
func BenchmarkLeNetStep(b *testing.B) { workload.Bench(b, workload.LeNetStep()) }
