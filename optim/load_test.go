package optim_test

import (
	"bytes"
	"github.com/deeptheory/deeptheory/internal/testcheck"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/deeptheory/deeptheory/autograd"
	"github.com/deeptheory/deeptheory/optim"
	"github.com/deeptheory/deeptheory/tensor"
	"github.com/deeptheory/deeptheory/tensor/safetensors"
)

// boundParams returns two named parameters: "0.weight" [2 3], "0.bias" [2].
func boundParams[T optim.Float]() []autograd.Param[T] {
	return []autograd.Param[T]{
		{Name: "0.weight", Value: tensor.FromSlice([]T{1, -2, 0.5, 3, 0.25, -1}, 2, 3)},
		{Name: "0.bias", Value: tensor.FromSlice([]T{0.7, -0.1}, 2)},
	}
}

// stepped returns an Adam over fresh boundParams after steps updates with
// gradients g = p (the gradient of ½‖p‖²).
func stepped[T optim.Float](steps int) (*optim.Adam[T], []autograd.Param[T]) {
	ps := boundParams[T]()
	opt := optim.NewAdam(ps, optim.AdamDefaults(0.01))
	for range steps {
		grads := make([]*tensor.Tensor[T], len(ps))
		for i, p := range ps {
			grads[i] = p.Value.Clone()
		}
		opt.Update(grads)
	}
	return opt, ps
}

func stateBytes[T optim.Float](t testing.TB, o optim.Optimizer[T]) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := o.SaveState(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func paramBits[T optim.Float](ps []autograd.Param[T]) []uint64 {
	var bits []uint64
	for _, p := range ps {
		for _, v := range p.Value.Data() {
			bits = append(bits, math.Float64bits(float64(v)))
		}
	}
	return bits
}

// editState returns file (safetensors) with edit applied.
func editState(t *testing.T, file []byte, edit func(f *safetensors.File)) []byte {
	t.Helper()
	return testcheck.EditSafetensors(t, file, edit)
}

// TestLoadStateRefuses loads bad state files into an Adam that has taken a
// step: each is refused with a message naming the tensor or field and what
// differs, and neither the optimizer's state nor its parameters change.
func TestLoadStateRefuses(t *testing.T) {
	good, _ := stepped[float64](3)
	goodFile := stateBytes[float64](t, good)
	f32, _ := stepped[float32](3)
	otherModel := optim.NewAdam([]autograd.Param[float64]{{Name: "0.weight", Value: tensor.Zeros[float64](4, 3)}, {Name: "2.weight", Value: tensor.Zeros[float64](1, 4)}}, optim.AdamDefaults(0.01))
	otherModel.Update([]*tensor.Tensor[float64]{tensor.Full[float64](1, 4, 3), tensor.Full[float64](1, 1, 4)})
	sgd := optim.NewSGD(boundParams[float64](), optim.SGDConfig{LR: 0.1, Momentum: 0.9})
	sgd.Update([]*tensor.Tensor[float64]{tensor.Full[float64](1, 2, 3), tensor.Full[float64](1, 2)})
	cases := []struct {
		name string
		file []byte
		want string
	}{
		{"zero-length file", nil, "optim: LoadState: safetensors: reading header length: unexpected EOF"},
		{"truncated", goodFile[:len(goodFile)-3], "unexpected EOF"},
		{"another optimizer", stateBytes[float64](t, sgd), `optim: LoadState: the file holds "sgd" optimizer state, not "adam"`},
		{"another model", stateBytes[float64](t, otherModel), `optim: LoadState: the state is for parameters ["0.weight" "2.weight"], the optimizer has ["0.bias" "0.weight"]`},
		{"float32 state", stateBytes[float32](t, f32), `optim: LoadState: tensor "0.weight.exp_avg" is F32, want F64`},
		{"wrong shape", editState(t, goodFile, func(f *safetensors.File) {
			f.Tensors[0].Shape = []int{3, 2}
		}), `optim: LoadState: tensor "0.weight.exp_avg" has shape [3 2], parameter "0.weight" has shape [2 3]`},
		{"missing tensor", editState(t, goodFile, func(f *safetensors.File) { f.Tensors = f.Tensors[:3] }), `optim: LoadState: missing tensor "0.bias.exp_avg_sq"`},
		{"extra tensor", editState(t, goodFile, func(f *safetensors.File) {
			f.Tensors = append(f.Tensors, safetensors.Tensor{Name: "0.bias.momentum_buffer", Shape: []int{2}, Data: []float64{0, 0}})
		}), `optim: LoadState: unexpected tensor "0.bias.momentum_buffer"`},
		{"NaN buffer", editState(t, goodFile, func(f *safetensors.File) { f.Tensors[1].Data.([]float64)[4] = math.NaN() }),
			`optim: LoadState: tensor "0.weight.exp_avg_sq" holds NaN at index 4 of 6: refusing non-finite state`},
		{"-Inf buffer", editState(t, goodFile, func(f *safetensors.File) { f.Tensors[2].Data.([]float64)[0] = math.Inf(-1) }),
			`tensor "0.bias.exp_avg" holds -Inf at index 0 of 2`},
		{"lr Inf", editState(t, goodFile, func(f *safetensors.File) { f.Metadata["lr"] = "+Inf" }), `optim: LoadState: metadata lr = "+Inf" is not a learning rate`},
		{"lr NaN", editState(t, goodFile, func(f *safetensors.File) { f.Metadata["lr"] = "NaN" }), `metadata lr = "NaN"`},
		{"steps negative", editState(t, goodFile, func(f *safetensors.File) { f.Metadata["steps"] = "-3" }), `optim: LoadState: metadata steps = "-3" is not a count`},
		{"steps without state", editState(t, goodFile, func(f *safetensors.File) { f.Metadata["params"] = "[]" }), `optim: LoadState: 3 steps but state for 0 parameters`},
		{"no metadata", editState(t, goodFile, func(f *safetensors.File) { f.Metadata = nil }), `optim: LoadState: the file holds "" optimizer state, not "adam"`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			opt, ps := stepped[float64](1)
			before, beforeParams := stateBytes[float64](t, opt), paramBits(ps)
			err := opt.LoadState(bytes.NewReader(tc.file))
			if err == nil {
				t.Fatal("LoadState succeeded")
			}
			t.Logf("%s: %v", tc.name, err)
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q\ndoes not contain %q", err, tc.want)
			}
			if !bytes.Equal(before, stateBytes[float64](t, opt)) || !slices.Equal(beforeParams, paramBits(ps)) {
				t.Error("the failed LoadState changed the optimizer")
			}
		})
	}
}

