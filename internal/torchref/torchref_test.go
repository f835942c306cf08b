package torchref

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/deeptheory/deeptheory/tensor/safetensors"
	"github.com/google/go-cmp/cmp"
)

// sharedDir holds the reference cases committed with the project.
const sharedDir = "../../testdata/torchref"

// numElements is the product of shape.
func numElements(shape []int) int {
	n := 1
	for _, d := range shape {
		n *= d
	}
	return n
}

// checkTensors fails the test if a tensor's data does not match its shape.
func checkTensors(t *testing.T, c Case) {
	t.Helper()
	for name, tensor := range c.Tensors {
		if n := numElements(tensor.Shape); n != len(tensor.Data) {
			t.Errorf("%s: tensor %q has shape %v but %d elements", c.Name, name, tensor.Shape, len(tensor.Data))
		}
	}
}

// attrKinds says which helper reads each attr found in the shared cases;
// an attr not listed here fails TestLoadOps, so new attrs get a helper.
var attrKinds = map[string]string{
	"axis":      "int",
	"keepdim":   "bool",
	"stride":    "ints",
	"padding":   "ints",
	"kernel":    "ints",
	"shape":     "ints",
	"exponent":  "float",
	"reduction": "string",
	"dims":      "ints",
	"start":     "int",
	"stop":      "int",
	"eps":       "float",
}

// loadShared loads the shared op case name, failing t if it cannot.
func loadShared(t *testing.T, name string) Case {
	t.Helper()
	c, err := Load(filepath.Join(sharedDir, "ops", name+".safetensors"))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// checkEveryDir loads the cases of every reference directory with load and
// runs check on each: an error loading or checking fails t.
func checkEveryDir[C any](t *testing.T, what string, load func(string) ([]C, error), check func(C) error) {
	t.Helper()
	for _, dir := range Dirs(sharedDir) {
		cases, err := load(dir)
		if err != nil {
			t.Error(err)
			continue
		}
		passed := 0
		for _, c := range cases {
			if err := check(c); err != nil {
				t.Error(err)
				continue
			}
			passed++
		}
		t.Logf("torchref: %d %s passed in %s", passed, what, dir)
	}
}

// loadAtLeast loads the shared cases with load (named what), failing t
// unless there are at least n of them.
func loadAtLeast[C any](t *testing.T, what string, load func(string) ([]C, error), n int) []C {
	t.Helper()
	cases, err := load(sharedDir)
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) < n {
		t.Fatalf("%s found %d cases, want the %d or more shared ones", what, len(cases), n)
	}
	return cases
}

func TestLoadOps(t *testing.T) {
	cases := loadAtLeast(t, "LoadOps", LoadOps, 40)
	if !slices.IsSortedFunc(cases, func(a, b Case) int { return strings.Compare(a.Name, b.Name) }) {
		t.Error("cases are not sorted by name")
	}
	for _, c := range cases {
		checkTensors(t, c)
		if c.Op == "" || c.Meta["torch"] == "" {
			t.Errorf("%s: op %q, metadata %v", c.Name, c.Op, c.Meta)
		}
		if filepath.Base(c.Path) != c.Name+".safetensors" {
			t.Errorf("%s: Path %q does not match Name", c.Name, c.Path)
		}
		if _, ok := c.Input(0); !ok {
			t.Errorf("%s: no in0", c.Name)
		}
		out, okOut := c.Tensors["out"]
		gout, okGout := c.Tensors["gout"]
		if !okOut || !okGout || !slices.Equal(out.Shape, gout.Shape) {
			t.Errorf("%s: out %v and gout %v missing or of different shapes", c.Name, out.Shape, gout.Shape)
		}
		for i := 0; ; i++ {
			in, ok := c.Input(i)
			if !ok {
				break
			}
			if grad, ok := c.Grad(i); ok && !slices.Equal(grad.Shape, in.Shape) {
				t.Errorf("%s: grad%d has shape %v, in%d %v", c.Name, i, grad.Shape, i, in.Shape)
			}
		}
		for name := range c.Attrs {
			var err error
			switch attrKinds[name] {
			case "int":
				_, _, err = c.AttrInt(name)
			case "bool":
				_, _, err = c.AttrBool(name)
			case "ints":
				_, _, err = c.AttrInts(name)
			case "float":
				_, _, err = c.AttrFloat(name)
			case "string":
				_, _, err = c.AttrString(name)
			default:
				t.Errorf("%s: attr %q is not in attrKinds", c.Name, name)
			}
			if err != nil {
				t.Error(err)
			}
		}
	}
}

