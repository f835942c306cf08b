package torchref

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

// attrCase returns a Case whose attrs are the JSON object attrs.
func attrCase(t *testing.T, attrs string) Case {
	t.Helper()
	c := Case{Path: "test.safetensors", Name: "test"}
	if err := json.Unmarshal([]byte(attrs), &c.Attrs); err != nil {
		t.Fatal(err)
	}
	return c
}

func TestAttrs(t *testing.T) {
	c := attrCase(t, `{"i": 3, "neg": -1, "f": 2.5, "fi": 2, "b": true, "s": "mean",
		"list": [2, 3], "empty": [], "null": null, "digits": "3", "frac": 1.5, "exp": 1e2,
		"mixed": [1, "2"], "nested": [[1]], "big": 99999999999999999999}`)

	if v, ok, err := c.AttrInt("i"); v != 3 || !ok || err != nil {
		t.Errorf("AttrInt(i) = %d, %t, %v", v, ok, err)
	}
	if v, ok, err := c.AttrInt("neg"); v != -1 || !ok || err != nil {
		t.Errorf("AttrInt(neg) = %d, %t, %v", v, ok, err)
	}
	if v, ok, err := c.AttrInts("i"); !slices.Equal(v, []int{3}) || !ok || err != nil {
		t.Errorf("AttrInts(i) = %v, %t, %v", v, ok, err)
	}
	if v, ok, err := c.AttrInts("list"); !slices.Equal(v, []int{2, 3}) || !ok || err != nil {
		t.Errorf("AttrInts(list) = %v, %t, %v", v, ok, err)
	}
	if v, ok, err := c.AttrInts("empty"); len(v) != 0 || !ok || err != nil {
		t.Errorf("AttrInts(empty) = %v, %t, %v", v, ok, err)
	}
	if v, ok, err := c.AttrFloat("f"); v != 2.5 || !ok || err != nil {
		t.Errorf("AttrFloat(f) = %g, %t, %v", v, ok, err)
	}
	if v, ok, err := c.AttrFloat("fi"); v != 2 || !ok || err != nil {
		t.Errorf("AttrFloat(fi) = %g, %t, %v", v, ok, err)
	}
	if v, ok, err := c.AttrFloat("exp"); v != 100 || !ok || err != nil {
		t.Errorf("AttrFloat(exp) = %g, %t, %v", v, ok, err)
	}
	if v, ok, err := c.AttrBool("b"); !v || !ok || err != nil {
		t.Errorf("AttrBool(b) = %t, %t, %v", v, ok, err)
	}
	if v, ok, err := c.AttrString("s"); v != "mean" || !ok || err != nil {
		t.Errorf("AttrString(s) = %q, %t, %v", v, ok, err)
	}

	// Absent and null attributes: not present, no error.
	for _, name := range []string{"missing", "null"} {
		_, ok1, err1 := c.AttrInt(name)
		_, ok2, err2 := c.AttrInts(name)
		_, ok3, err3 := c.AttrFloat(name)
		_, ok4, err4 := c.AttrBool(name)
		_, ok5, err5 := c.AttrString(name)
		if ok1 || ok2 || ok3 || ok4 || ok5 || err1 != nil || err2 != nil || err3 != nil || err4 != nil || err5 != nil {
			t.Errorf("attr %q: reported present or failed", name)
		}
	}

	// Present but of the wrong type: present, and an error naming the file and attr.
	wrong := []struct {
		get   func(string) (bool, error)
		names []string
	}{
		{presence(c.AttrInt), []string{"digits", "frac", "exp", "big", "list"}},
		{presence(c.AttrInts), []string{"mixed", "nested", "frac", "s"}},
		{presence(c.AttrFloat), []string{"digits", "b"}},
		{presence(c.AttrBool), []string{"i"}},
		{presence(c.AttrString), []string{"i"}},
	}
	for _, w := range wrong {
		for _, name := range w.names {
			ok, err := w.get(name)
			if !ok || err == nil || !strings.Contains(err.Error(), `torchref: test.safetensors: attr "`+name+`"`) {
				t.Errorf("attr %q of the wrong type: present %t, error %v", name, ok, err)
			}
		}
	}
}

func TestInputGrad(t *testing.T) {
	c := Case{Tensors: map[string]Tensor64{
		"in0":   {Shape: []int{1}, Data: []float64{1}},
		"in1":   {Shape: []int{1}, Data: []float64{2}},
		"grad0": {Shape: []int{1}, Data: []float64{3}},
	}}
	if in, ok := c.Input(1); !ok || in.Data[0] != 2 {
		t.Errorf("Input(1) = %v, %t", in, ok)
	}
	if g, ok := c.Grad(0); !ok || g.Data[0] != 3 {
		t.Errorf("Grad(0) = %v, %t", g, ok)
	}
	if _, ok := c.Grad(1); ok {
		t.Error("Grad(1) found a gradient")
	}
	if _, ok := c.Input(2); ok {
		t.Error("Input(2) found an input")
	}
}

// presence turns an Attr reader into one that reports only whether the
// attribute is present and the error.
func presence[A any](get func(string) (A, bool, error)) func(string) (bool, error) {
	return func(name string) (bool, error) {
		_, ok, err := get(name)
		return ok, err
	}
}
