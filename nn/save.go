package nn

import (
	"fmt"
	"io"
	"maps"
	"slices"

	"github.com/deeptheory/deeptheory/tensor"
	"github.com/deeptheory/deeptheory/tensor/safetensors"
)

// Save writes m's State (parameters, then buffers) to w as safetensors,
// one tensor per Param under its name ("0.weight", "1.running_mean", ...)
// in T's dtype (F32 or F64), with metadata {"format": "pt"}: PyTorch's
// safetensors.torch.load_file reads it into a state_dict that
// load_state_dict accepts for the same architecture.
func Save[T Float](w io.Writer, m Module[T]) error {
	return safetensors.Write(w, stateFile(m))
}

// SaveFile writes m's State to the file at path, through a temporary file
// renamed over path once complete (an existing file survives a failure).
func SaveFile[T Float](path string, m Module[T]) error {
	return safetensors.WriteFile(path, stateFile(m))
}

func stateFile[T Float](m Module[T]) *safetensors.File {
	f := &safetensors.File{Metadata: map[string]string{"format": "pt"}}
	for _, p := range State(m) {
		f.Tensors = append(f.Tensors, tensor.ToSafetensors(p.Name, p.Value))
	}
	return f
}

// Load reads safetensors from r into m's State. It is strict: a tensor of
// m missing from the file, a tensor in the file that m does not have, a
// shape or dtype that differs, or a NaN or ±Inf value (see LoadOptions)
// is an error naming the key, and m is changed only if the whole file is
// valid.
func Load[T Float](r io.Reader, m Module[T]) error {
	return LoadWith(r, m, LoadOptions{})
}

// LoadFile is Load from the file at path.
func LoadFile[T Float](path string, m Module[T]) error {
	return LoadFileWith(path, m, LoadOptions{})
}

func loadState[T Float](f *safetensors.File, m Module[T], opts LoadOptions) error {
	file := make(map[string]safetensors.Tensor, len(f.Tensors))
	for _, t := range f.Tensors {
		file[t.Name] = t
	}
	state := State(m)
	values := make([][]T, len(state))
	for i, p := range state {
		t, ok := file[p.Name]
		if !ok {
			return fmt.Errorf("nn: Load: missing key %q: the model has it (shape %v), the file does not (a different architecture?)", p.Name, p.Value.Shape())
		}
		delete(file, p.Name)
		if !slices.Equal(t.Shape, p.Value.Shape()) {
			return fmt.Errorf("nn: Load: key %q has shape %v in the file, %v in the model", p.Name, t.Shape, p.Value.Shape())
		}
		value, ok := tensor.FromSafetensors[T](t)
		if !ok {
			return fmt.Errorf("nn: Load: key %q is %s in the file, %s in the model", p.Name, t.DType(), tensor.DTypeOf[T]())
		}
		if err := checkFinite(opts, p.Name, value.Data()); err != nil {
			return err
		}
		values[i] = value.Data()
	}
	if len(file) > 0 {
		extra := slices.Sorted(maps.Keys(file))
		return fmt.Errorf("nn: Load: unexpected key %q (shape %v): the file has %d tensor(s) the model does not (a different architecture?)", extra[0], file[extra[0]].Shape, len(extra))
	}
	for i, p := range state {
		copy(p.Value.Data(), values[i])
	}
	return nil
}
