package safetensors

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// roundTripFiles covers metadata, both dtypes, scalars, zero-size tensors
// (including several at the same offset) and names that need escaping.
var roundTripFiles = map[string]*File{
	"empty":         {},
	"metadata only": {Metadata: map[string]string{"format": "pt", "b": "2", "a": ""}},
	"mixed": {
		Metadata: map[string]string{"op": "conv2d", "attrs": `{"stride": [2, 2]}`},
		Tensors: []Tensor{
			{Name: "w", Shape: []int{2, 3}, Data: []float64{1, -2, 3.5, math.Inf(1), math.NaN(), 0}},
			{Name: "b", Shape: []int{3}, Data: []float32{0.5, -1e-30, math.MaxFloat32}},
			{Name: "scalar", Shape: []int{}, Data: []float64{math.Pi}},
			{Name: "nil shape scalar", Data: []float32{7}},
			{Name: "rank 64", Shape: slices.Repeat([]int{1}, 64), Data: []float64{8}},
		},
	},
	"zero size": {
		Tensors: []Tensor{
			{Name: "empty0", Shape: []int{0}, Data: []float64{}},
			{Name: "empty1", Shape: []int{3, 0, 1 << 40}, Data: []float32(nil)},
			{Name: "x", Shape: []int{1}, Data: []float64{1}},
			{Name: "empty2", Shape: []int{0, 2}, Data: []float64{}},
			{Name: "y", Shape: []int{1, 1}, Data: []float32{2}},
			{Name: "empty3", Shape: []int{0}, Data: []float32{}},
		},
	},
	"escaped names": {
		Metadata: map[string]string{"quote\"back\\slash": "tab\tnl\nnul\x00 \b\f\r\x7f é ☃ \u2028 <&> /"},
		Tensors: []Tensor{
			{Name: "", Shape: []int{1}, Data: []float64{1}},
			{Name: "ünïcode/ctrl\x01\x1f", Shape: []int{1}, Data: []float64{2}},
		},
	},
}

func TestRoundTrip(t *testing.T) {
	for name, f := range roundTripFiles {
		t.Run(name, func(t *testing.T) {
			first := mustWrite(t, f)
			if headerLen := binary.LittleEndian.Uint64(first); headerLen%8 != 0 {
				t.Errorf("header length %d is not a multiple of 8", headerLen)
			}
			back := mustRead(t, first)
			if diff := cmp.Diff(f, back, fileOpts); diff != "" {
				t.Errorf("Read(Write(f)) differs from f (-want +got):\n%s", diff)
			}
			if second := mustWrite(t, back); !bytes.Equal(first, second) {
				t.Errorf("Write(Read(Write(f))) differs from Write(f):\n%q\n%q", second, first)
			}
		})
	}
}

// TestWriteHeader pins the exact bytes of a small file.
func TestWriteHeader(t *testing.T) {
	f := &File{
		Metadata: map[string]string{"z": "1", "a": "2"},
		Tensors: []Tensor{
			{Name: "w", Shape: []int{2}, Data: []float32{1, 2}},
			{Name: "s", Shape: []int{}, Data: []float64{-0.5}},
		},
	}
	header := `{"__metadata__":{"a":"2","z":"1"},"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"s":{"dtype":"F64","shape":[],"data_offsets":[8,16]}}`
	header += strings.Repeat(" ", (8-len(header)%8)%8)
	data := []byte{0, 0, 0x80, 0x3f, 0, 0, 0, 0x40}
	data = append(data, f64Bytes(-0.5)...)
	if got, want := mustWrite(t, f), rawFile(header, data); !bytes.Equal(got, want) {
		t.Errorf("Write:\n got %q\nwant %q", got, want)
	}
}