// TestSharedAttrs pins the attrs of a few shared cases.
func TestSharedAttrs(t *testing.T) {
	if v, ok, err := loadShared(t, "mean_axis_last").AttrInt("axis"); v != -1 || !ok || err != nil {
		t.Errorf("mean_axis_last axis = %d, %t, %v", v, ok, err)
	}
	if v, ok, err := loadShared(t, "sum_axis1_keep").AttrBool("keepdim"); !v || !ok || err != nil {
		t.Errorf("sum_axis1_keep keepdim = %t, %t, %v", v, ok, err)
	}
	if v, ok, err := loadShared(t, "conv1d").AttrInts("stride"); !slices.Equal(v, []int{1}) || !ok || err != nil {
		t.Errorf("conv1d stride = %v, %t, %v", v, ok, err)
	}
	if v, ok, err := loadShared(t, "conv2d_stride_pad").AttrInts("padding"); !slices.Equal(v, []int{1, 1}) || !ok || err != nil {
		t.Errorf("conv2d_stride_pad padding = %v, %t, %v", v, ok, err)
	}
	if v, ok, err := loadShared(t, "pow").AttrFloat("exponent"); v != 3 || !ok || err != nil {
		t.Errorf("pow exponent = %g, %t, %v", v, ok, err)
	}
	if v, ok, err := loadShared(t, "reshape").AttrInts("shape"); !slices.Equal(v, []int{3, 8}) || !ok || err != nil {
		t.Errorf("reshape shape = %v, %t, %v", v, ok, err)
	}
	if v, ok, err := loadShared(t, "cross_entropy").AttrString("reduction"); v != "mean" || !ok || err != nil {
		t.Errorf("cross_entropy reduction = %q, %t, %v", v, ok, err)
	}
	sum := loadShared(t, "sum_all")
	if _, ok, err := sum.AttrInt("axis"); ok || err != nil {
		t.Errorf("sum_all axis: present %t, error %v", ok, err)
	}
	if out := sum.Tensors["out"]; len(out.Shape) != 0 || len(out.Data) != 1 {
		t.Errorf("sum_all out: shape %v, %d elements, want a scalar", out.Shape, len(out.Data))
	}
}

func TestLoadTrajs(t *testing.T) {
	cases := loadAtLeast(t, "LoadTrajs", LoadTrajs, 5)
	for _, c := range cases {
		checkTensors(t, c)
		if c.Op != "" || c.Attrs == nil || len(c.Attrs) != 0 {
			t.Errorf("%s: op %q, attrs %v, want none", c.Name, c.Op, c.Attrs)
		}
		for _, key := range []string{"arch", "loss", "optim", "steps"} {
			if c.Meta[key] == "" {
				t.Errorf("%s: no %q in metadata", c.Name, key)
			}
		}
		for _, name := range []string{"x", "y", "loss", "init.0.weight", "final.0.weight", "norm.0"} {
			if _, ok := c.Tensors[name]; !ok {
				t.Errorf("%s: no tensor %q", c.Name, name)
			}
		}
	}
}

func TestLoadMissingDirs(t *testing.T) {
	dir := t.TempDir()
	for name, load := range map[string]func(string) ([]Case, error){"LoadOps": LoadOps, "LoadTrajs": LoadTrajs} {
		cases, err := load(dir)
		if err != nil || len(cases) != 0 {
			t.Errorf("%s of a directory without cases = %v, %v; want none and no error", name, cases, err)
		}
	}
}

