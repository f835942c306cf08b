// Package torchref loads the reference cases computed by PyTorch (see
// testdata/torchref/README.md): safetensors files whose tensors are all F64
// and whose "__metadata__" describes an op (ops/) or a training run (traj/).
//
// Only F64 tensors are accepted: a case with an F32 tensor is rejected with
// an error, since the cases are meant to be compared at float64 precision
// and a float32 value would silently weaken the comparison.
package torchref

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/deeptheory/deeptheory/tensor/safetensors"
)

// EnvVar names the environment variable that lists extra directories of
// reference cases, separated as in PATH (filepath.SplitList).
const EnvVar = "DEEPTHEORY_TORCHREF"

// ext is the file extension of reference cases.
const ext = ".safetensors"

// Case is one reference file.
type Case struct {
	// Path is the file's path, for messages.
	Path string
	// Name is the file name without its extension.
	Name string
	// Op is the metadata "op" of an ops case; empty for trajectories.
	Op string
	// Attrs is the metadata "attrs", a JSON object, decoded one level
	// deep; empty (not nil) if absent.
	Attrs map[string]json.RawMessage
	// Meta is the whole "__metadata__"; empty (not nil) if absent.
	Meta map[string]string
	// Tensors maps each tensor's name to its value.
	Tensors map[string]Tensor64
}

// Tensor64 is a float64 tensor: row-major Data whose length is the product of Shape.
type Tensor64 struct {
	// Shape lists the dimensions; empty for a scalar.
	Shape []int
	// Data holds the elements in row-major order.
	Data []float64
}

// Dirs returns the directories to search for reference cases: defaultDir
// first (unless empty), then every non-empty entry of $DEEPTHEORY_TORCHREF
// in order.
func Dirs(defaultDir string) []string {
	var dirs []string
	if defaultDir != "" {
		dirs = append(dirs, defaultDir)
	}
	for _, dir := range filepath.SplitList(os.Getenv(EnvVar)) {
		if dir != "" {
			dirs = append(dirs, dir)
		}
	}
	return dirs
}

// LoadOps loads every dir/ops/*.safetensors, sorted by name. A dir without
// an ops subdirectory gives no cases and no error; a file that fails to
// load, or that has no "op" in its metadata, is an error.
func LoadOps(dir string) ([]Case, error) {
	cases, err := loadDir(filepath.Join(dir, "ops"))
	if err != nil {
		return nil, err
	}
	for _, c := range cases {
		if c.Op == "" {
			return nil, fmt.Errorf("torchref: %s: no \"op\" in __metadata__", c.Path)
		}
	}
	return cases, nil
}

// LoadTrajs loads every dir/traj/*.safetensors, sorted by name. A dir
// without a traj subdirectory gives no cases and no error; a file that fails
// to load is an error.
func LoadTrajs(dir string) ([]Case, error) {
	return loadDir(filepath.Join(dir, "traj"))
}

// loadDir loads every *.safetensors file directly in dir, in name order.
func loadDir(dir string) ([]Case, error) {
	entries, err := os.ReadDir(dir) // sorted by file name
	if errors.Is(err, fs.ErrNotExist) {
		return []Case{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("torchref: %w", err)
	}
	cases := []Case{}
	for _, entry := range entries {
		if entry.IsDir() || !strings.HasSuffix(entry.Name(), ext) {
			continue
		}
		c, err := Load(filepath.Join(dir, entry.Name()))
		if err != nil {
			return nil, err
		}
		cases = append(cases, c)
	}
	return cases, nil
}

// Load reads one reference case. Every tensor must be F64, and the
// metadata "attrs", if present, must be a JSON object.
func Load(path string) (Case, error) {
	file, err := safetensors.ReadFile(path)
	if err != nil {
		return Case{}, fmt.Errorf("torchref: %w", err)
	}
	return fromFile(path, file)
}

// fromFile makes the case of a safetensors file read from path.
func fromFile(path string, file *safetensors.File) (Case, error) {
	c := Case{
		Path:    path,
		Name:    strings.TrimSuffix(filepath.Base(path), filepath.Ext(path)),
		Meta:    file.Metadata,
		Attrs:   map[string]json.RawMessage{},
		Tensors: make(map[string]Tensor64, len(file.Tensors)),
	}
	if c.Meta == nil {
		c.Meta = map[string]string{}
	}
	c.Op = c.Meta["op"]
	if attrs, ok := c.Meta["attrs"]; ok {
		if err := json.Unmarshal([]byte(attrs), &c.Attrs); err != nil || c.Attrs == nil {
			return Case{}, fmt.Errorf("torchref: %s: attrs %q is not a JSON object", path, attrs)
		}
	}
	for _, t := range file.Tensors {
		data, ok := t.Data.([]float64)
		if !ok {
			return Case{}, fmt.Errorf("torchref: %s: tensor %q is %s, reference cases must be F64", path, t.Name, t.DType())
		}
		c.Tensors[t.Name] = Tensor64{Shape: t.Shape, Data: data}
	}
	return c, nil
}
