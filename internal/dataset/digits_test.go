package dataset

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/iotest"
)

// The first row of digits.csv.gz: a 0.
var digitsRow0 = []uint8{
	0, 0, 5, 13, 9, 1, 0, 0,
	0, 0, 13, 15, 10, 15, 5, 0,
	0, 3, 15, 2, 0, 11, 8, 0,
	0, 4, 12, 0, 0, 8, 8, 0,
	0, 5, 8, 0, 0, 9, 8, 0,
	0, 4, 11, 0, 1, 12, 7, 0,
	0, 2, 14, 5, 10, 12, 0, 0,
	0, 0, 6, 13, 10, 0, 0, 0,
}

// TestReadDigitsCSVReal reads the committed file (the one Load embeds) and
// checks what scikit-learn's documentation says of it: 1797 images, pixels
// in 0..16, each of the 10 classes about 180 times.
func TestReadDigitsCSVReal(t *testing.T) {
	path := filepath.Join("data", "digits.csv.gz")
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	im, err := ReadDigitsCSV(f)
	if err != nil {
		t.Fatal(err)
	}
	if im.Count != 1797 || im.Height != 8 || im.Width != 8 || im.Max != 16 || im.Classes != 10 {
		t.Fatalf("got %d %d×%d images, max %d, %d classes; want 1797 8×8, 16, 10", im.Count, im.Height, im.Width, im.Max, im.Classes)
	}
	if len(im.Pixels) != 1797*64 || len(im.Labels) != 1797 {
		t.Fatalf("%d pixels and %d labels", len(im.Pixels), len(im.Labels))
	}
	if !slices.Equal(im.Pixels[:64], digitsRow0) || im.Labels[0] != 0 {
		t.Errorf("first row %v label %d, want %v label 0", im.Pixels[:64], im.Labels[0], digitsRow0)
	}
	counts := make([]int, 10)
	for _, y := range im.Labels {
		counts[y]++
	}
	for class, n := range counts {
		if n < 170 || n > 190 {
			t.Errorf("class %d: %d images, want about 180", class, n)
		}
	}
	if slices.Max(im.Pixels) != 16 {
		t.Errorf("largest pixel %d, want 16", slices.Max(im.Pixels))
	}
	if !bytes.Equal(mustReadFile(t, path), digitsCSV) {
		t.Errorf("the embedded copy differs from %s", path)
	}
}

