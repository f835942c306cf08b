package main

import (
	"bytes"
	"encoding/xml"
	"image/png"
	"io"
	"math"
	"slices"
	"testing"

	"github.com/deeptheory/deeptheory/theory"
)

func TestPlotEdgeCases(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	for _, tc := range []struct {
		name  string
		curve theory.Curve
	}{
		{"no points", theory.Curve{Name: "a"}},
		{"one point", theory.Curve{Name: "a", X: []float64{1}, Y: []float64{2}}},
		{"one point on log axes", theory.Curve{Name: "a", LogX: true, LogY: true, X: []float64{3}, Y: []float64{3}}},
		{"nothing positive on a log axis", theory.Curve{Name: "a", LogY: true, X: []float64{1, 2, 3}, Y: []float64{0, -1, -2}}},
		{"only NaN and Inf", theory.Curve{Name: "a", LogX: true, X: []float64{nan, 1, inf}, Y: []float64{1, nan, 2}}},
		{"positive x, no finite y", theory.Curve{Name: "a", LogX: true, X: []float64{1, 2}, Y: []float64{nan, inf}}},
		{"X longer than Y", theory.Curve{Name: "a", X: []float64{1, 2, 3}, Y: []float64{1, 2}}},
		{"constant", theory.Curve{Name: "a", X: []float64{1, 2, 3}, Y: []float64{5, 5, 5}}},
		{"huge range", theory.Curve{Name: "a", LogX: true, LogY: true, X: []float64{1e-300, 1e300}, Y: []float64{1e-300, 1e300}}},
		{"tiny range", theory.Curve{Name: "a", X: []float64{1, 1 + 1e-15}, Y: []float64{1, 1 + 1e-15}}},
		{"scatter", theory.Curve{Name: "scatter:a", X: []float64{1, 2}, Y: []float64{2, 1}}},
		{"reference", theory.Curve{Name: "ref:a", X: []float64{1, 2}, Y: []float64{1, 2}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := &theory.Result{ID: "C1", Statement: "a statement", Curves: []theory.Curve{tc.curve}}
			lay := layoutClaim(r)
			if len(lay.plots) != 1 {
				t.Fatalf("%d plots, want 1", len(lay.plots))
			}
			p := newPlot(r, lay.plots[0])
			var buf bytes.Buffer
			if err := writePNG(&buf, p); err != nil {
				t.Fatal(err)
			}
			if _, err := png.Decode(&buf); err != nil {
				t.Fatal(err)
			}
			buf.Reset()
			if err := writeSVG(&buf, p); err != nil {
				t.Fatal(err)
			}
			if err := wellFormedXML(&buf); err != nil {
				t.Errorf("SVG: %v", err)
			}
		})
	}
}

func wellFormedXML(r io.Reader) error {
	dec := xml.NewDecoder(r)
	for {
		if _, err := dec.Token(); err == io.EOF {
			return nil
		} else if err != nil {
			return err
		}
	}
}

func TestFormatTick(t *testing.T) {
	for v, want := range map[float64]string{
		0: "0", 1: "1", 0.05: "0.05", 2500: "2500", -3: "−3", 0.001: "0.001",
		1e4: "1e4", 1e6: "1e6", 2e-5: "2e-5", -1e-7: "−1e-7", 3.5e9: "3.5e9",
		0.30000000000000004: "0.3",
	} {
		if got := formatTick(v); got != want {
			t.Errorf("formatTick(%v) = %q, want %q", v, got, want)
		}
	}
}

