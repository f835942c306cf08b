package dataset

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"testing/iotest"
)

func TestReadIDXRealFiles(t *testing.T) {
	raw := readTestdata(t, "t10k-first4-images-idx3-ubyte")
	for _, name := range []string{"t10k-first4-images-idx3-ubyte", "t10k-first4-images-idx3-ubyte.gz"} {
		idx, err := ReadIDXFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !slices.Equal(idx.Shape, []int{4, 28, 28}) {
			t.Errorf("%s: shape %v, want [4 28 28]", name, idx.Shape)
		}
		if !bytes.Equal(idx.Data, raw[16:]) {
			t.Errorf("%s: data differs from the bytes after the 16-byte header", name)
		}
	}
	labels, err := ReadIDXFile(filepath.Join("testdata", "t10k-first4-labels-idx1-ubyte"))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(labels.Shape, []int{4}) || !bytes.Equal(labels.Data, []byte{7, 2, 1, 0}) {
		t.Errorf("labels: shape %v data %v, want [4] [7 2 1 0]", labels.Shape, labels.Data)
	}
}

// TestReadIDXOneByteReads checks the reader does not depend on how the
// stream is cut into reads.
func TestReadIDXOneByteReads(t *testing.T) {
	for _, name := range []string{"t10k-first4-images-idx3-ubyte", "t10k-first4-images-idx3-ubyte.gz"} {
		data := readTestdata(t, name)
		want, err := ReadIDX(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		got, err := ReadIDX(iotest.OneByteReader(bytes.NewReader(data)))
		if err != nil {
			t.Fatalf("%s, one byte per read: %v", name, err)
		}
		if !slices.Equal(got.Shape, want.Shape) || !bytes.Equal(got.Data, want.Data) {
			t.Errorf("%s: one byte per read gives a different result", name)
		}
	}
}

// TestReadIDXMNIST reads the four real MNIST files from the module cache.
func TestReadIDXMNIST(t *testing.T) {
	skipIfHeavy(t)
	dir := mnistDirOrSkip(t)
	for name, shape := range map[string][]int{
		"train-images-idx3-ubyte.gz": {60000, 28, 28},
		"train-labels-idx1-ubyte.gz": {60000},
		"t10k-images-idx3-ubyte.gz":  {10000, 28, 28},
		"t10k-labels-idx1-ubyte.gz":  {10000},
	} {
		idx, err := ReadIDXFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(idx.Shape, shape) {
			t.Errorf("%s: shape %v, want %v", name, idx.Shape, shape)
		}
	}
}

// badIDX lists malformed IDX inputs with a piece of the error each must
// give. The fuzz target starts from them too.
var badIDX = []struct {
	name string
	data []byte
	want string
}{
	{"empty", nil, "truncated: offset 0: the 4-byte magic number is cut short after 0 bytes"},
	{"short magic", []byte{0, 0, 8}, "truncated: offset 3: the 4-byte magic number is cut short after 3 bytes"},
	{"wrong magic", []byte("PK\x03\x04rest"), "offset 0: magic 50 4b 03 04 does not start with two zero bytes: not an IDX file"},
	{"float32 dtype", idxFile(0x0d, []uint32{1}, []byte{0, 0, 0, 0}), "offset 2: data type 0x0d (float32) is not supported; want 0x08 (unsigned byte)"},
	{"unknown dtype", idxFile(0x42, []uint32{1}, []byte{0}), "offset 2: data type 0x42 (not an IDX type) is not supported"},
	{"zero dimensions", idxFile(8, nil, nil), "offset 3: 0 dimensions; want 1 to 8"},
	{"too many dimensions", idxFile(8, make([]uint32, 9), nil), "offset 3: 9 dimensions; want 1 to 8"},
	{"short sizes", idxFile(8, []uint32{2, 3, 4}, nil)[:10], "truncated: offset 10: the header of 3 dimension sizes is cut short after 6 bytes"},
	{"huge dims", idxFile(8, []uint32{1 << 31, 1 << 31, 1 << 31}, nil), "offset 4: size 2147483648 of dimension 0 is more than the 268435456 elements ReadIDX accepts"},
	{"product over the cap", idxFile(8, []uint32{60000, 28, 28, 28}, nil), "offset 4: shape [60000 28 28 28]: more than the 268435456 elements ReadIDX accepts"},
	{"one dim over the cap", idxFile(8, []uint32{3, 1<<28 + 1}, nil), "offset 8: size 268435457 of dimension 1 is more than the 268435456 elements"},
	{"absurd dim of an empty array", idxFile(8, []uint32{0, 1<<32 - 1}, nil), "offset 8: size 4294967295 of dimension 1 is more than the 268435456 elements"},
	{"lying header", idxFile(8, []uint32{100, 2, 2}, make([]byte, 10)), "truncated: offset 26: data cut short, in record 2 of 100: shape [100 2 2] needs 400 bytes after the 16-byte header, the stream has 10"},
	{"truncated labels", idxFile(8, []uint32{10}, []byte{1, 2, 3}), "truncated: offset 11: data cut short, in record 3 of 10: shape [10] needs 10 bytes after the 8-byte header, the stream has 3"},
	{"trailing garbage", append(idxFile(8, []uint32{2}, []byte{1, 2}), "junk"...), "offset 10: trailing data after the 2 bytes that shape [2] needs"},
	{"bad gzip header", []byte{0x1f, 0x8b, 0, 0}, "gzip header: unexpected EOF"},
}

func TestReadIDXBad(t *testing.T) {
	for _, tc := range badIDX {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ReadIDX(bytes.NewReader(tc.data))
			if err == nil {
				t.Fatal("accepted")
			}
			if !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "dataset: IDX: ") {
				t.Errorf("error %q\nwant it to start with %q and contain %q", err, "dataset: IDX: ", tc.want)
			}
			t.Logf("%s: %v", tc.name, err)
		})
	}
}

