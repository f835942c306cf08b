package autograd

import (
	"testing"

	"github.com/deeptheory/deeptheory/tensor"
)

// tinyNet is a bias-free 5-8-1 ReLU network with its data: 24 samples of
// dimension 5, labels ±1.
type tinyNet struct {
	x, y   *T64
	w1, w2 *T64 // [8 5], [1 8]
	tape   *Tape[float64]
}

func newTinyNet() *tinyNet {
	g := newGen(3)
	return &tinyNet{
		x: g.normal(24, 5), y: g.signs(24),
		w1: tensor.MulScalar(g.normal(8, 5), 0.4), w2: tensor.MulScalar(g.normal(1, 8), 0.3),
		tape: NewTape[float64](),
	}
}

// step takes one full-batch gradient step on the exponential loss and returns the loss.
func (n *tinyNet) step(lr float64) float64 {
	tp := n.tape
	tp.Reset()
	w1, w2 := tp.Param(n.w1), tp.Param(n.w2)
	hidden := ReLU(Linear(tp.Const(n.x), w1, nil))
	f := Reshape(Linear(hidden, w2, nil), -1)
	loss := ExpLoss(f, tp.Const(n.y))
	grads := Gradients(loss, w1, w2)
	for i, w := range [2]*T64{n.w1, n.w2} {
		data, grad := w.Data(), grads[i].Data()
		for j := range data {
			data[j] -= lr * grad[j]
		}
	}
	return loss.Value().Item()
}

func BenchmarkTinyStep(b *testing.B) {
	defer unpoisoned()()
	net := newTinyNet()
	b.ReportAllocs()
	for b.Loop() {
		net.step(0.05)
	}
}

// TestTinyStepDescends is a sanity check of the benchmark's loop: the loss falls.
func TestTinyStepDescends(t *testing.T) {
	net := newTinyNet()
	first := net.step(0.05)
	var last float64
	for range 200 {
		last = net.step(0.05)
	}
	if !(last < first) {
		t.Errorf("loss went from %g to %g in 200 steps", first, last)
	}
}