func TestWriteInvalid(t *testing.T) {
	tests := []struct {
		name    string
		file    *File
		wantErr string
	}{
		{"nil file", nil, "nil *File"},
		{"duplicate name", &File{Tensors: []Tensor{
			{Name: "a", Shape: []int{1}, Data: []float64{1}},
			{Name: "a", Shape: []int{1}, Data: []float64{1}},
		}}, `tensor "a": duplicate name`},
		{"reserved name", &File{Tensors: []Tensor{{Name: "__metadata__", Shape: []int{1}, Data: []float64{1}}}}, "reserved"},
		{"shape too small", &File{Tensors: []Tensor{{Name: "a", Shape: []int{2}, Data: []float64{1, 2, 3}}}}, `tensor "a": shape [2] needs 2 elements, Data has 3`},
		{"shape too large", &File{Tensors: []Tensor{{Name: "a", Shape: []int{2, 2}, Data: []float32{1, 2, 3}}}}, "needs 4 elements, Data has 3"},
		{"scalar without data", &File{Tensors: []Tensor{{Name: "a", Data: []float64{}}}}, "needs 1 elements, Data has 0"},
		{"negative dim", &File{Tensors: []Tensor{{Name: "a", Shape: []int{-1}, Data: []float64{}}}}, "invalid shape [-1]"},
		{"overflowing shape", &File{Tensors: []Tensor{{Name: "a", Shape: []int{1 << 40, 1 << 40}, Data: []float64{}}}}, "invalid shape"},
		{"rank 65", &File{Tensors: []Tensor{{Name: "a", Shape: slices.Repeat([]int{1}, 65), Data: []float64{1}}}}, "65 dimensions"},
		{"int data", &File{Tensors: []Tensor{{Name: "a", Shape: []int{1}, Data: []int{1}}}}, "unsupported data type []int"},
		{"nil data", &File{Tensors: []Tensor{{Name: "a", Shape: []int{0}}}}, "unsupported data type <nil>"},
		{"bad UTF-8 name", &File{Tensors: []Tensor{{Name: "a\xff", Shape: []int{1}, Data: []float64{1}}}}, "not valid UTF-8"},
		{"bad UTF-8 metadata", &File{Metadata: map[string]string{"k": "\xc3"}}, "not valid UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			err := Write(&buf, tt.file)
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) || !strings.HasPrefix(err.Error(), "safetensors: ") {
				t.Fatalf("Write error = %v, want one containing %q", err, tt.wantErr)
			}
			if buf.Len() != 0 {
				t.Errorf("Write wrote %d bytes of an invalid file", buf.Len())
			}
		})
	}
}

func TestWriteFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "model.safetensors")
	f := roundTripFiles["mixed"]
	if err := WriteFile(path, f); err != nil {
		t.Fatal(err)
	}
	back, err := ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(f, back, fileOpts); diff != "" {
		t.Errorf("ReadFile(WriteFile(f)) differs (-want +got):\n%s", diff)
	}
	before, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}

	bad := &File{Tensors: []Tensor{{Name: "a", Shape: []int{2}, Data: []float64{1}}}}
	if err := WriteFile(path, bad); err == nil {
		t.Fatal("WriteFile of an invalid File succeeded")
	}
	after, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(before, after) {
		t.Error("WriteFile of an invalid File changed the existing file")
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 {
		t.Errorf("directory holds %d entries after WriteFile, want 1 (temporary file left behind?)", len(entries))
	}
	if err := WriteFile(filepath.Join(dir, "missing", "x.safetensors"), f); err == nil {
		t.Error("WriteFile into a missing directory succeeded")
	}
}

func TestGet(t *testing.T) {
	f := roundTripFiles["mixed"]
	got, ok := f.Get("b")
	if !ok || got.Name != "b" || got.DType() != F32 {
		t.Errorf(`Get("b") = %v, %t`, got, ok)
	}
	if _, ok := f.Get("nope"); ok {
		t.Error(`Get("nope") found a tensor`)
	}
	if d := (Tensor{Data: []int{1}}).DType(); d != "" {
		t.Errorf("DType of []int data = %q, want empty", d)
	}
}

// failingWriter fails every write.
type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestWriteError(t *testing.T) {
	err := Write(failingWriter{}, roundTripFiles["mixed"])
	if err == nil || err.Error() != "safetensors: disk full" {
		t.Errorf("Write to a failing writer: error %v, want safetensors: disk full", err)
	}
}

func TestReadFileErrors(t *testing.T) {
	dir := t.TempDir()
	if _, err := ReadFile(filepath.Join(dir, "missing.safetensors")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("ReadFile of a missing file: error %v does not wrap fs.ErrNotExist", err)
	}
	path := filepath.Join(dir, "short.safetensors")
	if err := os.WriteFile(path, []byte{1, 2}, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := ReadFile(path); err == nil || !strings.HasPrefix(err.Error(), "safetensors: "+path+": ") {
		t.Errorf("ReadFile of a short file: error %v does not name the file", err)
	}
}
