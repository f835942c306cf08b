package nn_test

import (
	"bytes"
	"encoding/binary"
	"github.com/deeptheory/deeptheory/internal/testcheck"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/deeptheory/deeptheory/nn"
	"github.com/deeptheory/deeptheory/tensor/safetensors"
)

// loadModel is a small model with parameters and buffers: conv, batch
// norm, dense. Its state: 0.weight [2 1 3 3], 0.bias [2], 1.weight [2],
// 1.bias [2], 4.weight [3 32], 4.bias [3], 1.running_mean [2],
// 1.running_var [2].
func loadModel[T nn.Float](seed uint64) *nn.Sequential[T] {
	r := rand.New(rand.NewPCG(seed, 7))
	return nn.NewSequential[T](
		nn.NewConv2D[T](r, 1, 2, [2]int{3, 3}, [2]int{1, 1}, [2]int{1, 1}, true),
		nn.NewBatchNorm2D[T](2, true), nn.ReLU[T]{}, nn.Flatten[T]{},
		nn.NewDense[T](r, 32, 3, true),
	)
}

// stateBits returns the bits of every value of m's state, in order: a
// snapshot that compares NaN with NaN and tells -0 from 0.
func stateBits[T nn.Float](m nn.Module[T]) []uint64 {
	var bits []uint64
	for _, p := range nn.State(m) {
		for _, v := range p.Value.Data() {
			bits = append(bits, math.Float64bits(float64(v)))
		}
	}
	return bits
}

// saved returns m saved as safetensors.
func saved[T nn.Float](t testing.TB, m nn.Module[T]) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := nn.Save(&buf, m); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// edited returns file (safetensors) with edit applied.
func edited(t *testing.T, file []byte, edit func(f *safetensors.File)) []byte {
	t.Helper()
	return testcheck.EditSafetensors(t, file, edit)
}

// tensorNamed returns the index of the tensor called name in f.
func tensorNamed(f *safetensors.File, name string) int {
	for i, t := range f.Tensors {
		if t.Name == name {
			return i
		}
	}
	panic("no tensor " + name)
}