// TestLoadStateEveryPrefix: every proper prefix of a state file is refused
// and changes nothing; the whole file loads.
func TestLoadStateEveryPrefix(t *testing.T) {
	src, _ := stepped[float64](2)
	file := stateBytes[float64](t, src)
	opt, _ := stepped[float64](5)
	before := stateBytes[float64](t, opt)
	for n := range len(file) {
		if err := opt.LoadState(bytes.NewReader(file[:n])); err == nil {
			t.Fatalf("the first %d of %d bytes loaded", n, len(file))
		}
	}
	if !bytes.Equal(before, stateBytes[float64](t, opt)) {
		t.Fatal("a failed LoadState changed the state")
	}
	if err := opt.LoadState(bytes.NewReader(file)); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(file, stateBytes[float64](t, opt)) || opt.Steps() != 2 {
		t.Fatal("the whole file did not restore the state")
	}
}

// TestStateFileRoundTrip: SaveStateFile and LoadStateFile restore the state
// exactly and leave only the state file in the directory.
func TestStateFileRoundTrip(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "opt.safetensors")
	src, _ := stepped[float32](4)
	if err := optim.SaveStateFile[float32](path, src); err != nil {
		t.Fatal(err)
	}
	dst, _ := stepped[float32](1)
	if err := optim.LoadStateFile[float32](path, dst); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(stateBytes[float32](t, src), stateBytes[float32](t, dst)) {
		t.Error("the state differs after the file round trip")
	}
	entries, err := os.ReadDir(dir)
	if err != nil || len(entries) != 1 {
		t.Errorf("directory holds %v (%v), want only the state file", entries, err)
	}
	if err := optim.LoadStateFile[float32](filepath.Join(dir, "absent"), dst); err == nil || !strings.Contains(err.Error(), "optim: LoadStateFile:") {
		t.Errorf("absent file: %v", err)
	}
}
