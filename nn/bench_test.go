package nn

import (
	"testing"

	"github.com/deeptheory/deeptheory/autograd"
	"github.com/deeptheory/deeptheory/tensor"
)

// benchLayer times one forward and backward pass of layer on x (float32):
// the gradients of Σ layer(x) with respect to every parameter and to x
// itself, on a tape reused across iterations. flops, if positive, is the
// multiply-add work of forward and backward, reported as GFLOP/s.
func benchLayer(b *testing.B, layer Layer[float32], x *tensor.Tensor[float32], flops float64) {
	params := layer.Params()
	wrt := make([]*autograd.Var[float32], len(params)+1)
	tp := autograd.NewTape[float32]()
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		tp.Reset()
		input := tp.Param(x)
		loss := autograd.Sum(layer.Forward(input))
		for i, p := range params {
			wrt[i] = tp.Param(p.Value)
		}
		wrt[len(params)] = input
		autograd.Gradients(loss, wrt...)
	}
	if flops > 0 {
		b.ReportMetric(flops*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
	}
}

// Forward x·Wᵀ, backward ḡ·W and ḡᵀ·x: three products of 2·N·in·out flops.
func BenchmarkDenseStep(b *testing.B) {
	r := newRand(1)
	benchLayer(b, NewDense[float32](r, 784, 256, true), tensor.RandN[float32](r, 128, 784), 3*2*128*784*256)
}

func BenchmarkLocallyConnected2DStep(b *testing.B) {
	r := newRand(3)
	lc := NewLocallyConnected2D[float32](r, 3, 16, [2]int{16, 16}, [2]int{3, 3}, [2]int{1, 1}, [2]int{1, 1}, true)
	benchLayer(b, lc, tensor.RandN[float32](r, 32, 3, 16, 16), 3*2*32*16*3*9*16*16)
}

func BenchmarkMaxPool2DStep(b *testing.B) {
	benchLayer(b, MaxPool2D[float32]{Kernel: [2]int{2, 2}}, tensor.RandN[float32](newRand(4), 32, 16, 32, 32), 0)
}

func BenchmarkAvgPool2DStep(b *testing.B) {
	benchLayer(b, AvgPool2D[float32]{Kernel: [2]int{2, 2}}, tensor.RandN[float32](newRand(5), 32, 16, 32, 32), 0)
}

func BenchmarkWeightNormDenseStep(b *testing.B) {
	r := newRand(6)
	benchLayer(b, NewWeightNorm[float32](NewDense[float32](r, 784, 256, true)), tensor.RandN[float32](r, 128, 784), 3*2*128*784*256)
}

func BenchmarkBatchNorm2DStep(b *testing.B) {
	benchLayer(b, NewBatchNorm2D[float32](16, true), tensor.RandN[float32](newRand(7), 32, 16, 32, 32), 0)
}

// The compositions the fused BatchNorm and WeightNorm replaced, for a
// side-by-side comparison in one run.

func BenchmarkWeightNormDenseStepComposite(b *testing.B) {
	r := newRand(6)
	wn := NewWeightNorm[float32](NewDense[float32](r, 784, 256, true))
	benchLayer(b, weightNormComposite[float32]{wn}, tensor.RandN[float32](r, 128, 784), 3*2*128*784*256)
}

func BenchmarkBatchNorm2DStepComposite(b *testing.B) {
	bn := NewBatchNorm2D[float32](16, true)
	benchLayer(b, batchNormComposite[float32]{&bn.BatchNorm}, tensor.RandN[float32](newRand(7), 32, 16, 32, 32), 0)
}
