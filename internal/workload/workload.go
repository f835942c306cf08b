// Package workload builds the timed workloads that the benchmarks (go test
// -bench) and `deeptheory bench` share, so that both measure the same thing:
// square matrix products, a convolution layer's forward and backward pass, a
// training step of a small MLP, and a training step of a tiny network.
//
// Each constructor returns a Step: a function that runs one iteration, and the
// floating-point operations it performs (0 where flops are not the point).
package workload

import (
	"math/rand/v2"
	"runtime"
	"time"

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
	tp := autograd.NewTape[float32]()
	return Step{
		Run: func() {
			tp.Reset()
			input := tp.Param(x)
			loss := autograd.Sum(conv.Forward(input))
			autograd.Gradients(loss, tp.Param(conv.Weight), tp.Param(conv.Bias), input)
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
	return Step{
		Run:   classifierStep(r, model, tensor.RandN[float32](r, 128, 784)),
		Flops: 3 * 2 * 128 * float64(784*256+256*256+256*10),
	}
}

// classifierStep returns one SGD step (learning rate 0.01) of model on the
// batch x with random labels of 10 classes: forward, cross-entropy,
// backward and update, the tape reused.
func classifierStep(r *rand.Rand, model *nn.Sequential[float32], x *tensor.Tensor[float32]) func() {
	labels := make([]int, x.Shape()[0])
	for i := range labels {
		labels[i] = r.IntN(10)
	}
	opt := optim.NewSGD(model.Params(), optim.SGDConfig{LR: 0.01})
	tp := autograd.NewTape[float32]()
	return func() {
		tp.Reset()
		opt.Step(nn.CrossEntropy(model.Forward(tp.Const(x)), labels))
	}
}

// LeNetStep is one training step of the CNN that MNIST training uses, in
// float32 on a batch of 64 images of 1×28×28: Conv2D(1→32, 3×3, pad 1), ReLU,
// MaxPool2D(2), Conv2D(32→64, 3×3, pad 1), ReLU, MaxPool2D(2), Flatten,
// Dense(3136→128), ReLU, Dense(128→10), cross-entropy and an SGD update, with
// the tape reused. Its flops are those of the four products, forward and
// backward: 3·2·N·(32·9·28² + 64·32·9·14² + 3136·128 + 128·10).
func LeNetStep() Step {
	r := rand.New(rand.NewPCG(9, 9))
	k3, s1, p1 := [2]int{3, 3}, [2]int{1, 1}, [2]int{1, 1}
	pool := nn.MaxPool2D[float32]{Kernel: [2]int{2, 2}}
	model := nn.NewSequential[float32](
		nn.NewConv2D[float32](r, 1, 32, k3, s1, p1, true), nn.ReLU[float32]{}, pool,
		nn.NewConv2D[float32](r, 32, 64, k3, s1, p1, true), nn.ReLU[float32]{}, pool,
		nn.Flatten[float32]{},
		nn.NewDense[float32](r, 3136, 128, true), nn.ReLU[float32]{},
		nn.NewDense[float32](r, 128, 10, true))
	const n = 64
	return Step{
		Run:   classifierStep(r, model, tensor.RandN[float32](r, n, 1, 28, 28)),
		Flops: 3 * 2 * n * float64(32*9*28*28+64*32*9*14*14+3136*128+128*10),
	}
}

// Tiny is the network of the paper's small experiments: a bias-free 5-8-1
// ReLU network on 24 samples in float64, trained by full-batch gradient
// descent (optim.SGD) on the exponential loss, where the time goes to per-op
// overhead.
type Tiny struct {
	x, y   *tensor.Tensor[float64]
	w1, w2 *tensor.Tensor[float64] // [8 5], [1 8]
	opt    *optim.SGD[float64]
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
	n := &Tiny{
		x: tensor.RandN[float64](r, 24, 5), y: y,
		w1:   tensor.MulScalar(tensor.RandN[float64](r, 8, 5), 0.4),
		w2:   tensor.MulScalar(tensor.RandN[float64](r, 1, 8), 0.3),
		tape: autograd.NewTape[float64](),
	}
	n.opt = optim.NewSGD([]autograd.Param[float64]{{Name: "0.weight", Value: n.w1}, {Name: "2.weight", Value: n.w2}}, optim.SGDConfig{})
	return n
}

// Step takes one gradient step with learning rate lr and returns the loss
// before it.
func (n *Tiny) Step(lr float64) float64 {
	tp := n.tape
	tp.Reset()
	hidden := autograd.ReLU(autograd.Linear(tp.Const(n.x), tp.Param(n.w1), nil))
	f := autograd.Reshape(autograd.Linear(hidden, tp.Param(n.w2), nil), -1)
	loss := nn.ExpLoss(f, n.y)
	n.opt.SetLR(lr)
	n.opt.Step(loss)
	return loss.Value().Item()
}

// TinyStep is one step of the tiny network (learning rate 0.05).
func TinyStep() Step {
	net := NewTiny()
	return Step{Run: func() { net.Step(0.05) }}
}

// Benchmark is the part of *testing.B that Bench uses (this package leaves
// package testing to the tests).
type Benchmark interface {
	ReportAllocs()
	Loop() bool
	Elapsed() time.Duration
	ReportMetric(n float64, unit string)
}

// Bench runs s under b, reporting allocations and, when s counts its flops,
// GFLOP/s. The benchmarks time workloads with it.
func Bench(b Benchmark, s Step) {
	b.ReportAllocs()
	n := 0
	for b.Loop() {
		s.Run()
		n++
	}
	if s.Flops > 0 {
		b.ReportMetric(s.Flops*float64(n)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
	}
}

// Timing is the result of Time.
type Timing struct {
	N        int           // iterations timed
	PerOp    time.Duration // mean wall time per iteration
	AllocsOp float64       // mean heap allocations per iteration
}

// GFLOPS returns the rate of s's flops at t's speed (0 if s does not count them).
func (t Timing) GFLOPS(s Step) float64 {
	if s.Flops == 0 || t.PerOp <= 0 {
		return 0
	}
	return s.Flops / t.PerOp.Seconds() / 1e9
}

// Time runs s once to warm up, then repeatedly, doubling the count, until a
// batch of runs takes at least min, and reports the last batch: the plain
// timing loop `deeptheory bench` uses.
func Time(s Step, min time.Duration) Timing {
	s.Run()
	for n := 1; ; n *= 2 {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		start := time.Now()
		for range n {
			s.Run()
		}
		elapsed := time.Since(start)
		runtime.ReadMemStats(&after)
		if elapsed >= min || n >= 1<<30 {
			return Timing{N: n, PerOp: elapsed / time.Duration(n), AllocsOp: float64(after.Mallocs-before.Mallocs) / float64(n)}
		}
	}
}
