package safetensors

// DType names the element type of a tensor as spelled in the file header.
type DType string

// The supported dtypes.
const (
	// F32 is IEEE 754 binary32, held in Go as []float32.
	F32 DType = "F32"
	// F64 is IEEE 754 binary64, held in Go as []float64.
	F64 DType = "F64"
)

// size returns the number of bytes of one element, or 0 for an unsupported dtype.
func (d DType) size() int {
	switch d {
	case F32:
		return 4
	case F64:
		return 8
	}
	return 0
}

// maxHeaderLen bounds the JSON header Read accepts and Write produces (100 MiB).
const maxHeaderLen = 100 << 20

// Tensor is one named, dense, row-major tensor.
type Tensor struct {
	// Name is the tensor's key in the header; it must be unique in a File
	// and may not be "__metadata__".
	Name string
	// Shape lists the dimensions; an empty Shape is a scalar (one element).
	Shape []int
	// Data holds the elements in row-major order: []float32 for F32 or
	// []float64 for F64. Its length is the product of Shape.
	Data any
}

// DType returns F32 or F64 according to the type of t.Data, or "" if
// t.Data holds anything else.
func (t Tensor) DType() DType {
	switch t.Data.(type) {
	case []float32:
		return F32
	case []float64:
		return F64
	}
	return ""
}

// File is the content of a safetensors file.
type File struct {
	// Metadata is the header's "__metadata__" object; Read leaves it nil
	// when the file has none (or an empty one), and Write omits it when empty.
	Metadata map[string]string
	// Tensors are in data-offset order after Read, and Write lays them
	// out in this order.
	Tensors []Tensor
}

// Get returns the tensor called name and whether there is one.
func (f *File) Get(name string) (Tensor, bool) {
	for _, t := range f.Tensors {
		if t.Name == name {
			return t, true
		}
	}
	return Tensor{}, false
}

// numElements returns the product of shape, or ok=false if a dimension is
// negative or the product does not fit in an int. A zero dimension makes
// the product zero whatever the other dimensions are.
func numElements(shape []int) (n int, ok bool) {
	for _, d := range shape {
		if d < 0 {
			return 0, false
		}
		if d == 0 {
			return 0, true
		}
	}
	n = 1
	for _, d := range shape {
		if n > maxInt/d {
			return 0, false
		}
		n *= d
	}
	return n, true
}

// maxInt is the largest int.
const maxInt = int(^uint(0) >> 1)
