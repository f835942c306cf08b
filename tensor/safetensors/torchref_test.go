package safetensors

import (
	"bytes"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// torchrefFiles returns the reference cases shared with PyTorch, written by
// the official Python safetensors writer.
func torchrefFiles(t testing.TB) []string {
	t.Helper()
	var paths []string
	for _, sub := range []string{"ops", "traj"} {
		matches, err := filepath.Glob(filepath.Join("..", "..", "testdata", "torchref", sub, "*.safetensors"))
		if err != nil {
			t.Fatal(err)
		}
		if len(matches) == 0 {
			t.Fatalf("no files in testdata/torchref/%s", sub)
		}
		paths = append(paths, matches...)
	}
	return paths
}

// TestReadTorchref reads every reference file, checks each tensor's data
// against its shape, and round-trips the file through Write.
func TestReadTorchref(t *testing.T) {
	for _, path := range torchrefFiles(t) {
		t.Run(filepath.Base(path), func(t *testing.T) {
			f, err := ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if len(f.Tensors) == 0 {
				t.Error("no tensors")
			}
			if f.Metadata["torch"] == "" {
				t.Errorf("metadata %v has no torch version", f.Metadata)
			}
			for _, tensor := range f.Tensors {
				data, ok := tensor.Data.([]float64)
				if !ok {
					t.Errorf("tensor %q: data is %T, want []float64", tensor.Name, tensor.Data)
					continue
				}
				if n, _ := numElements(tensor.Shape); n != len(data) {
					t.Errorf("tensor %q: shape %v but %d elements", tensor.Name, tensor.Shape, len(data))
				}
			}
			written := mustWrite(t, f)
			if diff := cmp.Diff(f, mustRead(t, written), fileOpts); diff != "" {
				t.Errorf("Read(Write(f)) differs (-want +got):\n%s", diff)
			}
			if again := mustWrite(t, mustRead(t, written)); !bytes.Equal(written, again) {
				t.Error("Write is not stable under Read")
			}
		})
	}
}
