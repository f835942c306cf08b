package dataset

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"os"
	"path/filepath"
	"testing"
)

// idxFile builds an IDX file: two zero bytes, the type code, the dimension
// count, the sizes as big-endian uint32, then data (which need not agree
// with the sizes: that is what the bad-input tests are about).
func idxFile(dtype byte, sizes []uint32, data []byte) []byte {
	b := []byte{0, 0, dtype, byte(len(sizes))}
	for _, s := range sizes {
		b = binary.BigEndian.AppendUint32(b, s)
	}
	return append(b, data...)
}

// gzipped returns data gzip-compressed.
func gzipped(t testing.TB, data []byte) []byte {
	t.Helper()
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	if _, err := w.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// readTestdata returns the content of testdata/name.
func readTestdata(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// mnistDirOrSkip returns the MNIST directory in the module cache, or skips
// the test if the module has not been downloaded.
func mnistDirOrSkip(t *testing.T) string {
	t.Helper()
	dir, err := MNISTDir()
	if err != nil {
		t.Skipf("MNIST not in the module cache (run `go mod download`): %v", err)
	}
	return dir
}

// skipIfHeavy skips a test that reads a whole real data set (tens of MB)
// under -short or the race detector.
func skipIfHeavy(t *testing.T) {
	t.Helper()
	if testing.Short() || raceEnabled {
		t.Skip("reads a whole data set: skipped with -short and -race")
	}
}
