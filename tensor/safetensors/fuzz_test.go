package safetensors

import (
	"bytes"
	"os"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// FuzzRead checks that Read never panics on any input and that whatever it
// accepts survives Write and Read unchanged, with Write byte-stable.
func FuzzRead(f *testing.F) {
	for _, file := range roundTripFiles {
		f.Add(mustWrite(f, file))
	}
	for _, path := range torchrefFiles(f)[:3] {
		data, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	for _, bad := range badFiles {
		f.Add(bad.file)
	}
	f.Add(rawFile(`{"__metadata__":{"k":"v"},"b":{"data_offsets":[8,8],"shape":[0],"dtype":"F32"},"a":{"dtype":"F64","shape":[1],"data_offsets":[0,8]}}  `, f64Bytes(3)))
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := Read(bytes.NewReader(data))
		if err != nil {
			return
		}
		var first bytes.Buffer
		if err := Write(&first, file); err != nil {
			t.Fatalf("Write of a File that Read accepted: %v", err)
		}
		back, err := Read(bytes.NewReader(first.Bytes()))
		if err != nil {
			t.Fatalf("Read of Write's output: %v", err)
		}
		if diff := cmp.Diff(file, back, fileOpts); diff != "" {
			t.Fatalf("Read(Write(f)) differs from f (-want +got):\n%s", diff)
		}
		var second bytes.Buffer
		if err := Write(&second, back); err != nil {
			t.Fatalf("second Write: %v", err)
		}
		if !bytes.Equal(first.Bytes(), second.Bytes()) {
			t.Fatalf("Write(Read(Write(f))) differs from Write(f)")
		}
	})
}
