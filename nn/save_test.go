package nn

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/deeptheory/deeptheory/tensor"
	"github.com/deeptheory/deeptheory/tensor/safetensors"
)

func saveModel(r uint64) *Sequential[float64] {
	rng := newRand(r)
	return NewSequential[float64](
		NewConv2D[float64](rng, 1, 2, [2]int{3, 3}, [2]int{1, 1}, [2]int{1, 1}, true),
		NewBatchNorm2D[float64](2, true), ReLU[float64]{}, Flatten[float64]{},
		NewWeightNorm[float64](NewDense[float64](rng, 32, 3, true)),
	)
}

func TestSaveLoadRoundTrip(t *testing.T) {
	src := saveModel(1)
	for i := range src.Buffers() { // non-default buffers
		src.Buffers()[i].Value.Fill(float64(i) + 0.5)
	}
	var buf bytes.Buffer
	if err := Save[float64](&buf, src); err != nil {
		t.Fatal(err)
	}
	f, err := safetensors.Read(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, tt := range f.Tensors {
		names = append(names, tt.Name)
	}
	want := []string{"0.weight", "0.bias", "1.weight", "1.bias", "4.bias", "4.weight_g", "4.weight_v", "1.running_mean", "1.running_var"}
	if !slices.Equal(names, want) {
		t.Errorf("saved %v, want %v", names, want)
	}
	dst := saveModel(2)
	if err := Load[float64](&buf, dst); err != nil {
		t.Fatal(err)
	}
	a, b := State[float64](src), State[float64](dst)
	for i := range a {
		if !slices.Equal(a[i].Value.Data(), b[i].Value.Data()) {
			t.Errorf("%s differs after the round trip", a[i].Name)
		}
	}

	// Through a file, in float32.
	path := filepath.Join(t.TempDir(), "model.safetensors")
	m32 := NewSequential[float32](NewDense[float32](newRand(3), 4, 2, true))
	if err := SaveFile[float32](path, m32); err != nil {
		t.Fatal(err)
	}
	back := NewSequential[float32](NewDense[float32](newRand(4), 4, 2, true))
	if err := LoadFile[float32](path, back); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(back.Params()[0].Value.Data(), m32.Params()[0].Value.Data()) {
		t.Error("float32 file round trip changed the weight")
	}
	// The float32 file does not load into a float64 model.
	if err := LoadFile[float64](path, NewSequential[float64](NewDense[float64](newRand(4), 4, 2, true))); err == nil ||
		!strings.Contains(err.Error(), `key "0.weight" is F32 in the file, F64 in the model`) {
		t.Errorf("dtype mismatch: %v", err)
	}
	if err := LoadFile[float64](filepath.Join(t.TempDir(), "absent"), src); err == nil {
		t.Error("missing file: no error")
	}
	if _, err := os.Stat(path); err != nil {
		t.Error(err)
	}
}

// TestLoadStrict: each defect is an error naming the key, and a model that
// fails to load is unchanged.
func TestLoadStrict(t *testing.T) {
	var good bytes.Buffer
	if err := Save[float64](&good, saveModel(1)); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		edit func(f *safetensors.File)
		want string
	}{
		{"missing", func(f *safetensors.File) { f.Tensors = slices.Delete(f.Tensors, 1, 2) }, `missing key "0.bias"`},
		{"missing buffer", func(f *safetensors.File) { f.Tensors = f.Tensors[:len(f.Tensors)-1] }, `missing key "1.running_var"`},
		{"unexpected", func(f *safetensors.File) {
			f.Tensors = append(f.Tensors, safetensors.Tensor{Name: "5.weight", Shape: []int{1}, Data: []float64{1}})
		}, `unexpected key "5.weight"`},
		{"shape", func(f *safetensors.File) { f.Tensors[5].Shape = []int{3} }, `key "4.weight_g" has shape [3] in the file, [3 1] in the model`},
		{"dtype", func(f *safetensors.File) { f.Tensors[1].Data = []float32{1, 2} }, `key "0.bias" is F32 in the file, F64 in the model`},
	} {
		f, err := safetensors.Read(bytes.NewReader(good.Bytes()))
		if err != nil {
			t.Fatal(err)
		}
		tc.edit(f)
		var buf bytes.Buffer
		if err := safetensors.Write(&buf, f); err != nil {
			t.Fatal(err)
		}
		m := saveModel(2)
		before := State[float64](m)
		snapshot := make([][]float64, len(before))
		for i, p := range before {
			snapshot[i] = slices.Clone(p.Value.Data())
		}
		err = Load[float64](&buf, m)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one containing %q", tc.name, err, tc.want)
		}
		for i, p := range State[float64](m) {
			if !slices.Equal(p.Value.Data(), snapshot[i]) {
				t.Errorf("%s: a failed load changed %s", tc.name, p.Name)
			}
		}
	}
	if err := Load[float64](strings.NewReader("garbage"), saveModel(1)); err == nil {
		t.Error("garbage: no error")
	}
}

func TestBatches(t *testing.T) {
	x := tensor.Arange[float64](14).Reshape(7, 2)
	y := tensor.Arange[float64](7)
	b := NewBatches(x, y, 3, nil)
	if b.Len() != 3 {
		t.Errorf("Len = %d, want 3", b.Len())
	}
	var got [][]float64
	for xb, yb := range b.Epoch() {
		if xb.Dim(0) != yb.Dim(0) || xb.Dim(1) != 2 {
			t.Fatalf("batch shapes %v, %v", xb.Shape(), yb.Shape())
		}
		got = append(got, yb.Data())
	}
	if want := [][]float64{{0, 1, 2}, {3, 4, 5}, {6}}; !slices.EqualFunc(got, want, slices.Equal) {
		t.Errorf("stored order: %v, want %v", got, want)
	}
	// Seeded shuffling: every row once per epoch, rows of x and y together,
	// epochs differ, and the same seed repeats the sequence.
	epochs := func(seed uint64) [][]float64 {
		var out [][]float64
		s := NewBatches(x, y, 3, newRand(seed))
		for range 2 {
			var ys []float64
			for xb, yb := range s.Epoch() {
				for i, v := range yb.Data() {
					if xb.At(i, 0) != 2*v || xb.At(i, 1) != 2*v+1 {
						t.Fatalf("row of x %v does not match y %v", xb, yb)
					}
				}
				ys = append(ys, yb.Data()...)
			}
			out = append(out, ys)
		}
		return out
	}
	a, c := epochs(5), epochs(5)
	if !slices.EqualFunc(a, c, slices.Equal) {
		t.Error("the same seed gave different batches")
	}
	if slices.Equal(a[0], a[1]) {
		t.Error("two epochs in the same order")
	}
	for _, e := range a {
		sorted := slices.Sorted(slices.Values(e))
		if !slices.Equal(sorted, y.Data()) {
			t.Errorf("epoch %v is not a permutation of the rows", e)
		}
	}
	// No targets; stopping early is fine.
	for xb, yb := range NewBatches(x, nil, 5, nil).Epoch() {
		if yb != nil || xb.Dim(0) != 5 {
			t.Errorf("x-only batch %v, %v", xb.Shape(), yb)
		}
		break
	}
	mustPanic(t, "row mismatch", func() { NewBatches(x, tensor.Zeros[float64](6), 2, nil) })
	mustPanic(t, "size 0", func() { NewBatches(x, y, 0, nil) })
}