// copyFile copies src to dir/sub/, creating dir/sub.
func copyFile(t *testing.T, src, dir, sub string) {
	t.Helper()
	data, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(dir, sub), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, sub, filepath.Base(src)), data, 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestDirs(t *testing.T) {
	first, second := t.TempDir(), t.TempDir()
	copyFile(t, filepath.Join(sharedDir, "ops", "exp.safetensors"), first, "ops")
	copyFile(t, filepath.Join(sharedDir, "ops", "relu.safetensors"), first, "ops")
	copyFile(t, filepath.Join(sharedDir, "traj", "traj_linear_gd_logistic.safetensors"), second, "traj")
	sep := string(filepath.ListSeparator)
	t.Setenv(EnvVar, sep+first+sep+sep+second+sep)

	dirs := Dirs(sharedDir)
	if diff := cmp.Diff([]string{sharedDir, first, second}, dirs); diff != "" {
		t.Fatalf("Dirs (-want +got):\n%s", diff)
	}
	var ops, trajs []string
	for _, dir := range dirs[1:] {
		opCases, err := LoadOps(dir)
		if err != nil {
			t.Fatal(err)
		}
		trajCases, err := LoadTrajs(dir)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range opCases {
			ops = append(ops, c.Name)
		}
		for _, c := range trajCases {
			trajs = append(trajs, c.Name)
		}
	}
	if diff := cmp.Diff([]string{"exp", "relu"}, ops); diff != "" {
		t.Errorf("ops in the extra dirs (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"traj_linear_gd_logistic"}, trajs); diff != "" {
		t.Errorf("trajectories in the extra dirs (-want +got):\n%s", diff)
	}

	t.Setenv(EnvVar, "")
	if diff := cmp.Diff([]string{sharedDir}, Dirs(sharedDir)); diff != "" {
		t.Errorf("Dirs with the variable empty (-want +got):\n%s", diff)
	}
}

// writeCase writes a safetensors file dir/ops/name.safetensors.
func writeCase(t *testing.T, dir, name string, f *safetensors.File) {
	t.Helper()
	if err := os.MkdirAll(filepath.Join(dir, "ops"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := safetensors.WriteFile(filepath.Join(dir, "ops", name+".safetensors"), f); err != nil {
		t.Fatal(err)
	}
}

func TestLoadErrors(t *testing.T) {
	scalar := []safetensors.Tensor{{Name: "in0", Data: []float64{1}}}
	tests := []struct {
		name    string
		file    *safetensors.File // nil: a file that is not safetensors
		wantErr string
	}{
		{"not safetensors", nil, "safetensors: "},
		{"F32 tensor", &safetensors.File{
			Metadata: map[string]string{"op": "exp"},
			Tensors:  []safetensors.Tensor{{Name: "in0", Data: []float32{1}}},
		}, `tensor "in0" is F32, reference cases must be F64`},
		{"attrs not an object", &safetensors.File{Metadata: map[string]string{"op": "exp", "attrs": "[1]"}, Tensors: scalar}, `attrs "[1]" is not a JSON object`},
		{"attrs null", &safetensors.File{Metadata: map[string]string{"op": "exp", "attrs": "null"}, Tensors: scalar}, "is not a JSON object"},
		{"attrs bad JSON", &safetensors.File{Metadata: map[string]string{"op": "exp", "attrs": "{"}, Tensors: scalar}, "is not a JSON object"},
		{"no op", &safetensors.File{Metadata: map[string]string{"attrs": "{}"}, Tensors: scalar}, `no "op" in __metadata__`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if tt.file == nil {
				if err := os.MkdirAll(filepath.Join(dir, "ops"), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(filepath.Join(dir, "ops", "bad.safetensors"), []byte("not a file"), 0o644); err != nil {
					t.Fatal(err)
				}
			} else {
				writeCase(t, dir, "bad", tt.file)
			}
			_, err := LoadOps(dir)
			if err == nil || !strings.HasPrefix(err.Error(), "torchref: ") || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("LoadOps error = %v, want one containing %q", err, tt.wantErr)
			}
		})
	}
}
