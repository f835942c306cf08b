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
	// The trajectories again, shortened to steps the harness runs.
	trajs, err := LoadTrajs(sharedDir)
	if err != nil {
		f.Fatal(err)
	}
	for _, c := range trajs {
		file := caseFile(c)
		file.Metadata["steps"] = "2"
		var buf bytes.Buffer
		if err := safetensors.Write(&buf, file); err != nil {
			f.Fatal(err)
		}
		f.Add(buf.Bytes())
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
	maxFuzzElems     = 512  // per tensor of an ops case
	maxFuzzTrajElems = 4096 // per tensor of a trajectory
	maxFuzzAttr      = 8
	maxFuzzSteps     = 3
)

func checkPrefix(t *testing.T, err error) {
	t.Helper()
	if !strings.HasPrefix(err.Error(), "torchref: ") {
		t.Fatalf("error %q does not start with \"torchref: \"", err)
	}
}

// boundedCost reports whether running c is cheap (see FuzzCase).
func boundedCost(c Case) bool {
	limit := maxFuzzElems
	if c.Op == "" {
		limit = maxFuzzTrajElems
	}
	for _, t := range c.Tensors {
		if len(t.Data) > limit {
			return false
		}
		for _, d := range t.Shape {
			if d > limit {
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

// FuzzOpMeta keeps the tensors of a shared ops case and fuzzes its
// metadata "op" and "attrs", which FuzzCase's byte mutations rarely reach
// intact: RunOp must return a result or an error starting "torchref: ",
// never panic. Seeded with every shared case's own op and attrs.
func FuzzOpMeta(f *testing.F) {
	cases, err := LoadOps(sharedDir)
	if err != nil || len(cases) == 0 {
		f.Fatalf("no shared ops cases: %v", err)
	}
	for i, c := range cases {
		f.Add(i, c.Op, c.Meta["attrs"])
	}
	f.Fuzz(func(t *testing.T, i int, op, attrs string) {
		base := cases[uint(i)%uint(len(cases))]
		file := caseFile(base)
		file.Metadata["op"] = op
		file.Metadata["attrs"] = attrs
		c, err := fromFile(base.Path, file)
		if err != nil {
			checkPrefix(t, err)
			return
		}
		if !boundedCost(c) || c.Op == "" {
			return
		}
		if _, err := RunOp(c); err != nil {
			checkPrefix(t, err)
		}
	})
}

// FuzzTrajMeta keeps the tensors of a shared trajectory and fuzzes its
// metadata "arch", "loss", "optim" and "steps": RunTraj must return a
// result or an error starting "torchref: ", never panic, and allocate only
// what the case's tensors back. Seeded with every shared trajectory.
func FuzzTrajMeta(f *testing.F) {
	cases, err := LoadTrajs(sharedDir)
	if err != nil || len(cases) == 0 {
		f.Fatalf("no shared trajectories: %v", err)
	}
	for i, c := range cases {
		f.Add(i, c.Meta["arch"], c.Meta["loss"], c.Meta["optim"], c.Meta["steps"])
		f.Add(i, c.Meta["arch"], c.Meta["loss"], c.Meta["optim"], "2") // short enough to run
	}
	f.Fuzz(func(t *testing.T, i int, arch, loss, opt, steps string) {
		base := cases[uint(i)%uint(len(cases))]
		file := caseFile(base)
		file.Metadata["arch"], file.Metadata["loss"], file.Metadata["optim"], file.Metadata["steps"] = arch, loss, opt, steps
		delete(file.Metadata, "op")
		c, err := fromFile(base.Path, file)
		if err != nil {
			checkPrefix(t, err)
			return
		}
		if !boundedCost(c) {
			return
		}
		if _, err := RunTraj(c); err != nil {
			checkPrefix(t, err)
		}
	})
}
