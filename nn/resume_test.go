package nn_test

import (
	"bytes"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/deeptheory/deeptheory/autograd"
	"github.com/deeptheory/deeptheory/nn"
	"github.com/deeptheory/deeptheory/optim"
	"github.com/deeptheory/deeptheory/tensor"
)

func resumeModel(seed uint64) *nn.Sequential[float64] {
	r := rand.New(rand.NewPCG(seed, 1))
	return nn.NewSequential[float64](
		nn.NewConv2D[float64](r, 1, 3, [2]int{3, 3}, [2]int{1, 1}, [2]int{1, 1}, true),
		nn.NewBatchNorm2D[float64](3, true), nn.ReLU[float64]{},
		nn.AvgPool2D[float64]{Kernel: [2]int{2, 2}}, nn.Flatten[float64]{},
		nn.NewWeightNorm[float64](nn.NewDense[float64](r, 12, 3, true)),
	)
}

// train runs steps epochs of mini-batch training, batches in stored order.
func train(model *nn.Sequential[float64], opt optim.Optimizer[float64], x *tensor.Tensor[float64], labels []int, from, to int) {
	tp := autograd.NewTape[float64]()
	schedule := optim.Warmup(optim.Cosine(0.05, 0.001, 12), 3, 0.1)
	batches := nn.NewBatches(x, nil, 5, nil)
	for step := from; step < to; step++ {
		for xb, lb := range batches.EpochClasses(labels) {
			tp.Reset()
			loss := nn.CrossEntropy(model.Forward(tp.Const(xb)), lb)
			grads := autograd.Gradients(loss, paramVars(tp, opt.Params())...)
			optim.ClipGradNorm(grads, 1)
			opt.SetLR(schedule(step))
			opt.Update(grads)
		}
	}
}

// paramVars returns the variables of ps on tp.
func paramVars(tp *autograd.Tape[float64], ps []nn.Param[float64]) []*autograd.Var[float64] {
	vars := make([]*autograd.Var[float64], len(ps))
	for i, p := range ps {
		vars[i] = tp.Param(p.Value)
	}
	return vars
}

// TestResumeBitForBit: N epochs in one run equal k epochs, saving model and
// optimizer, loading both into fresh objects, and N − k more epochs — bit for bit.
func TestResumeBitForBit(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 7))
	x := tensor.RandN[float64](r, 13, 1, 4, 4)
	y := make([]int, 13)
	for i := range y {
		y[i] = i % 3
	}
	const n, k = 10, 4
	type params = []nn.Param[float64]
	for name, mk := range map[string]func(params) optim.Optimizer[float64]{
		"sgd": func(ps params) optim.Optimizer[float64] {
			return optim.NewSGD(ps, optim.SGDConfig{LR: 0.05, Momentum: 0.9, WeightDecay: 1e-3})
		},
		"adam":  func(ps params) optim.Optimizer[float64] { return optim.NewAdam(ps, optim.AdamDefaults(0.01)) },
		"adamw": func(ps params) optim.Optimizer[float64] { return optim.NewAdamW(ps, optim.AdamWDefaults(0.01)) },
	} {
		whole := resumeModel(1)
		train(whole, mk(whole.Params()), x, y, 0, n)

		first := resumeModel(1)
		opt1 := mk(first.Params())
		train(first, opt1, x, y, 0, k)
		var model, state bytes.Buffer
		if err := nn.Save[float64](&model, first); err != nil {
			t.Fatal(err)
		}
		if err := opt1.SaveState(&state); err != nil {
			t.Fatal(err)
		}

		second := resumeModel(2) // different initial weights, all overwritten by Load
		opt2 := mk(second.Params())
		if err := nn.Load[float64](&model, second); err != nil {
			t.Fatal(err)
		}
		if err := opt2.LoadState(&state); err != nil {
			t.Fatal(err)
		}
		train(second, opt2, x, y, k, n)

		if slices.Equal(whole.Params()[0].Value.Data(), resumeModel(1).Params()[0].Value.Data()) {
			t.Fatalf("%s: training did not move the weights", name)
		}
		for i, p := range nn.State[float64](whole) {
			if got := nn.State[float64](second)[i].Value.Data(); !slices.Equal(got, p.Value.Data()) {
				t.Errorf("%s: %s differs after resuming", name, p.Name)
			}
		}
	}
}