// TestLoadRefuses loads each bad file into a float64 model: each is refused
// with a message naming the tensor and what differs, and the model is
// unchanged bit for bit. The messages are logged (go test -v) for the
// issue note.
func TestLoadRefuses(t *testing.T) {
	good := saved(t, loadModel[float64](1))
	other := nn.NewSequential[float64](nn.NewDense[float64](rand.New(rand.NewPCG(1, 1)), 2, 16, true), nn.ReLU[float64]{}, nn.NewDense[float64](rand.New(rand.NewPCG(1, 1)), 16, 2, true))
	cases := []struct {
		name string
		file []byte
		want string
	}{
		{"zero-length file", nil, "nn: Load: safetensors: reading header length: unexpected EOF"},
		{"not safetensors", []byte("PK\x03\x04 this is a zip file, not a model"), "nn: Load: safetensors: header length"},
		{"truncated in the header", good[:40], "unexpected EOF"},
		{"truncated in the data", good[:len(good)-5], `reading data`},
		{"wrong architecture", saved(t, other), `nn: Load: key "0.weight" has shape [16 2] in the file, [2 1 3 3] in the model`},
		{"float32 file", saved(t, loadModel[float32](1)), `nn: Load: key "0.weight" is F32 in the file, F64 in the model`},
		{"one tensor float32", edited(t, good, func(f *safetensors.File) {
			f.Tensors[tensorNamed(f, "4.bias")].Data = []float32{1, 2, 3}
		}), `nn: Load: key "4.bias" is F32 in the file, F64 in the model`},
		{"wrong shape", edited(t, good, func(f *safetensors.File) {
			i := tensorNamed(f, "4.weight")
			f.Tensors[i].Shape = []int{32, 3}
		}), `nn: Load: key "4.weight" has shape [32 3] in the file, [3 32] in the model`},
		{"wrong rank", edited(t, good, func(f *safetensors.File) {
			f.Tensors[tensorNamed(f, "0.weight")].Shape = []int{2, 9}
		}), `key "0.weight" has shape [2 9] in the file, [2 1 3 3] in the model`},
		{"missing tensor", edited(t, good, func(f *safetensors.File) {
			i := tensorNamed(f, "4.bias")
			f.Tensors = append(f.Tensors[:i], f.Tensors[i+1:]...)
		}), `missing key "4.bias": the model has it (shape [3])`},
		{"missing buffer", edited(t, good, func(f *safetensors.File) {
			i := tensorNamed(f, "1.running_var")
			f.Tensors = append(f.Tensors[:i], f.Tensors[i+1:]...)
		}), `missing key "1.running_var"`},
		{"extra tensor", edited(t, good, func(f *safetensors.File) {
			f.Tensors = append(f.Tensors, safetensors.Tensor{Name: "5.weight", Shape: []int{3, 3}, Data: make([]float64, 9)})
		}), `nn: Load: unexpected key "5.weight" (shape [3 3]): the file has 1 tensor(s) the model does not`},
		{"NaN weight", edited(t, good, func(f *safetensors.File) {
			f.Tensors[tensorNamed(f, "4.weight")].Data.([]float64)[7] = math.NaN()
		}), `nn: Load: key "4.weight" holds NaN at index 7 of 96: refusing non-finite weights (LoadOptions.AllowNonFinite accepts them)`},
		{"Inf in a buffer", edited(t, good, func(f *safetensors.File) {
			f.Tensors[tensorNamed(f, "1.running_var")].Data.([]float64)[1] = math.Inf(1)
		}), `key "1.running_var" holds +Inf at index 1 of 2`},
		{"header claiming 2^40 elements", headerOnly(`{"0.weight":{"dtype":"F64","shape":[1099511627776],"data_offsets":[0,8796093022208]}}`, 16),
			`nn: Load: safetensors: tensor "0.weight": reading data [0 8796093022208): unexpected EOF`},
		{"overlapping tensors", headerOnly(`{"a":{"dtype":"F64","shape":[2],"data_offsets":[0,16]},"b":{"dtype":"F64","shape":[2],"data_offsets":[8,24]}}`, 24),
			`tensor "b": data_offsets [8 24] overlap the previous tensor, which ends at 16`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			m := loadModel[float64](2)
			before := stateBits[float64](m)
			err := nn.Load(bytes.NewReader(tc.file), m)
			if err == nil {
				t.Fatal("Load succeeded")
			}
			t.Logf("%s: %v", tc.name, err)
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q\ndoes not contain %q", err, tc.want)
			}
			if after := stateBits[float64](m); !slices.Equal(before, after) {
				t.Error("the failed Load changed the model")
			}
		})
	}
}

// headerOnly returns a safetensors file with the given header and n zero
// bytes of data.
func headerOnly(header string, n int) []byte {
	file := binary.LittleEndian.AppendUint64(nil, uint64(len(header)))
	file = append(file, header...)
	return append(file, make([]byte, n)...)
}

// TestLoadEveryPrefix: every proper prefix of a good file is refused and
// leaves the model as it was.
func TestLoadEveryPrefix(t *testing.T) {
	good := saved(t, loadModel[float32](1))
	m := loadModel[float32](2)
	before := stateBits[float32](m)
	for n := range len(good) {
		if err := nn.Load(bytes.NewReader(good[:n]), m); err == nil {
			t.Fatalf("the first %d of %d bytes loaded", n, len(good))
		}
	}
	if !slices.Equal(before, stateBits[float32](m)) {
		t.Fatal("a failed Load changed the model")
	}
	if err := nn.Load(bytes.NewReader(good), m); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(stateBits[float32](loadModel[float32](1)), stateBits[float32](m)) {
		t.Fatal("the whole file did not load the saved model")
	}
}

// TestLoadAllowNonFinite: the option accepts NaN weights and loads them as
// they are; without it the same file is refused.
func TestLoadAllowNonFinite(t *testing.T) {
	src := loadModel[float64](1)
	src.Params()[0].Value.Data()[3] = math.NaN()
	src.Params()[1].Value.Data()[0] = math.Inf(-1)
	file := saved(t, src)
	m := loadModel[float64](2)
	if err := nn.Load(bytes.NewReader(file), m); err == nil {
		t.Fatal("Load accepted NaN weights")
	}
	if err := nn.LoadWith(bytes.NewReader(file), m, nn.LoadOptions{AllowNonFinite: true}); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(stateBits[float64](src), stateBits[float64](m)) {
		t.Fatal("LoadWith AllowNonFinite did not load the weights as saved")
	}
}
