package main

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"

	"github.com/deeptheory/deeptheory/theory"
)

// jsonFloat is a float64 that JSON can hold whatever its value: finite
// numbers as numbers, NaN and ±Inf (which JSON numbers cannot express) as
// the strings "NaN", "+Inf" and "-Inf".
type jsonFloat float64

// MarshalJSON implements json.Marshaler.
func (f jsonFloat) MarshalJSON() ([]byte, error) {
	v := float64(f)
	switch {
	case math.IsNaN(v):
		return []byte(`"NaN"`), nil
	case math.IsInf(v, 1):
		return []byte(`"+Inf"`), nil
	case math.IsInf(v, -1):
		return []byte(`"-Inf"`), nil
	}
	return strconv.AppendFloat(nil, v, 'g', -1, 64), nil
}

// UnmarshalJSON implements json.Unmarshaler, reading what MarshalJSON writes.
func (f *jsonFloat) UnmarshalJSON(b []byte) error {
	var s string
	if json.Unmarshal(b, &s) == nil {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil || !(math.IsNaN(v) || math.IsInf(v, 0)) {
			return fmt.Errorf("jsonFloat: %q is not NaN, +Inf or -Inf", s)
		}
		*f = jsonFloat(v)
		return nil
	}
	var v float64
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*f = jsonFloat(v)
	return nil
}

func jsonFloats(xs []float64) []jsonFloat {
	out := make([]jsonFloat, len(xs))
	for i, x := range xs {
		out[i] = jsonFloat(x)
	}
	return out
}

// configJSON is a claim's config as scripts read it.
type configJSON struct {
	Size string `json:"size"` // "quick" or "full"
	Seed uint64 `json:"seed"`
}

type quantityJSON struct {
	Name  string    `json:"name"`
	Value jsonFloat `json:"value"`
}

type checkJSON struct {
	Name  string    `json:"name"`
	Value jsonFloat `json:"value"`
	Op    string    `json:"op"`
	Bound jsonFloat `json:"bound"`
	Holds bool      `json:"holds"`
}

// curveJSON is a curve and the CSV file (in the claim's report folder)
// that holds it.
type curveJSON struct {
	Name   string      `json:"name"`
	XLabel string      `json:"x_label"`
	YLabel string      `json:"y_label"`
	LogX   bool        `json:"log_x"`
	LogY   bool        `json:"log_y"`
	Style  string      `json:"style"` // "line", "scatter" or "reference"
	File   string      `json:"file"`
	X      []jsonFloat `json:"x"`
	Y      []jsonFloat `json:"y"`
}

// tensorInfo names a tensor in a safetensors file and gives its shape.
type tensorInfo struct {
	Name  string `json:"name"`
	Shape []int  `json:"shape"`
}

// modelJSON is a trained network: the PyTorch layer list that rebuilds
// it (torch.nn.Sequential of these) and the file of its weights.
type modelJSON struct {
	Name    string       `json:"name"`
	Layers  []string     `json:"layers"`
	File    string       `json:"file"`
	Weights []tensorInfo `json:"weights"`
}

// claimJSON is everything a claim's run found, as `check -json` prints it
// and result.json in the claim's report folder holds it. Files are named
// relative to that folder.
type claimJSON struct {
	ID             string         `json:"id"`
	Family         string         `json:"family"`
	Statement      string         `json:"statement"`
	Config         configJSON     `json:"config"`
	Seed           uint64         `json:"seed"`
	Setup          string         `json:"setup"`
	Criterion      string         `json:"criterion"`
	Quantities     []quantityJSON `json:"quantities"`
	Checks         []checkJSON    `json:"checks"`
	Headline       *checkJSON     `json:"headline"` // the check the summary table shows
	Verdict        string         `json:"verdict"`
	Error          string         `json:"error,omitempty"`
	ElapsedSeconds float64        `json:"elapsed_seconds"`
	Curves         []curveJSON    `json:"curves"`
	Plots          []string       `json:"plots"`
	DataFile       string         `json:"data_file,omitempty"`
	Data           []tensorInfo   `json:"data"`
	Models         []modelJSON    `json:"models"`
}

// checkReport is the whole `check -json` document.
type checkReport struct {
	Version   string      `json:"version"`
	Config    configJSON  `json:"config"`
	SelfCheck *selfCheck  `json:"self_check"`
	Claims    []claimJSON `json:"claims"`
	Passed    int         `json:"passed"`
	Failed    int         `json:"failed"`
	// Verdict is PASS when the self-check and every claim pass.
	Verdict string `json:"verdict"`
}

func toConfigJSON(c theory.Config) configJSON {
	return configJSON{Size: c.Size.String(), Seed: c.Seed}
}

func toCheckJSON(c theory.Check) checkJSON {
	return checkJSON{c.Name, jsonFloat(c.Value), c.Op, jsonFloat(c.Bound), c.Holds}
}

// claimObject returns the JSON object of o, with the file names that the
// report folder lays out (see layoutClaim).
func claimObject(o outcome, lay claimLayout) claimJSON {
	r := o.result
	obj := claimJSON{
		ID: r.ID, Family: r.Family, Statement: r.Statement,
		Config: toConfigJSON(r.Config), Seed: r.Config.Seed,
		Setup: r.Setup, Criterion: r.Criterion,
		Quantities:     []quantityJSON{},
		Checks:         []checkJSON{},
		Verdict:        string(o.verdict()),
		ElapsedSeconds: r.Elapsed.Seconds(),
		Curves:         []curveJSON{},
		Plots:          []string{},
		Data:           []tensorInfo{},
		Models:         []modelJSON{},
	}
	if o.err != nil {
		obj.Error = o.err.Error()
	}
	for _, q := range r.Quantities {
		obj.Quantities = append(obj.Quantities, quantityJSON{q.Name, jsonFloat(q.Value)})
	}
	for _, c := range r.Checks {
		obj.Checks = append(obj.Checks, toCheckJSON(c))
	}
	if h, ok := headline(r); ok {
		hj := toCheckJSON(h)
		obj.Headline = &hj
	}
	for i, c := range r.Curves {
		name, kind := curveStyle(c)
		obj.Curves = append(obj.Curves, curveJSON{
			Name: name, XLabel: c.XLabel, YLabel: c.YLabel, LogX: c.LogX, LogY: c.LogY,
			Style: [...]string{"line", "scatter", "reference"}[kind], File: lay.curveFiles[i], X: jsonFloats(c.X), Y: jsonFloats(c.Y),
		})
	}
	for _, g := range lay.plots {
		obj.Plots = append(obj.Plots, g.file+".png", g.file+".svg")
	}
	for _, name := range dataNames(r) {
		obj.Data = append(obj.Data, tensorInfo{name, r.Data[name].Shape()})
	}
	if len(obj.Data) > 0 {
		obj.DataFile = dataFile
	}
	for i, m := range r.Models {
		mj := modelJSON{Name: m.Name, Layers: m.Layers, File: lay.modelFiles[i], Weights: []tensorInfo{}}
		if mj.Layers == nil {
			mj.Layers = []string{}
		}
		for _, w := range m.Weights {
			mj.Weights = append(mj.Weights, tensorInfo{w.Name, w.Value.Shape()})
		}
		obj.Models = append(obj.Models, mj)
	}
	return obj
}
