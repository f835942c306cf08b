package torchref

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/deeptheory/deeptheory/tensor/safetensors"
)

// FuzzCase reads arbitrary bytes as a reference case and runs it: the
// reader (fromFile, what Load does after safetensors.ReadFile), then RunOp
// for an ops case or RunTraj for a trajectory. Nothing may panic past
// RunOp's and ReproduceTraj's own recovery, hang, or exhaust memory, and
// every error starts "torchref: ". Seeded with every shared case.
//
// The harness runs only cases of bounded cost: tensors of at most
// maxFuzzElems elements, integer attrs of magnitude at most maxFuzzAttr,
// at most maxFuzzSteps steps. A case that asks for a large computation is
// valid, merely slow; the fuzzing is of the checks, not of the arithmetic.
func FuzzCase(f *testing.F) {
	for _, sub := range []string{"ops", "traj"} {
		paths, err := filepath.Glob(filepath.Join(sharedDir, sub, "*.safetensors"))
		if err != nil || len(paths) == 0 {
			f.Fatalf("no seed files in %s/%s: %v", sharedDir, sub, err)
		}
		for _, path := range paths {
			data, err := os.ReadFile(path)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(data)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := safetensors.Read(bytes.NewReader(data))
		if err != nil {
			return // safetensors.FuzzRead fuzzes the container
		}
		c, err := fromFile("fuzz.safetensors", file)
		if err != nil {
			checkPrefix(t, err)
			return
		}
		if !boundedCost(c) {
			return
		}
		if c.Op != "" {
			_, err = RunOp(c)
		} else {
			_, err = RunTraj(c)
		}
		if err != nil {
			checkPrefix(t, err)
		}
	})
}

const (
	maxFuzzElems = 512
	maxFuzzAttr  = 8
	maxFuzzSteps = 3
)

func checkPrefix(t *testing.T, err error) {
	t.Helper()
	if !strings.HasPrefix(err.Error(), "torchref: ") {
		t.Fatalf("error %q does not start with \"torchref: \"", err)
	}
}

// boundedCost reports whether running c is cheap (see FuzzCase).
func boundedCost(c Case) bool {
	for _, t := range c.Tensors {
		if len(t.Data) > maxFuzzElems {
			return false
		}
		for _, d := range t.Shape {
			if d > maxFuzzElems {
				return false
			}
		}
	}
	if c.Op == "" {
		steps, err := strconv.Atoi(c.Meta["steps"])
		return err != nil || steps <= maxFuzzSteps
	}
	for _, raw := range c.Attrs {
		if !smallNumbers(raw) {
			return false
		}
	}
	return true
}

// smallNumbers reports whether every number in the JSON value raw has
// magnitude at most maxFuzzAttr (true for invalid JSON: the op rejects it).
func smallNumbers(raw json.RawMessage) bool {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if dec.Decode(&v) != nil {
		return true
	}
	var walk func(v any) bool
	walk = func(v any) bool {
		switch v := v.(type) {
		case json.Number:
			x, err := v.Float64()
			return err == nil && x >= -maxFuzzAttr && x <= maxFuzzAttr
		case []any:
			for _, e := range v {
				if !walk(e) {
					return false
				}
			}
		case map[string]any:
			for _, e := range v {
				if !walk(e) {
					return false
				}
			}
		}
		return true
	}
	return walk(v)
}
