package torchref

import (
	"maps"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/deeptheory/deeptheory/tensor/safetensors"
)

// TestOps runs every ops case of every reference directory through package
// autograd: out and each gradK must match PyTorch to OpTolerance. A case that
// cannot be run (unknown op or attr, missing tensor) fails.
func TestOps(t *testing.T) {
	checkEveryDir(t, "op cases", LoadOps, func(c Case) error { return CheckOp(c, OpTolerance) })
}

// TestOpsCoverShared checks that every op the shared cases use is known, and
// that the shared directory has a case for every known op.
func TestOpsCoverShared(t *testing.T) {
	cases := loadAtLeast(t, "LoadOps", LoadOps, 1)
	seen := map[string]bool{}
	for _, c := range cases {
		seen[c.Op] = true
	}
	var untested []string
	for _, op := range Ops() {
		if !seen[op] {
			untested = append(untested, op)
		}
	}
	if len(untested) > 0 {
		t.Errorf("known ops without a shared case: %v", untested)
	}
}

func TestRelError(t *testing.T) {
	tests := []struct {
		got, want []float64
		err       float64
	}{
		{[]float64{1, 2}, []float64{1, 2}, 0},
		{[]float64{1, 2.5}, []float64{1, -2}, 4.5 / 2},
		{[]float64{1e-3 + 1e-12, 4}, []float64{1e-3, 4}, 1e-12 / 4}, // measured against the largest element
		{[]float64{0, 0}, []float64{0, 0}, 0},
		{[]float64{}, []float64{}, 0},
	}
	for _, tt := range tests {
		if got := RelError(tt.got, tt.want); math.Abs(got-tt.err) > 1e-6*tt.err {
			t.Errorf("RelError(%v, %v) = %g, want %g", tt.got, tt.want, got, tt.err)
		}
	}
	for _, bad := range [][2][]float64{
		{{math.NaN()}, {1}},
		{{1e-200}, {0}},
		{{1, 2}, {1}},
	} {
		if got := RelError(bad[0], bad[1]); got <= 1 {
			t.Errorf("RelError(%v, %v) = %g, want a failure", bad[0], bad[1], got)
		}
	}
}

// caseFile turns a case back into a safetensors file.
func caseFile(c Case) *safetensors.File {
	f := &safetensors.File{Metadata: map[string]string{}}
	for k, v := range c.Meta {
		f.Metadata[k] = v
	}
	for _, name := range slices.Sorted(maps.Keys(c.Tensors)) {
		tensor := c.Tensors[name]
		f.Tensors = append(f.Tensors, safetensors.Tensor{Name: name, Shape: tensor.Shape, Data: slices.Clone(tensor.Data)})
	}
	return f
}

// TestBadCasesFail writes deliberately wrong cases into a directory added
// through DEEPTHEORY_TORCHREF and checks that the runner reports each one.
func TestBadCasesFail(t *testing.T) {
	dir := t.TempDir()
	want := map[string]string{} // case name → expected error text

	// A wrong output, off by a relative 1e-8.
	c := loadShared(t, "exp")
	c.Tensors["out"].Data[3] *= 1 + 1e-8
	writeCase(t, dir, "wrong_out", caseFile(c))
	want["wrong_out"] = `op "exp": out (relative error`

	// A wrong gradient of one input.
	c = loadShared(t, "conv2d_stride_pad")
	c.Tensors["grad1"].Data[0] += 0.01
	writeCase(t, dir, "wrong_grad", caseFile(c))
	want["wrong_grad"] = `op "conv2d": grad1 (relative error`

	// An unknown op.
	c = loadShared(t, "exp")
	c.Meta["op"] = "frobnicate"
	writeCase(t, dir, "unknown_op", caseFile(c))
	want["unknown_op"] = `unknown op "frobnicate"`

	// An unknown attr.
	c = loadShared(t, "softmax_axis1")
	c.Meta["attrs"] = `{"axis": 1, "dtype": "float64"}`
	writeCase(t, dir, "unknown_attr", caseFile(c))
	want["unknown_attr"] = `op "softmax" does not take attr "dtype"`

	// A missing required attr.
	c = loadShared(t, "pow")
	c.Meta["attrs"] = `{}`
	writeCase(t, dir, "missing_attr", caseFile(c))
	want["missing_attr"] = `op "pow" needs attr "exponent"`

	// An unsupported reduction.
	c = loadShared(t, "mse_loss")
	c.Meta["attrs"] = `{"reduction": "sum"}`
	writeCase(t, dir, "bad_reduction", caseFile(c))
	want["bad_reduction"] = `reduction "sum" is not supported`

	// A shape that differs from the op's output.
	c = loadShared(t, "reshape")
	c.Meta["attrs"] = `{"shape": [8, 3]}`
	writeCase(t, dir, "wrong_shape", caseFile(c))
	want["wrong_shape"] = "out has shape [8 3], PyTorch's [3 8]"

	// An op that panics on its inputs: a label out of range.
	c = loadShared(t, "cross_entropy")
	c.Tensors["in1"].Data[0] = 99
	writeCase(t, dir, "bad_label", caseFile(c))
	want["bad_label"] = `op "cross_entropy" panicked: nn: CrossEntropy: label 99 of sample 0 out of range`

	// A stray tensor.
	c = loadShared(t, "exp")
	c.Tensors["grad7"] = c.Tensors["grad0"]
	writeCase(t, dir, "stray_tensor", caseFile(c))
	want["stray_tensor"] = `unexpected tensor "grad7"`

	t.Setenv(EnvVar, dir)
	dirs := Dirs(sharedDir)
	if len(dirs) != 2 || dirs[1] != dir {
		t.Fatalf("Dirs = %v, want the shared directory and %s", dirs, dir)
	}
	cases, err := LoadOps(dirs[1])
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) != len(want) {
		t.Fatalf("loaded %d cases, wrote %d", len(cases), len(want))
	}
	for _, c := range cases {
		err := CheckOp(c, OpTolerance)
		if err == nil || !strings.Contains(err.Error(), want[c.Name]) || !strings.Contains(err.Error(), c.Path) {
			t.Errorf("%s: CheckOp error %v, want one naming the file and containing %q", c.Name, err, want[c.Name])
		}
	}
}
