package optim_test

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"github.com/deeptheory/deeptheory/autograd"
	"github.com/deeptheory/deeptheory/optim"
	"github.com/deeptheory/deeptheory/tensor"
)

// FuzzLoadState loads arbitrary bytes as the state of an SGD with momentum
// and of an Adam. LoadState must never panic; on error the message starts
// "optim: LoadState: " and neither the state nor the parameters change; on
// success the state saves and loads back byte for byte.
func FuzzLoadState(f *testing.F) {
	adam, _ := stepped[float64](2)
	f.Add(stateBytes[float64](f, adam))
	fresh, _ := stepped[float64](0)
	f.Add(stateBytes[float64](f, fresh))
	sgd := optim.NewSGD(boundParams[float64](), optim.SGDConfig{LR: 0.1, Momentum: 0.9})
	sgd.Update([]*tensor.Tensor[float64]{tensor.Full[float64](1, 2, 3), tensor.Full[float64](1, 2)})
	f.Add(stateBytes[float64](f, sgd))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		a, aps := stepped[float64](1)
		fuzzLoadState(t, data, a, aps)
		ps := boundParams[float64]()
		s := optim.NewSGD(ps, optim.SGDConfig{LR: 0.1, Momentum: 0.9})
		s.Update([]*tensor.Tensor[float64]{tensor.Full[float64](1, 2, 3), tensor.Full[float64](1, 2)})
		fuzzLoadState(t, data, s, ps)
	})
}

func fuzzLoadState(t *testing.T, data []byte, o optim.Optimizer[float64], ps []autograd.Param[float64]) {
	before, beforeParams := stateBytes[float64](t, o), paramBits(ps)
	err := o.LoadState(bytes.NewReader(data))
	if err != nil {
		if !strings.HasPrefix(err.Error(), "optim: LoadState: ") {
			t.Fatalf("error %q does not start with \"optim: LoadState: \"", err)
		}
		if !bytes.Equal(before, stateBytes[float64](t, o)) {
			t.Fatalf("LoadState failed (%v) but changed the state", err)
		}
	}
	if !slices.Equal(beforeParams, paramBits(ps)) {
		t.Fatal("LoadState changed the parameters")
	}
	if err != nil {
		return
	}
	saved := stateBytes[float64](t, o)
	if err := o.LoadState(bytes.NewReader(saved)); err != nil {
		t.Fatalf("a loaded state saved does not load: %v", err)
	}
	if !bytes.Equal(saved, stateBytes[float64](t, o)) {
		t.Fatal("save and load changed the state")
	}
}
