package nn_test

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/deeptheory/deeptheory/autograd"
	"github.com/deeptheory/deeptheory/nn"
	"github.com/deeptheory/deeptheory/optim"
	"github.com/deeptheory/deeptheory/tensor"
)

// TestMisuse walks common mistakes. Each must panic (the caller could have
// known) with a message naming the op and the shapes or the parameter.
func TestMisuse(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	zeros := tensor.Zeros[float64]
	c := func(shape ...int) *autograd.Var[float64] { return autograd.Const(zeros(shape...)) }
	dense := nn.NewDense[float64](r, 4, 3, true)
	conv := nn.NewConv2D[float64](r, 1, 2, [2]int{5, 5}, [2]int{1, 1}, [2]int{0, 0}, true)
	mlp := nn.NewSequential[float64](nn.NewDense[float64](r, 4, 3, true), nn.ReLU[float64]{}, nn.NewDense[float64](r, 5, 2, true))
	params := []autograd.Param[float64]{{Name: "0.weight", Value: zeros(3, 4)}, {Name: "0.bias", Value: zeros(3)}}
	sgd := optim.NewSGD(params, optim.SGDConfig{LR: 0.1})
	otherTape, tape := autograd.NewTape[float64](), autograd.NewTape[float64]()
	cases := []struct {
		name string
		f    func()
		want []string // fragments of the panic message
	}{
		{"matmul of mismatched shapes", func() { autograd.MatMul(c(3, 4), c(5, 6)) }, []string{"MatMul", "[3 4]", "[5 6]"}},
		{"tensor matmul of mismatched shapes", func() { tensor.MatMul(zeros(3, 4), zeros(5, 6)) }, []string{"tensor: MatMul", "[3 4]", "[5 6]"}},
		{"add of shapes that do not broadcast", func() { autograd.Add(c(3, 4), c(2, 4)) }, []string{"Add", "[3 4]", "[2 4]"}},
		{"dense layer given the wrong width", func() { dense.Forward(c(2, 5)) }, []string{"Linear", "[2 5]", "[3 4]"}},
		{"layers that do not chain", func() { mlp.Forward(c(2, 4)) }, []string{"nn: Sequential.Forward: layer 2 (*nn.Dense[float64]), input [2 3]: autograd: Linear", "[2 5]"}},
		{"convolution kernel larger than the padded input", func() { conv.Forward(c(1, 1, 3, 3)) }, []string{"Conv2D", "[5 5]", "3×3"}},
		{"convolution given the wrong channels", func() { conv.Forward(c(1, 3, 8, 8)) }, []string{"Conv2D", "[1 3 8 8]"}},
		{"convolution given a matrix", func() { conv.Forward(c(8, 8)) }, []string{"Conv2D", "[8 8]"}},
		{"labels of the wrong count", func() { nn.CrossEntropy(c(3, 2), []int{0, 1}) }, []string{"CrossEntropy", "[3 2]", "2 labels"}},
		{"label out of range", func() { nn.CrossEntropy(c(3, 2), []int{0, 1, 2}) }, []string{"CrossEntropy", "label 2", "[0, 2)"}},
		{"binary labels of the wrong count", func() { nn.LogisticLoss(c(4, 1), zeros(3)) }, []string{"LogisticLoss", "[4 1]", "[3]"}},
		{"regression target of another shape", func() { nn.MSELoss(c(4, 2), zeros(4, 3)) }, []string{"MSELoss", "[4 2]", "[4 3]"}},
		{"reshape to another size", func() { autograd.Reshape(c(3, 4), 5, 2) }, []string{"Reshape", "[3 4]", "[5 2]"}},
		{"gradient of a non-scalar", func() {
			x := tape.Param(zeros(2))
			autograd.Gradients(autograd.Exp(x), x)
		}, []string{"Gradients", "[2]", "scalar"}},
		{"variables of two tapes", func() { autograd.Add(tape.Param(zeros(2)), otherTape.Param(zeros(2))) }, []string{"Add", "different tapes"}},
		{"optimizer given gradients of other shapes", func() { sgd.Update([]*tensor.Tensor[float64]{zeros(4, 3), zeros(3)}) }, []string{"SGD.Update", `"0.weight"`, "[3 4]", "[4 3]"}},
		{"optimizer given too few gradients", func() { sgd.Update([]*tensor.Tensor[float64]{zeros(3, 4)}) }, []string{"SGD.Update", "1 gradients for 2 parameters"}},
		{"optimizer stepping a loss that is not recorded", func() { sgd.Step(c()) }, []string{"SGD.Step", "not recorded"}},
		{"optimizer stepping another model's loss", func() {
			tp := autograd.NewTape[float64]()
			other := nn.NewDense[float64](r, 4, 3, true)
			sgd.Step(nn.CrossEntropy(other.Forward(tp.Const(zeros(2, 4))), []int{0, 1}))
		}, []string{"SGD.Step", "none of the 2 bound parameters", `"0.weight"`}},
		{"optimizer bound to one parameter twice", func() {
			optim.NewSGD([]autograd.Param[float64]{params[0], {Name: "again", Value: params[0].Value}}, optim.SGDConfig{LR: 0.1})
		}, []string{"NewSGD", `"0.weight"`, `"again"`, "same tensor"}},
		{"negative learning rate", func() { optim.NewSGD(params, optim.SGDConfig{LR: -1}) }, []string{"NewSGD", "-1"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			msg := panicOf(tc.f)
			if msg == "" {
				t.Fatal("no panic")
			}
			t.Logf("%s: %s", tc.name, msg)
			for _, w := range tc.want {
				if !strings.Contains(msg, w) {
					t.Errorf("panic %q\ndoes not contain %q", msg, w)
				}
			}
		})
	}
}

// panicOf runs f and returns its panic message, "" if it did not panic.
func panicOf(f func()) (msg string) {
	defer func() {
		if r := recover(); r != nil {
			msg = fmt.Sprint(r)
		}
	}()
	f()
	return ""
}
