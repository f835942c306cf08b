package nn_test

import (
	"bytes"
	"math/rand/v2"
	"runtime"
	"testing"

	"github.com/deeptheory/deeptheory/autograd"
	"github.com/deeptheory/deeptheory/nn"
	"github.com/deeptheory/deeptheory/optim"
	"github.com/deeptheory/deeptheory/tensor"
)

// trainBits trains the model made by build on seeded random data for a
// few steps of SGD with momentum (in float32, where a changed summation
// order shows soonest) and returns the saved weights.
func trainBits(t *testing.T, build func(r *rand.Rand) *nn.Sequential[float32], inputShape []int, classes int) []byte {
	r := rand.New(rand.NewPCG(11, 12))
	model := build(r)
	x := tensor.Zeros[float32](inputShape...)
	for i := range x.Data() {
		x.Data()[i] = float32(r.NormFloat64())
	}
	labels := make([]int, inputShape[0])
	for i := range labels {
		labels[i] = r.IntN(classes)
	}
	opt := optim.NewSGD(model.Params(), optim.SGDConfig{LR: 0.05, Momentum: 0.9})
	tp := autograd.NewTape[float32]()
	for range 4 {
		tp.Reset()
		opt.Step(nn.CrossEntropy(model.Forward(tp.Const(x)), labels))
	}
	var buf bytes.Buffer
	if err := nn.Save(&buf, model); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestDeterministicAcrossGOMAXPROCS trains a dense and a convolutional
// network with GOMAXPROCS 1, 2 and 8 and checks the weights are the same
// bits. The sizes are above the kernels' parallel thresholds (a 256×64 by
// 64×128 product; a convolution of 16 images), so the work is split.
func TestDeterministicAcrossGOMAXPROCS(t *testing.T) {
	nets := []struct {
		name    string
		build   func(r *rand.Rand) *nn.Sequential[float32]
		input   []int
		classes int
	}{
		{"dense", func(r *rand.Rand) *nn.Sequential[float32] {
			return nn.NewSequential[float32](nn.NewDense[float32](r, 64, 128, true), nn.ReLU[float32]{}, nn.NewDense[float32](r, 128, 10, true))
		}, []int{256, 64}, 10},
		{"conv", func(r *rand.Rand) *nn.Sequential[float32] {
			return nn.NewSequential[float32](
				nn.NewConv2D[float32](r, 3, 8, [2]int{3, 3}, [2]int{1, 1}, [2]int{1, 1}, true), nn.ReLU[float32]{},
				nn.AvgPool2D[float32]{Kernel: [2]int{2, 2}, Stride: [2]int{2, 2}}, nn.Flatten[float32]{},
				nn.NewDense[float32](r, 8*8*8, 10, true))
		}, []int{16, 3, 16, 16}, 10},
	}
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	for _, net := range nets {
		var first []byte
		for _, procs := range []int{1, 2, 8} {
			runtime.GOMAXPROCS(procs)
			got := trainBits(t, net.build, net.input, net.classes)
			if first == nil {
				first = got
			} else if !bytes.Equal(got, first) {
				t.Errorf("%s: the weights trained with GOMAXPROCS %d differ from those with GOMAXPROCS 1", net.name, procs)
			}
		}
	}
}
