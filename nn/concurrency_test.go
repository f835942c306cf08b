package nn_test

import (
	"bytes"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"

	"github.com/deeptheory/deeptheory/autograd"
	"github.com/deeptheory/deeptheory/nn"
	"github.com/deeptheory/deeptheory/optim"
	"github.com/deeptheory/deeptheory/tensor"
)

// concModel is a small network with a convolution, batch normalization
// and dense layers.
func concModel(seed uint64) *nn.Sequential[float64] {
	r := rand.New(rand.NewPCG(seed, 5))
	return nn.NewSequential[float64](
		nn.NewConv2D[float64](r, 1, 3, [2]int{3, 3}, [2]int{1, 1}, [2]int{1, 1}, true),
		nn.NewBatchNorm2D[float64](3, true), nn.ReLU[float64]{}, nn.Flatten[float64]{},
		nn.NewDense[float64](r, 3*6*6, 4, true))
}

func concData(seed uint64) (*tensor.Tensor[float64], []int) {
	r := rand.New(rand.NewPCG(seed, 6))
	x := tensor.Zeros[float64](8, 1, 6, 6)
	for i := range x.Data() {
		x.Data()[i] = r.NormFloat64()
	}
	labels := make([]int, 8)
	for i := range labels {
		labels[i] = r.IntN(4)
	}
	return x, labels
}

// trainConc trains model for a few steps on its own tape and returns the saved weights.
func trainConc(t *testing.T, seed uint64) []byte {
	model := concModel(seed)
	x, labels := concData(seed)
	opt := optim.NewAdam(model.Params(), optim.AdamDefaults(0.01))
	tp := autograd.NewTape[float64]()
	for range 5 {
		tp.Reset()
		opt.Step(nn.CrossEntropy(model.Forward(tp.Const(x)), labels))
	}
	var buf bytes.Buffer
	if err := nn.Save(&buf, model); err != nil {
		t.Error(err)
	}
	return buf.Bytes()
}

// TestConcurrentTraining trains separate models on separate tapes in
// separate goroutines (run it with -race): each gets the weights it gets
// alone.
func TestConcurrentTraining(t *testing.T) {
	const n = 6
	want := make([][]byte, n)
	for i := range n {
		want[i] = trainConc(t, uint64(i))
	}
	got := make([][]byte, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { got[i] = trainConc(t, uint64(i)) })
	}
	wg.Wait()
	for i := range n {
		if !bytes.Equal(got[i], want[i]) {
			t.Errorf("model %d trained concurrently differs from the same model trained alone", i)
		}
	}
}

// TestConcurrentInference runs one model in evaluation mode from many
// goroutines, with constants (no tape) and with a tape each taking
// gradients with respect to the shared weights: every goroutine gets the
// serial answer, and the model is unchanged.
func TestConcurrentInference(t *testing.T) {
	model := concModel(1)
	nn.SetTraining(model, false)
	x, labels := concData(2)
	before := stateBits[float64](model)
	wantOut := model.Forward(autograd.Const(x)).Value().Clone()
	gradients := func() [][]float64 {
		tp := autograd.NewTape[float64]()
		loss := nn.CrossEntropy(model.Forward(tp.Const(x)), labels)
		var vars []*autograd.Var[float64]
		for _, p := range model.Params() {
			vars = append(vars, tp.Param(p.Value))
		}
		var out [][]float64
		for _, g := range autograd.Gradients(loss, vars...) {
			out = append(out, g.Clone().Data())
		}
		return out
	}
	wantGrads := gradients()

	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 3 {
				if out := model.Forward(autograd.Const(x)).Value(); !slicesEqual(out.Data(), wantOut.Data()) {
					t.Error("a concurrent Forward gave a different output")
					return
				}
				for i, g := range gradients() {
					if !slicesEqual(g, wantGrads[i]) {
						t.Error("concurrent gradients differ from the serial ones")
						return
					}
				}
			}
		})
	}
	wg.Wait()
	if !slices.Equal(before, stateBits[float64](model)) {
		t.Error("concurrent inference changed the model")
	}
}

func slicesEqual(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
