package optim

import (
	"bytes"
	"strings"
	"testing"

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

var makers = map[string]func() Optimizer[float64]{
	"sgd":          func() Optimizer[float64] { return NewSGD[float64](SGDConfig{LR: 0.1}) },
	"sgd-momentum": func() Optimizer[float64] { return NewSGD[float64](SGDConfig{LR: 0.1, Momentum: 0.9, Nesterov: true}) },
	"adam":         func() Optimizer[float64] { return NewAdam[float64](AdamDefaults(0.01)) },
	"adamw":        func() Optimizer[float64] { return NewAdamW[float64](AdamWDefaults(0.01)) },
	"sphere":       func() Optimizer[float64] { return NewSphere[float64](0.1) },
}

// TestResumeBitForBit: N steps in one go equal k steps, a save of the
// parameters and optimizer state, a load into fresh objects and N−k steps.
func TestResumeBitForBit(t *testing.T) {
	const n, k = 9, 4
	for name, mk := range makers {
		whole := params2()
		opt := mk()
		for step := range n {
			opt.SetLR(0.1 / float64(step+1))
			opt.Step(whole, quadGrads(whole))
		}

		first := params2()
		opt1 := mk()
		for step := range k {
			opt1.SetLR(0.1 / float64(step+1))
			opt1.Step(first, quadGrads(first))
		}
		var buf bytes.Buffer
		if err := opt1.SaveState(&buf); err != nil {
			t.Fatalf("%s: SaveState: %v", name, err)
		}
		second := params2() // fresh objects; copy the parameters over
		for i := range second {
			second[i].CopyFrom(first[i])
		}
		opt2 := mk()
		if err := opt2.LoadState(&buf, second); err != nil {
			t.Fatalf("%s: LoadState: %v", name, err)
		}
		if opt2.Steps() != k || opt2.LR() != opt1.LR() {
			t.Fatalf("%s: loaded steps %d lr %v, want %d %v", name, opt2.Steps(), opt2.LR(), k, opt1.LR())
		}
		for step := k; step < n; step++ {
			opt2.SetLR(0.1 / float64(step+1))
			opt2.Step(second, quadGrads(second))
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
	saved := func(mk func() Optimizer[float64], steps int) *safetensors.File {
		ps := params2()
		opt := mk()
		for range steps {
			opt.Step(ps, quadGrads(ps))
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
		params []*tensor.Tensor[float64]
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
		{"count", "adam", func(f *safetensors.File) {}, params2()[:1], "for 2 parameters, not 1"},
		{"steps", "adam", func(f *safetensors.File) { f.Metadata["steps"] = "x" }, nil, `steps = "x"`},
		{"lr", "adam", func(f *safetensors.File) { f.Metadata["lr"] = "-1" }, nil, `lr = "-1"`},
	} {
		f := saved(makers["adam"], 3)
		tc.edit(f)
		opt := makers[tc.mk]()
		ps := params2()
		opt.Step(ps, quadGrads(ps)) // some state that must survive the failed load
		var before bytes.Buffer
		opt.SaveState(&before)
		params := tc.params
		if params == nil {
			params = ps
		}
		err := opt.LoadState(encode(f), params)
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
	if err := makers["sgd"]().LoadState(strings.NewReader("not safetensors"), params2()); err == nil {
		t.Error("garbage: no error")
	}
	// A state saved before any step loads into any parameter list.
	f := saved(makers["adam"], 0)
	if err := makers["adam"]().LoadState(encode(f), params2()[:1]); err != nil {
		t.Errorf("fresh state: %v", err)
	}
}
