package optim

import (
	"bytes"
	"strings"
	"testing"

	"github.com/deeptheory/deeptheory/autograd"
	"github.com/deeptheory/deeptheory/tensor"
	"github.com/deeptheory/deeptheory/tensor/safetensors"
)

func params2() []*tensor.Tensor[float64] {
	return []*tensor.Tensor[float64]{
		tensor.FromSlice([]float64{1, -2, 0.5, 3}, 2, 2),
		tensor.FromSlice([]float64{0.7, -0.1, 0.2}, 3),
	}
}

func quadGrads(ps []*tensor.Tensor[float64]) []*tensor.Tensor[float64] {
	gs := make([]*tensor.Tensor[float64], len(ps))
	for i, p := range ps {
		gs[i] = quadGrad(p)
	}
	return gs
}

type params = []autograd.Param[float64]

var makers = map[string]func(params) Optimizer[float64]{
	"sgd": func(ps params) Optimizer[float64] { return NewSGD(ps, SGDConfig{LR: 0.1}) },
	"sgd-momentum": func(ps params) Optimizer[float64] {
		return NewSGD(ps, SGDConfig{LR: 0.1, Momentum: 0.9, Nesterov: true})
	},
	"adam":   func(ps params) Optimizer[float64] { return NewAdam(ps, AdamDefaults(0.01)) },
	"adamw":  func(ps params) Optimizer[float64] { return NewAdamW(ps, AdamWDefaults(0.01)) },
	"sphere": func(ps params) Optimizer[float64] { return NewSphere(ps, 0.1) },
}

// TestResumeBitForBit: N steps in one go equal k steps, a save of the
// parameters and optimizer state, a load into fresh objects and N−k steps.
func TestResumeBitForBit(t *testing.T) {
	const n, k = 9, 4
	for name, mk := range makers {
		whole := params2()
		opt := mk(named(whole...))
		for step := range n {
			opt.SetLR(0.1 / float64(step+1))
			opt.Update(quadGrads(whole))
		}

		first := params2()
		opt1 := mk(named(first...))
		for step := range k {
			opt1.SetLR(0.1 / float64(step+1))
			opt1.Update(quadGrads(first))
		}
		var buf bytes.Buffer
		if err := opt1.SaveState(&buf); err != nil {
			t.Fatalf("%s: SaveState: %v", name, err)
		}
		second := params2() // fresh objects; copy the parameters over
		for i := range second {
			second[i].CopyFrom(first[i])
		}
		// Bound in the other order: the state follows the names.
		opt2 := mk(params{{Name: "1", Value: second[1]}, {Name: "0", Value: second[0]}})
		if err := opt2.LoadState(&buf); err != nil {
			t.Fatalf("%s: LoadState: %v", name, err)
		}
		if opt2.Steps() != k || opt2.LR() != opt1.LR() {
			t.Fatalf("%s: loaded steps %d lr %v, want %d %v", name, opt2.Steps(), opt2.LR(), k, opt1.LR())
		}
		for step := k; step < n; step++ {
			opt2.SetLR(0.1 / float64(step+1))
			opt2.Update(quadGrads([]*tensor.Tensor[float64]{second[1], second[0]}))
		}
		for i := range whole {
			for j, want := range whole[i].Data() {
				if got := second[i].Data()[j]; got != want {
					t.Errorf("%s: param %d[%d] = %v after resume, want %v", name, i, j, got, want)
				}
			}
		}
	}
}

// TestLoadStateStrict: each defect of a state file is an error naming what
// is wrong, and a failed load changes nothing.
func TestLoadStateStrict(t *testing.T) {
	saved := func(mk func(params) Optimizer[float64], steps int) *safetensors.File {
		ps := params2()
		opt := mk(named(ps...))
		for range steps {
			opt.Update(quadGrads(ps))
		}
		var buf bytes.Buffer
		if err := opt.SaveState(&buf); err != nil {
			t.Fatal(err)
		}
		f, err := safetensors.Read(&buf)
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
	encode := func(f *safetensors.File) *bytes.Buffer {
		var buf bytes.Buffer
		if err := safetensors.Write(&buf, f); err != nil {
			t.Fatal(err)
		}
		return &buf
	}
	for _, tc := range []struct {
		name   string
		mk     string // optimizer to load into
		edit   func(f *safetensors.File)
		params params // to bind (default: params2 named "0", "1")
		want   string
	}{
		{"kind", "sgd-momentum", func(f *safetensors.File) {}, nil, `"adam" optimizer state`},
		{"missing", "adam", func(f *safetensors.File) { f.Tensors = f.Tensors[1:] }, nil, `missing tensor "0.exp_avg"`},
		{"unexpected", "adam", func(f *safetensors.File) {
			f.Tensors = append(f.Tensors, safetensors.Tensor{Name: "7.exp_avg", Shape: []int{1}, Data: []float64{0}})
		}, nil, `unexpected tensor "7.exp_avg"`},
		{"shape", "adam", func(f *safetensors.File) {
			f.Tensors[2].Shape = []int{3, 1}
		}, nil, `tensor "1.exp_avg" has shape [3 1]`},
		{"dtype", "adam", func(f *safetensors.File) {
			f.Tensors[1].Data = []float32{1, 2, 3, 4}
		}, nil, `tensor "0.exp_avg_sq" is F32, want F64`},
		{"count", "adam", func(f *safetensors.File) {}, named(params2()[:1]...), `the state is for parameters ["0" "1"], the optimizer has ["0"]`},
		{"names", "adam", func(f *safetensors.File) {}, params{{Name: "0", Value: params2()[0]}, {Name: "x", Value: params2()[1]}}, `the optimizer has ["0" "x"]`},
		{"swapped shapes", "adam", func(f *safetensors.File) {}, params{{Name: "1", Value: params2()[0]}, {Name: "0", Value: params2()[1]}}, `tensor "1.exp_avg" has shape [3], parameter "1" has shape [2 2]`},
		{"param list", "adam", func(f *safetensors.File) { f.Metadata["params"] = "2" }, nil, `params = "2"`},
		{"steps", "adam", func(f *safetensors.File) { f.Metadata["steps"] = "x" }, nil, `steps = "x"`},
		{"lr", "adam", func(f *safetensors.File) { f.Metadata["lr"] = "-1" }, nil, `lr = "-1"`},
	} {
		f := saved(makers["adam"], 3)
		tc.edit(f)
		bound := tc.params
		if bound == nil {
			bound = named(params2()...)
		}
		opt := makers[tc.mk](bound)
		ps := make([]*tensor.Tensor[float64], len(bound))
		for i, p := range bound {
			ps[i] = p.Value
		}
		opt.Update(quadGrads(ps)) // some state that must survive the failed load
		var before bytes.Buffer
		opt.SaveState(&before)
		err := opt.LoadState(encode(f))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one containing %q", tc.name, err, tc.want)
		}
		var after bytes.Buffer
		opt.SaveState(&after)
		if !bytes.Equal(before.Bytes(), after.Bytes()) {
			t.Errorf("%s: a failed load changed the state", tc.name)
		}
	}
	// Garbage is an error, not a panic.
	if err := makers["sgd"](named(params2()...)).LoadState(strings.NewReader("not safetensors")); err == nil {
		t.Error("garbage: no error")
	}
	// A state saved before any step loads into any parameter list.
	f := saved(makers["adam"], 0)
	if err := makers["adam"](named(params2()[:1]...)).LoadState(encode(f)); err != nil {
		t.Errorf("fresh state: %v", err)
	}
}
