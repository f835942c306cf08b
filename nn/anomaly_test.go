package nn_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"strings"
	"testing"

	"github.com/deeptheory/deeptheory/autograd"
	"github.com/deeptheory/deeptheory/nn"
	"github.com/deeptheory/deeptheory/tensor"
)

// TestAnomalyThroughLayers: a NaN weight in the second layer of a model,
// found by the tape's anomaly mode in the forward pass: the message names
// the layer (Sequential), the op, the shapes, this file's line and the
// nn frames in between.
func TestAnomalyThroughLayers(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	model := nn.NewSequential[float64](nn.NewDense[float64](r, 3, 4, true), nn.Tanh[float64]{}, nn.NewDense[float64](r, 4, 2, true))
	model.Params()[2].Value.Data()[5] = math.NaN() // 2.weight
	tp := autograd.NewTape[float64]()
	tp.SetAnomaly(true)
	x := tensor.FromSlice([]float64{1, 2, 3, -1, 0, 1}, 2, 3)
	var where string
	msg := panicOf(func() {
		_, _, line, _ := runtime.Caller(0)
		where = fmt.Sprintf("nn/anomaly_test.go:%d", line+2)
		model.Forward(tp.Const(x))
	})
	for _, want := range []string{
		"nn: Sequential.Forward: layer 2 (*nn.Dense[float64]), input [2 4]: autograd: anomaly:",
		"forward value [2 2] holds NaN", "inputs [2 4] [2 4]", "input 1 already held NaN",
		"recorded at " + where + " (via ", "nn.Dense.Forward at nn/dense.go:", "nn.Sequential.Forward at nn/sequential.go:",
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("panic %q\ndoes not contain %q", msg, want)
		}
	}
}
