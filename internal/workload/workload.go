// Package workload builds the timed workloads that the benchmarks (go test
// -bench) and `deeptheory bench` share, so that both measure the same thing:
// square matrix products, a convolution layer's forward and backward pass, a
// training step of a small MLP, and a training step of a tiny network.
//
// Each constructor returns a Step: a function that runs one iteration, and the
// floating-point operations it performs (0 where flops are not the point).
package workload

import (
	"testing"

	"math/rand/v2"

	"github.com/deeptheory/deeptheory/autograd"
	"github.com/deeptheory/deeptheory/nn"
	"github.com/deeptheory/deeptheory/optim"
	"github.com/deeptheory/deeptheory/tensor"
)

// Step is one iteration of a workload and the flops it performs.
type Step struct {
	Run   func()
	Flops float64
}

// MatMul is the product of two random n×n matrices into a preallocated result:
// 2n³ flops.
func MatMul[T tensor.Float](n int) Step {
	r := rand.New(rand.NewPCG(1, 1))
	x, y, z := tensor.RandN[T](r, n, n), tensor.RandN[T](r, n, n), tensor.Zeros[T](n, n)
	return Step{
		Run:   func() { tensor.MatMulInto(z, x, y, false, false) },
		Flops: 2 * float64(n) * float64(n) * float64(n),
	}
}

// Conv2DStep is the forward and backward pass of a 3→16 channel 3×3
// convolution with padding 1 and bias on a batch of 32 images of 32×32, in
// float32: the gradients of Σ conv(x) with respect to the weight, the bias
// and the input. Forward and the two backward products are 2·N·O·C·9·H·W
// flops each.
func Conv2DStep() Step {
	r := rand.New(rand.NewPCG(2, 2))
	conv := nn.NewConv2D[float32](r, 3, 16, [2]int{3, 3}, [2]int{1, 1}, [2]int{1, 1}, true)
	x := tensor.RandN[float32](r, 32, 3, 32, 32)
	params := append(nn.Tensors(conv.Params()), x)
	tp := autograd.NewTape[float32]()
	return Step{
		Run: func() {
			tp.Reset()
			loss := autograd.Sum(conv.Forward(tp, tp.Param(x)))
			nn.Gradients(loss, params)
		},
		Flops: 3 * 2 * 32 * 16 * 3 * 9 * 32 * 32,
	}
}

// MLPStep is one training step of a 784-256-256-10 ReLU network with biases
// on a batch of 128 (float32): forward, cross-entropy, backward, and an SGD
// update, with the tape reused.
func MLPStep() Step {
	r := rand.New(rand.NewPCG(8, 8))
	model := nn.NewSequential[float32](
		nn.NewDense[float32](r, 784, 256, true), nn.ReLU[float32]{},
		nn.NewDense[float32](r, 256, 256, true), nn.ReLU[float32]{},
		nn.NewDense[float32](r, 256, 10, true))
	x := tensor.RandN[float32](r, 128, 784)
	labels := make([]int, 128)
	for i := range labels {
		labels[i] = r.IntN(10)
	}
	params := nn.Tensors(model.Params())
	opt := optim.NewSGD[float32](optim.SGDConfig{LR: 0.01})
	tp := autograd.NewTape[float32]()
	return Step{
		Run: func() {
			tp.Reset()
			loss := autograd.CrossEntropy(model.Forward(tp, tp.Const(x)), labels)
			opt.Step(params, nn.Gradients(loss, params))
		},
		Flops: 3 * 2 * 128 * float64(784*256+256*256+256*10),
	}
}

// Tiny is the network of the paper's small experiments: a bias-free 5-8-1
// ReLU network on 24 samples in float64, trained by full-batch gradient
// descent on the exponential loss, where the time goes to per-op overhead.
type Tiny struct {
	x, y   *tensor.Tensor[float64]
	w1, w2 *tensor.Tensor[float64] // [8 5], [1 8]
	tape   *autograd.Tape[float64]
}

// NewTiny returns the tiny network with seeded data and weights.
func NewTiny() *Tiny {
	r := rand.New(rand.NewPCG(3, 3))
	y := tensor.RandN[float64](r, 24)
	for i, v := range y.Data() {
		y.Data()[i] = 1
		if v < 0 {
			y.Data()[i] = -1
		}
	}
	return &Tiny{
		x: tensor.RandN[float64](r, 24, 5), y: y,
		w1:   tensor.MulScalar(tensor.RandN[float64](r, 8, 5), 0.4),
		w2:   tensor.MulScalar(tensor.RandN[float64](r, 1, 8), 0.3),
		tape: autograd.NewTape[float64](),
	}
}

// Step takes one gradient step with learning rate lr and returns the loss
// before it.
func (n *Tiny) Step(lr float64) float64 {
	tp := n.tape
	tp.Reset()
	w1, w2 := tp.Param(n.w1), tp.Param(n.w2)
	hidden := autograd.ReLU(autograd.Linear(tp.Const(n.x), w1, nil))
	f := autograd.Reshape(autograd.Linear(hidden, w2, nil), -1)
	loss := autograd.ExpLoss(f, tp.Const(n.y))
	grads := autograd.Gradients(loss, w1, w2)
	for i, w := range [2]*tensor.Tensor[float64]{n.w1, n.w2} {
		data, grad := w.Data(), grads[i].Data()
		for j := range data {
			data[j] -= lr * grad[j]
		}
	}
	return loss.Value().Item()
}

// TinyStep is one step of the tiny network (learning rate 0.05).
func TinyStep() Step {
	net := NewTiny()
	return Step{Run: func() { net.Step(0.05) }}
}

// Bench runs s under b, reporting allocations and, when s counts its flops,
// GFLOP/s. Benchmarks and `deeptheory bench` both time workloads with it.
func Bench(b *testing.B, s Step) {
	b.ReportAllocs()
	for b.Loop() {
		s.Run()
	}
	if s.Flops > 0 {
		b.ReportMetric(s.Flops*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
	}
}