func TestTicks(t *testing.T) {
	labelled := func(lo, hi float64, log bool) []string {
		var out []string
		ts := linearTicks{}.Ticks(lo, hi)
		if log {
			ts = logTicks{}.Ticks(math.Log10(lo), math.Log10(hi))
		}
		for _, tk := range ts {
			if tk.Label != "" {
				out = append(out, tk.Label)
			}
		}
		return out
	}
	for _, tc := range []struct {
		lo, hi float64
		log    bool
		want   []string
	}{
		{0, 1, false, []string{"0", "0.2", "0.4", "0.6", "0.8", "1"}},
		{-0.4, 0.25, false, []string{"−0.4", "−0.3", "−0.2", "−0.1", "0", "0.1", "0.2"}},
		{2.19, 2.31, false, []string{"2.2", "2.22", "2.24", "2.26", "2.28", "2.3"}},
		{2, 600, true, []string{"2", "5", "10", "20", "50", "100", "200", "500"}},
		{1, 1e6, true, []string{"1", "10", "100", "1000", "1e4", "1e5", "1e6"}},
		{1e-12, 1e12, true, []string{"1e-12", "1e-9", "1e-6", "0.001", "1", "1000", "1e6", "1e9", "1e12"}},
		{3, 7, true, []string{"5"}},
	} {
		if got := labelled(tc.lo, tc.hi, tc.log); !slices.Equal(got, tc.want) {
			t.Errorf("ticks of [%g, %g] (log %v): %q, want %q", tc.lo, tc.hi, tc.log, got, tc.want)
		}
	}
}

func TestLayoutNames(t *testing.T) {
	r := &theory.Result{
		Curves: []theory.Curve{
			{Name: "ρ_1² − ρ_2²", XLabel: "t", YLabel: "ρ_k² − ρ_j²"},
			{Name: "result", XLabel: "t", YLabel: "ρ_k² − ρ_j²"},
			{Name: "result", XLabel: "t", YLabel: "margin"},
			{Name: "scatter:data", XLabel: "", YLabel: ""},
			{Name: "///", XLabel: "t", YLabel: "margin"},
		},
		Models: []theory.Model{{Name: "data"}, {Name: "Deep LC tree"}},
	}
	lay := layoutClaim(r)
	if want := []string{"rho-12-rho-22.csv", "result.csv", "result-2.csv", "data.csv", "curve-5.csv"}; !slices.Equal(lay.curveFiles, want) {
		t.Errorf("curve files %q, want %q", lay.curveFiles, want)
	}
	if want := []string{"data-2.safetensors", "deep-lc-tree.safetensors"}; !slices.Equal(lay.modelFiles, want) {
		t.Errorf("model files %q, want %q", lay.modelFiles, want)
	}
	var plots []string
	for _, g := range lay.plots {
		plots = append(plots, g.file)
	}
	if want := []string{"rho-k2-rho-j2-vs-t", "margin-vs-t", "plot-3"}; !slices.Equal(plots, want) {
		t.Errorf("plots %q, want %q", plots, want)
	}
	if want := [][]int{{0, 1}, {2, 4}, {3}}; len(lay.plots) != 3 || !slices.Equal(lay.plots[0].curves, want[0]) ||
		!slices.Equal(lay.plots[1].curves, want[1]) || !slices.Equal(lay.plots[2].curves, want[2]) {
		t.Errorf("plot groups %+v, want curves %v", lay.plots, want)
	}
}

func TestDrawable(t *testing.T) {
	for in, want := range map[string]string{
		"ρ_k² − ρ_j²":      "ρ_k² − ρ_j²", // all in the font
		"10⁶ steps":        "10⁶ steps",
		"10⁻⁹":             "10^(-9)",
		"t = 10⁹":          "t = 10^9",
		"ρₖ and ρ₁":        "ρ_k and ρ₁",
		"a\nb":             "a\nb",
		"λ_min(∇²L) ≥ 0 ✓": "λ_min(grad²L) ≥ 0 ?",
	} {
		if got := drawable(in); got != want {
			t.Errorf("drawable(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCurveStyle(t *testing.T) {
	for _, tc := range []struct {
		curve theory.Curve
		name  string
		kind  curveKind
	}{
		{theory.Curve{Name: "a", X: []float64{1, 2, 2, 3}}, "a", styleLine},
		{theory.Curve{Name: "a", X: []float64{3, 2, math.NaN(), 1}}, "a", styleLine},
		{theory.Curve{Name: "a", X: []float64{1, 3, 2}}, "a", styleScatter},
		{theory.Curve{Name: "scatter: b", X: []float64{1, 2}}, "b", styleScatter},
		{theory.Curve{Name: "ref:y = x", X: []float64{2, 1, 3}}, "y = x", styleReference},
	} {
		if name, kind := curveStyle(tc.curve); name != tc.name || kind != tc.kind {
			t.Errorf("curveStyle(%q, X %v) = %q, %d; want %q, %d", tc.curve.Name, tc.curve.X, name, kind, tc.name, tc.kind)
		}
	}
}
