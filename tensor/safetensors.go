package tensor

import (
	"slices"
	"unsafe"

	"github.com/deeptheory/deeptheory/internal/shapes"
	"github.com/deeptheory/deeptheory/tensor/safetensors"
)

// DTypeOf returns the safetensors dtype that holds T: F32 for float32, F64 for float64.
func DTypeOf[T Float]() safetensors.DType {
	if unsafe.Sizeof(T(0)) == 4 {
		return safetensors.F32
	}
	return safetensors.F64
}

// ToSafetensors returns t as the safetensors tensor called name. The data is
// shared, not copied, when T is float32 or float64 itself.
func ToSafetensors[T Float](name string, t *Tensor[T]) safetensors.Tensor {
	st := safetensors.Tensor{Name: name, Shape: slices.Clone(t.shape)}
	switch d := any(t.data).(type) {
	case []float32:
		st.Data = d
	case []float64:
		st.Data = d
	default: // a named type over float32 or float64
		if DTypeOf[T]() == safetensors.F32 {
			st.Data = convertSlice[float32](t.data)
		} else {
			st.Data = convertSlice[float64](t.data)
		}
	}
	return st
}

// FromSafetensors returns a copy of st as a Tensor[T]. ok is false when st's
// dtype is not T's: loading never converts precision silently.
func FromSafetensors[T Float](st safetensors.Tensor) (t *Tensor[T], ok bool) {
	if st.DType() != DTypeOf[T]() {
		return nil, false
	}
	var data []T
	switch d := st.Data.(type) {
	case []float32:
		data = convertSlice[T](d)
	case []float64:
		data = convertSlice[T](d)
	}
	if len(data) != shapes.Count(st.Shape) {
		return nil, false
	}
	return &Tensor[T]{shape: slices.Clone(st.Shape), data: data}, true
}

// convertSlice returns x with every element converted to U.
func convertSlice[U, T Float](x []T) []U {
	out := make([]U, len(x))
	for i, v := range x {
		out[i] = U(v)
	}
	return out
}
