package dataset

import (
	"bytes"
	"encoding/binary"
	"slices"
	"testing"
)

// FuzzIDX checks that ReadIDX never panics, that whatever it accepts is
// consistent with its header (data length the product of the shape, at most
// MaxIDXElements) and reads back the same after re-encoding, and that
// NewImages on it never panics either.
func FuzzIDX(f *testing.F) {
	for _, name := range []string{
		"t10k-first4-images-idx3-ubyte",
		"t10k-first4-images-idx3-ubyte.gz",
		"t10k-first4-labels-idx1-ubyte",
	} {
		f.Add(readTestdata(f, name))
	}
	f.Add(gzipped(f, readTestdata(f, "t10k-first4-labels-idx1-ubyte")))
	f.Add(idxFile(8, []uint32{2, 0, 3}, nil))
	for _, bad := range badIDX {
		f.Add(bad.data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		idx, err := ReadIDX(bytes.NewReader(data))
		if !parsed(t, idx, err) {
			return
		}
		n := 1
		for _, s := range idx.Shape {
			n *= s
		}
		if len(idx.Shape) < 1 || len(idx.Shape) > maxIDXDims || n != len(idx.Data) || n > MaxIDXElements {
			t.Fatalf("accepted shape %v with %d data bytes", idx.Shape, len(idx.Data))
		}
		encoded := []byte{0, 0, idxDTypeUint8, byte(len(idx.Shape))}
		for _, s := range idx.Shape {
			encoded = binary.BigEndian.AppendUint32(encoded, uint32(s))
		}
		encoded = append(encoded, idx.Data...)
		if data[0] != 0x1f && !bytes.Equal(encoded, data) {
			t.Fatalf("uncompressed input accepted, but its re-encoding differs")
		}
		back, err := ReadIDX(bytes.NewReader(encoded))
		if err != nil || !slices.Equal(back.Shape, idx.Shape) || !bytes.Equal(back.Data, idx.Data) {
			t.Fatalf("re-encoded file reads back as %v, %v", back, err)
		}
		// Pair the file with itself and with a label file of its first
		// dimension: whatever NewImages accepts must be consistent.
		pairs := []*IDX{idx}
		if idx.Shape[0] <= 1<<16 {
			pairs = append(pairs, &IDX{Shape: idx.Shape[:1], Data: make([]byte, idx.Shape[0])})
		}
		for _, lab := range pairs {
			im, err := NewImages(idx, lab, 10)
			if err != nil {
				continue
			}
			if im.Count*im.Height*im.Width != len(im.Pixels) || len(im.Labels) != im.Count {
				t.Fatalf("NewImages: %d×%d×%d images, %d pixels, %d labels", im.Count, im.Height, im.Width, len(im.Pixels), len(im.Labels))
			}
			split := NewSplit[float32](im, 0, im.Count)
			for _, v := range split.Images.Data() {
				if !(v >= 0 && v <= 1) {
					t.Fatalf("pixel %v outside [0, 1]", v)
				}
			}
		}
	})
}

// FuzzDigitsCSV checks that ReadDigitsCSV never panics and that whatever it
// accepts has 64 pixels in 0..16 and a label in 0..9 per row.
func FuzzDigitsCSV(f *testing.F) {
	first5 := readTestdata(f, "digits-first5.csv")
	f.Add(first5)
	f.Add(gzipped(f, first5))
	f.Add(bytes.ReplaceAll(first5, []byte(","), []byte(".0, ")))
	for _, bad := range badDigits {
		if len(bad.data) < 1000 {
			f.Add([]byte(bad.data))
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		im, err := ReadDigitsCSV(bytes.NewReader(data))
		if !parsed(t, im, err) {
			return
		}
		if im.Count < 1 || im.Height != 8 || im.Width != 8 || im.Max != 16 || im.Classes != 10 ||
			len(im.Pixels) != 64*im.Count || len(im.Labels) != im.Count {
			t.Fatalf("accepted %d %d×%d images with %d pixels, %d labels", im.Count, im.Height, im.Width, len(im.Pixels), len(im.Labels))
		}
		if slices.Max(im.Pixels) > 16 || slices.Min(im.Labels) < 0 || slices.Max(im.Labels) > 9 {
			t.Fatalf("accepted pixels up to %d, labels %d..%d", slices.Max(im.Pixels), slices.Min(im.Labels), slices.Max(im.Labels))
		}
		split := NewSplit[float64](im, 0, im.Count)
		for _, v := range split.Images.Data() {
			if !(v >= 0 && v <= 1) {
				t.Fatalf("pixel %v outside [0, 1]", v)
			}
		}
	})
}

// parsed reports whether a reader accepted its input, failing t if it
// returned both an error and a non-nil result.
func parsed[R any](t *testing.T, result *R, err error) bool {
	t.Helper()
	if err != nil && result != nil {
		t.Fatalf("error %v with a non-nil result", err)
	}
	return err == nil
}