func mustReadFile(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestReadDigitsCSVForms checks that plain and gzip input, CRLF line ends,
// "7.0" for 7 and one-byte reads all give the same images.
func TestReadDigitsCSVForms(t *testing.T) {
	plain := readTestdata(t, "digits-first5.csv")
	want, err := ReadDigitsCSV(bytes.NewReader(plain))
	if err != nil {
		t.Fatal(err)
	}
	if want.Count != 5 || !slices.Equal(want.Pixels[:64], digitsRow0) || !slices.Equal(want.Labels, []int{0, 1, 2, 3, 4}) {
		t.Fatalf("got %d rows, labels %v", want.Count, want.Labels)
	}
	for name, data := range map[string][]byte{
		"gzip":        gzipped(t, plain),
		"CRLF":        bytes.ReplaceAll(plain, []byte("\n"), []byte("\r\n")),
		"no final LF": bytes.TrimSuffix(plain, []byte("\n")),
		"floats":      bytes.ReplaceAll(plain, []byte(","), []byte(".0,")),
		"spaces":      bytes.ReplaceAll(plain, []byte(","), []byte(" , ")),
	} {
		for _, oneByte := range []bool{false, true} {
			var r io.Reader = bytes.NewReader(data)
			if oneByte {
				r = iotest.OneByteReader(r)
			}
			got, err := ReadDigitsCSV(r)
			if err != nil {
				t.Errorf("%s (one-byte reads %v): %v", name, oneByte, err)
				continue
			}
			if got.Count != want.Count || !slices.Equal(got.Pixels, want.Pixels) || !slices.Equal(got.Labels, want.Labels) {
				t.Errorf("%s (one-byte reads %v): different images", name, oneByte)
			}
		}
	}
}

// digitsRow returns a valid CSV row with pixel values 0, 3, 16, 7 cycling and the
// given label text.
func digitsRow(label string) string {
	var b strings.Builder
	for i := range 64 {
		b.WriteString([]string{"0", "3", "16", "7"}[i%4])
		b.WriteByte(',')
	}
	return b.String() + label + "\n"
}

// withField returns digitsRow("5") with field col (from 0) replaced.
func withField(col int, value string) string {
	fields := strings.Split(strings.TrimSuffix(digitsRow("5"), "\n"), ",")
	fields[col] = value
	return strings.Join(fields, ",") + "\n"
}

// badDigits lists malformed digits CSV inputs with a piece of the error
// each must give. The fuzz target starts from them too.
var badDigits = []struct {
	name, data, want string
}{
	{"empty", "", "no rows"},
	{"too few columns", digitsRow("5") + "1,2,3\n", "line 2: 3 columns; want 65 (64 pixels, then the label)"},
	{"too many columns", strings.TrimSuffix(digitsRow("5"), "\n") + ",0\n", "line 1: 66 columns; want 65"},
	{"blank line", digitsRow("5") + "\n" + digitsRow("6"), "line 2: empty"},
	{"NaN pixel", withField(10, "NaN"), "line 1, column 11 (pixel row 1, column 2): NaN"},
	{"NaN label", digitsRow("nan"), "line 1, column 65 (label): NaN"},
	{"infinite pixel", withField(0, "+Inf"), `line 1, column 1 (pixel row 0, column 0): "+Inf" is infinite`},
	{"pixel 17", withField(63, "17"), `line 1, column 64 (pixel row 7, column 7): "17" not in 0..16`},
	{"negative pixel", withField(5, "-1"), `column 6 (pixel row 0, column 5): "-1" not in 0..16`},
	{"fractional pixel", withField(5, "2.5"), `"2.5" is not an integer`},
	{"label 10", digitsRow("10"), `line 1, column 65 (label): "10" not in 0..9`},
	{"negative label", digitsRow("-3"), `"-3" not in 0..9`},
	{"word", withField(2, "seven"), `column 3 (pixel row 0, column 2): "seven" is not a number`},
	{"empty field", withField(2, " "), "column 3 (pixel row 0, column 2): empty"},
	{"header row", "pixel_0_0" + strings.Repeat(",p", 63) + ",target\n", `line 1, column 1 (pixel row 0, column 0): "pixel_0_0" is not a number`},
	{"very long line", strings.Repeat("0", 5000) + "\n", "line 1: longer than 4096 bytes"},
	{"bad gzip header", "\x1f\x8b\x09\x00garbage", "gzip header: gzip: invalid header"},
	{"bad gzip data", "\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xffgarbage", "after line 0: flate: corrupt input"},
}

func TestReadDigitsCSVBad(t *testing.T) {
	for _, tc := range badDigits {
		_, err := ReadDigitsCSV(strings.NewReader(tc.data))
		if err == nil {
			t.Errorf("%s: accepted", tc.name)
			continue
		}
		if !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "dataset: digits CSV: ") {
			t.Errorf("%s: error %q\nwant it to start with %q and contain %q", tc.name, err, "dataset: digits CSV: ", tc.want)
		}
		t.Logf("%s: %v", tc.name, err)
	}
}

func TestReadDigitsCSVBadGzip(t *testing.T) {
	good := gzipped(t, readTestdata(t, "digits-first5.csv"))
	for _, tc := range []struct {
		name string
		data []byte
		want string
	}{
		{"cut gzip", good[:len(good)-12], "truncated: the compressed stream is cut short after line 5"},
		{"garbage after gzip", append(slices.Clone(good), "more"...), "trailing bytes after the end of the gzip stream"},
	} {
		_, err := ReadDigitsCSV(bytes.NewReader(tc.data))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want it to contain %q", tc.name, err, tc.want)
		}
		t.Logf("%s: %v", tc.name, err)
	}
}

func TestReadDigitsCSVTooManyRows(t *testing.T) {
	row := digitsRow("1")
	data := strings.Repeat(row, maxDigitsRows+1)
	_, err := ReadDigitsCSV(strings.NewReader(data))
	if err == nil || !strings.Contains(err.Error(), "line 65537: more than 65536 rows") {
		t.Errorf("error %v, want one about line 65537", err)
	}
}

func TestReadDigitsCSVFailingReader(t *testing.T) {
	boom := errors.New("disk on fire")
	_, err := ReadDigitsCSV(io.MultiReader(strings.NewReader(digitsRow("1")), iotest.ErrReader(boom)))
	if !errors.Is(err, boom) {
		t.Errorf("error %v, want one wrapping %v", err, boom)
	}
}