// TestReadIDXBadGzip checks what can go wrong inside a gzip stream: a cut,
// a corrupted checksum, and garbage after the compressed stream.
func TestReadIDXBadGzip(t *testing.T) {
	good := readTestdata(t, "t10k-first4-images-idx3-ubyte.gz")
	badCRC := slices.Clone(good)
	badCRC[len(badCRC)-6] ^= 0xff // the CRC-32 is in the 8-byte trailer
	for _, tc := range []struct {
		name string
		data []byte
		want string
	}{
		{"cut gzip", good[:len(good)/2], "truncated: offset "},
		{"cut gzip trailer", good[:len(good)-4], "truncated: offset 3152: the compressed stream ends before its trailer"},
		{"gzip checksum", badCRC, "offset 3152: after the data: gzip: invalid checksum"},
		{"garbage after gzip", append(slices.Clone(good), "garbage!"...), "trailing bytes after the end of the gzip stream"},
		{"second gzip member", append(slices.Clone(good), good...), "trailing bytes after the end of the gzip stream"},
		{"gzip of a truncated file", gzipped(t, readTestdata(t, "t10k-first4-images-idx3-ubyte")[:1000]), "truncated: offset 1000: data cut short, in record 1 of 4"},
	} {
		_, err := ReadIDX(bytes.NewReader(tc.data))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want it to contain %q", tc.name, err, tc.want)
		}
		t.Logf("%s: %v", tc.name, err)
	}
}

// TestReadIDXFailingReader checks that a read error that is not the end of
// the stream is passed on, not reported as truncation.
func TestReadIDXFailingReader(t *testing.T) {
	boom := errors.New("disk on fire")
	data := idxFile(8, []uint32{4}, []byte{1, 2, 3, 4})
	_, err := ReadIDX(io.MultiReader(bytes.NewReader(data[:10]), iotest.ErrReader(boom)))
	if !errors.Is(err, boom) || strings.Contains(err.Error(), "truncated") {
		t.Errorf("error %v, want one wrapping %v and not calling it truncation", err, boom)
	}
}

func TestReadIDXFileNamesTheFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "bad-idx1-ubyte")
	if err := os.WriteFile(path, idxFile(8, []uint32{3}, []byte{1}), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := ReadIDXFile(path)
	if err == nil || !strings.HasPrefix(err.Error(), "dataset: "+path+": truncated: offset 9") {
		t.Errorf("error %v, want it to name %s and offset 9", err, path)
	}
	_, err = ReadIDXFile(filepath.Join(t.TempDir(), "missing"))
	if !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: error %v, want one wrapping os.ErrNotExist", err)
	}
}

// TestReadIDXHugeHeaderAllocatesLittle checks that a header claiming 2^40
// elements is refused before anything is allocated, and that one claiming
// the largest accepted size (2^28) over a stream of a few bytes costs memory
// in proportion to the stream, not to the header.
func TestReadIDXHugeHeaderAllocatesLittle(t *testing.T) {
	for _, tc := range []struct {
		sizes []uint32
		want  string
	}{
		{[]uint32{1 << 20, 1 << 20}, "shape [1048576 1048576]: more than the 268435456 elements"},
		{[]uint32{1 << 14, 1 << 14}, "truncated"},
	} {
		data := idxFile(8, tc.sizes, make([]byte, 100))
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		_, err := ReadIDX(bytes.NewReader(data))
		runtime.ReadMemStats(&after)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Fatalf("sizes %v: error %v, want %q", tc.sizes, err, tc.want)
		}
		if allocated := after.TotalAlloc - before.TotalAlloc; allocated > 1<<20 {
			t.Errorf("sizes %v: allocated %d bytes for a %d-byte stream", tc.sizes, allocated, len(data))
		}
	}
}

func TestNewImages(t *testing.T) {
	images, err := ReadIDX(bytes.NewReader(readTestdata(t, "t10k-first4-images-idx3-ubyte")))
	if err != nil {
		t.Fatal(err)
	}
	labels, err := ReadIDX(bytes.NewReader(readTestdata(t, "t10k-first4-labels-idx1-ubyte")))
	if err != nil {
		t.Fatal(err)
	}
	im, err := NewImages(images, labels, 10)
	if err != nil {
		t.Fatal(err)
	}
	if im.Count != 4 || im.Height != 28 || im.Width != 28 || im.Max != 255 || !slices.Equal(im.Labels, []int{7, 2, 1, 0}) {
		t.Errorf("got %d %d×%d images, max %d, labels %v", im.Count, im.Height, im.Width, im.Max, im.Labels)
	}

	for _, tc := range []struct {
		name           string
		images, labels *IDX
		classes        int
		want           string
	}{
		{"label out of range", images, &IDX{Shape: []int{4}, Data: []byte{7, 2, 12, 0}}, 10,
			"dataset: labels record 2 (offset 10): label 12 not in 0..9"},
		{"label out of a smaller class count", images, labels, 5, "labels record 0 (offset 8): label 7 not in 0..4"},
		{"count mismatch", images, &IDX{Shape: []int{3}, Data: []byte{7, 2, 1}}, 10, "dataset: 4 images but 3 labels"},
		{"labels of rank 2", images, &IDX{Shape: []int{4, 1}, Data: []byte{7, 2, 1, 0}}, 10, "labels have shape [4 1]; want [count]"},
		{"images of rank 1", labels, labels, 10, "images have shape [4]; want [count height width]"},
		{"images of width 0", &IDX{Shape: []int{4, 28, 0}}, labels, 10, "images have shape [4 28 0]"},
		{"no classes", images, labels, 0, "0 classes; want 1 to 256"},
	} {
		_, err := NewImages(tc.images, tc.labels, tc.classes)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want it to contain %q", tc.name, err, tc.want)
		}
		t.Logf("%s: %v", tc.name, err)
	}
}
