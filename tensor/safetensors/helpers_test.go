package safetensors

import (
	"bytes"
	"encoding/binary"
	"math"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

// rawFile assembles a safetensors file from a header text and data bytes,
// without any checking, for tests of bad input.
func rawFile(header string, data []byte) []byte {
	out := binary.LittleEndian.AppendUint64(nil, uint64(len(header)))
	out = append(out, header...)
	return append(out, data...)
}

// f64Bytes encodes values as little-endian float64s.
func f64Bytes(values ...float64) []byte {
	var out []byte
	for _, v := range values {
		out = binary.LittleEndian.AppendUint64(out, math.Float64bits(v))
	}
	return out
}

// fileOpts compares Files: nil and empty slices and maps are equal, and NaN equals NaN.
var fileOpts = cmp.Options{cmpopts.EquateEmpty(), cmpopts.EquateNaNs()}

// mustWrite returns Write(f) or fails the test.
func mustWrite(t testing.TB, f *File) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, f); err != nil {
		t.Fatalf("Write: %v", err)
	}
	return buf.Bytes()
}

// mustRead returns Read(data) or fails the test.
func mustRead(t testing.TB, data []byte) *File {
	t.Helper()
	f, err := Read(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	return f
}
