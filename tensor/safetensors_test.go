package tensor

import (
	"bytes"
	"testing"

	"github.com/deeptheory/deeptheory/tensor/safetensors"
	"github.com/google/go-cmp/cmp"
)

func TestSafetensorsRoundTrip(t *testing.T) {
	x := FromSlice([]float32{1, -2, 3.5, 4, 5, 6}, 2, 3)
	var buf bytes.Buffer
	if err := safetensors.Write(&buf, &safetensors.File{Tensors: []safetensors.Tensor{ToSafetensors("x", x)}}); err != nil {
		t.Fatal(err)
	}
	f, err := safetensors.Read(&buf)
	if err != nil {
		t.Fatal(err)
	}
	st, _ := f.Get("x")
	got, ok := FromSafetensors[float32](st)
	if !ok || !cmp.Equal(got.Shape(), x.Shape()) || !cmp.Equal(got.Data(), x.Data()) {
		t.Fatalf("round trip gave %v (ok=%v), want %v", got, ok, x)
	}
	if _, ok := FromSafetensors[float64](st); ok {
		t.Error("an F32 tensor loaded as float64: precision must not change silently")
	}
	type celsius float64
	if got := ToSafetensors("c", FromSlice([]celsius{1.5}, 1)); got.DType() != safetensors.F64 {
		t.Errorf("named float64 type stored as %s", got.DType())
	}
}
