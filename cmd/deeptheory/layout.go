package main

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"unicode"

	"github.com/deeptheory/deeptheory/theory"
)

// dataFile is the name of the data set's file in a claim's report folder.
const dataFile = "data.safetensors"

// Prefixes of a curve's name that choose how it is drawn: a curve called
// "scatter:random labels" is a scatter of points with the legend "random
// labels"; one called "ref:slope 1" is a reference line (thin, dashed,
// grey, no markers) with the legend "slope 1". Other curves are lines,
// with a marker on each point when there are at most 40 of them, except
// that a curve whose X values are not monotone is a scatter of points too.
const (
	scatterPrefix   = "scatter:"
	referencePrefix = "ref:"
)

// curveKind is how a curve is drawn.
type curveKind int

const (
	styleLine curveKind = iota
	styleScatter
	styleReference
)

// curveStyle returns the curve's display name and how it is drawn.
func curveStyle(c theory.Curve) (name string, kind curveKind) {
	if rest, ok := strings.CutPrefix(c.Name, scatterPrefix); ok {
		return strings.TrimSpace(rest), styleScatter
	}
	if rest, ok := strings.CutPrefix(c.Name, referencePrefix); ok {
		return strings.TrimSpace(rest), styleReference
	}
	if !monotone(c.X) { // a line through points in no order means nothing
		return c.Name, styleScatter
	}
	return c.Name, styleLine
}

// monotone reports whether the finite values of xs never decrease or
// never increase.
func monotone(xs []float64) bool {
	up, down := true, true
	prev := math.NaN()
	for _, x := range xs {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			continue
		}
		if !math.IsNaN(prev) {
			up = up && x >= prev
			down = down && x <= prev
		}
		prev = x
	}
	return up || down
}

// plotGroup is one figure: the curves (indices into Result.Curves) that
// share an x and a y label.
type plotGroup struct {
	file           string // base name, without extension
	xLabel, yLabel string
	logX, logY     bool // some curve of the group asks for a log axis
	curves         []int
}

// claimLayout names the files of a claim's report folder: one CSV per
// curve, one plot per group of curves, one safetensors file per model.
type claimLayout struct {
	curveFiles []string
	modelFiles []string
	plots      []plotGroup
}

// layoutClaim names the files for r. Names come from the curves', axes'
// and models' names, made safe for file systems and unique in the folder.
func layoutClaim(r *theory.Result) claimLayout {
	used := map[string]bool{"result.json": true, dataFile: true}
	unique := func(base, ext string) string {
		name := base + ext
		for i := 2; used[name]; i++ {
			name = fmt.Sprintf("%s-%d%s", base, i, ext)
		}
		used[name] = true
		return name
	}
	var lay claimLayout
	for i, c := range r.Curves {
		name, _ := curveStyle(c)
		lay.curveFiles = append(lay.curveFiles, unique(fileStem(name, fmt.Sprintf("curve-%d", i+1)), ".csv"))
	}
	for i, m := range r.Models {
		lay.modelFiles = append(lay.modelFiles, unique(fileStem(m.Name, fmt.Sprintf("model-%d", i+1)), ".safetensors"))
	}
	for i, c := range r.Curves {
		k := slices.IndexFunc(lay.plots, func(g plotGroup) bool { return g.xLabel == c.XLabel && g.yLabel == c.YLabel })
		if k < 0 {
			lay.plots = append(lay.plots, plotGroup{xLabel: c.XLabel, yLabel: c.YLabel})
			k = len(lay.plots) - 1
		}
		g := &lay.plots[k]
		g.curves = append(g.curves, i)
		g.logX = g.logX || c.LogX
		g.logY = g.logY || c.LogY
	}
	for i := range lay.plots {
		g := &lay.plots[i]
		stem := fileStem(g.yLabel+" vs "+g.xLabel, "")
		if g.xLabel == "" || g.yLabel == "" {
			stem = ""
		}
		if stem == "" {
			stem = fmt.Sprintf("plot-%d", i+1)
		}
		base := unique(stem, ".png")
		used[strings.TrimSuffix(base, ".png")+".svg"] = true
		g.file = strings.TrimSuffix(base, ".png")
	}
	return lay
}

// fileStem makes s a file name: lower-case letters and digits, runs of
// anything else turned into one '-', at most 48 bytes; fallback if
// nothing is left.
func fileStem(s, fallback string) string {
	var b strings.Builder
	dash := false
	for _, r := range greek.Replace(strings.ToLower(s)) {
		if r < 128 && (unicode.IsLetter(r) || unicode.IsDigit(r)) {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
			continue
		}
		dash = true
		if b.Len() >= 48 {
			break
		}
	}
	stem := strings.Trim(b.String(), "-")
	if len(stem) > 48 {
		stem = strings.TrimRight(stem[:48], "-")
	}
	if stem == "" {
		return fallback
	}
	return stem
}

// greek spells out the symbols the paper's quantities use, for file names.
var greek = strings.NewReplacer("ρ", "rho", "θ", "theta", "λ", "lambda", "σ", "sigma", "μ", "mu",
	"η", "eta", "γ", "gamma", "α", "alpha", "ε", "eps", "²", "2", "‖", "norm")

// dataNames returns the names of r's data tensors: x, y, x_test, y_test
// first, then any others in name order.
func dataNames(r *theory.Result) []string {
	order := map[string]int{"x": 0, "y": 1, "x_test": 2, "y_test": 3}
	names := make([]string, 0, len(r.Data))
	for name, t := range r.Data {
		if t != nil {
			names = append(names, name)
		}
	}
	slices.SortFunc(names, func(a, b string) int {
		ra, oka := order[a]
		rb, okb := order[b]
		switch {
		case oka && okb:
			return ra - rb
		case oka:
			return -1
		case okb:
			return 1
		}
		return strings.Compare(a, b)
	})
	return names
}
