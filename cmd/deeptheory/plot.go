package main

import (
	"fmt"
	"golang.org/x/image/font/sfnt"
	"image/color"
	"io"
	"math"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/font/liberation"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"

	"github.com/deeptheory/deeptheory/theory"
)

// Figure size and resolution: a 6.4×4.8 inch figure (matplotlib's default
// shape) at 150 dots per inch, 960×720 pixels.
const (
	figWidth  = 6.4 * vg.Inch
	figHeight = 4.8 * vg.Inch
	figDPI    = 150
)

// palette is Okabe and Ito's colour-blind-safe palette, black last.
var palette = []color.Color{
	color.RGBA{0, 114, 178, 255},   // blue
	color.RGBA{213, 94, 0, 255},    // vermillion
	color.RGBA{0, 158, 115, 255},   // bluish green
	color.RGBA{204, 121, 167, 255}, // reddish purple
	color.RGBA{230, 159, 0, 255},   // orange
	color.RGBA{86, 180, 233, 255},  // sky blue
	color.RGBA{240, 228, 66, 255},  // yellow
	color.RGBA{0, 0, 0, 255},       // black
}

// glyphs tell curves apart in print as well as in colour.
var glyphs = []draw.GlyphDrawer{
	draw.CircleGlyph{}, draw.SquareGlyph{}, draw.TriangleGlyph{}, draw.PlusGlyph{},
	draw.CrossGlyph{}, draw.RingGlyph{}, draw.BoxGlyph{}, draw.PyramidGlyph{},
}

// maxMarkedPoints is the number of points up to which a line curve also
// marks each point with a glyph.
const maxMarkedPoints = 40

// newPlot draws the curves of group g of result r: one line (or scatter
// of points, for curves named "scatter:...") per curve, a legend when there
// is more than one, log axes where the curves ask for them. Points that
// cannot be drawn (NaN, ±Inf, and values ≤ 0 on a log axis) are left out
// and the legend says how many; if no point is positive, the axis falls
// back to linear.
func newPlot(r *theory.Result, g plotGroup) *plot.Plot {
	p := plot.New()
	p.Title.Text = drawable(wrap(r.ID+": "+oneLine(r.Statement, 0), 78))
	p.Title.TextStyle.Font = sans(12)
	p.Title.Padding = 6
	p.X.Label.Text, p.Y.Label.Text = drawable(g.xLabel), drawable(g.yLabel)
	for _, ax := range []*plot.Axis{&p.X, &p.Y} {
		ax.Label.TextStyle.Font = sans(12)
		ax.Tick.Label.Font = sans(10)
	}
	p.Legend.TextStyle.Font = sans(10)
	p.Legend.ThumbnailWidth = 0.4 * vg.Inch

	logX := g.logX && anyPositive(r, g, func(c theory.Curve) []float64 { return c.X })
	logY := g.logY && anyPositive(r, g, func(c theory.Curve) []float64 { return c.Y })
	if logX {
		p.X.Tick.Marker = logTicks{}
	} else {
		p.X.Tick.Marker = linearTicks{}
	}
	if logY {
		p.Y.Tick.Marker = logTicks{}
	} else {
		p.Y.Tick.Marker = linearTicks{}
	}
	grid := plotter.NewGrid()
	grid.Vertical.Color = color.Gray{225}
	grid.Horizontal.Color = color.Gray{225}
	p.Add(grid)

	var drawn []plotter.XYs // for placing the legend
	for k, i := range g.curves {
		c := r.Curves[i]
		name, style := curveStyle(c)
		pts, nonFinite, nonPositive := drawablePoints(c, logX, logY)
		dropped := nonFinite + nonPositive
		if dropped > 0 {
			var why []string
			if nonPositive > 0 {
				why = append(why, fmt.Sprintf("%d ≤ 0", nonPositive))
			}
			if nonFinite > 0 {
				why = append(why, fmt.Sprintf("%d NaN or ±Inf", nonFinite))
			}
			name = fmt.Sprintf("%s (%s not shown)", name, strings.Join(why, ", "))
		}
		if len(pts) == 0 {
			continue
		}
		drawn = append(drawn, pts)
		col := palette[k%len(palette)]
		glyph := draw.GlyphStyle{Color: col, Radius: vg.Points(2.5), Shape: glyphs[k%len(glyphs)]}
		var thumbs []plot.Thumbnailer
		switch style {
		case styleReference:
			l, _ := plotter.NewLine(pts)
			l.LineStyle = draw.LineStyle{Color: color.Gray{90}, Width: vg.Points(1.2),
				Dashes: []vg.Length{vg.Points(5), vg.Points(3)}}
			p.Add(l)
			thumbs = append(thumbs, l)
		case styleScatter:
			s, _ := plotter.NewScatter(pts) // pts are finite: no error
			s.GlyphStyle = glyph
			p.Add(s)
			thumbs = append(thumbs, s)
		default:
			l, _ := plotter.NewLine(pts)
			l.LineStyle = draw.LineStyle{Color: col, Width: vg.Points(1.6)}
			if k >= len(palette) {
				l.LineStyle.Dashes = []vg.Length{vg.Points(6), vg.Points(3)}
			}
			p.Add(l)
			thumbs = append(thumbs, l)
			if len(pts) <= maxMarkedPoints { // measured points stay visible (use "ref:" for a drawn line)
				s, _ := plotter.NewScatter(pts)
				s.GlyphStyle = glyph
				p.Add(s)
				thumbs = append(thumbs, s)
			}
		}
		if len(g.curves) > 1 || dropped > 0 {
			p.Legend.Add(drawable(name), thumbs...)
		}
	}
	if len(drawn) == 0 { // nothing to draw: an empty linear frame
		p.X.Tick.Marker, p.Y.Tick.Marker = linearTicks{}, linearTicks{}
		p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = 0, 1, 0, 1
	}
	for _, ax := range []*plot.Axis{&p.X, &p.Y} {
		_, log := ax.Tick.Marker.(logTicks)
		switch {
		case ax.Min == ax.Max && log: // one value: give it room (a factor of 2)
			ax.Min, ax.Max = ax.Min-math.Log10(2), ax.Max+math.Log10(2)
		case ax.Min == ax.Max:
			ax.Min, ax.Max = ax.Min-1, ax.Max+1
		default: // a margin of 4% of the range, so no curve runs along an edge
			d := 0.04 * (ax.Max - ax.Min)
			if newMin, newMax := ax.Min-d, ax.Max+d; !math.IsInf(newMin, 0) && !math.IsInf(newMax, 0) {
				ax.Min, ax.Max = newMin, newMax
			}
		}
	}
	p.Legend.Top, p.Legend.Left = emptiestCorner(p, drawn)
	p.Legend.XOffs, p.Legend.YOffs = -vg.Points(6), -vg.Points(6)
	if p.Legend.Left {
		p.Legend.XOffs = vg.Points(6)
	}
	if !p.Legend.Top {
		p.Legend.YOffs = vg.Points(6)
	}
	return p
}

// anyPositive reports whether some finite value of the group's curves (as
// picked by values) is positive, so a log axis can show it.
func anyPositive(r *theory.Result, g plotGroup, values func(theory.Curve) []float64) bool {
	for _, i := range g.curves {
		for _, v := range values(r.Curves[i]) {
			if v > 0 && !math.IsInf(v, 1) {
				return true
			}
		}
	}
	return false
}

// drawablePoints returns the points of c that can be drawn, and how many
// cannot: non-finite ones and, on a log axis, non-positive ones. On a log
// axis a point's coordinate is its log10 (the axes are linear, their
// ticks say what the values are: gonum's LogScale misplaces the axis
// label). A curve whose X and Y differ in length is drawn up to the shorter.
func drawablePoints(c theory.Curve, logX, logY bool) (pts plotter.XYs, nonFinite, nonPositive int) {
	n := min(len(c.X), len(c.Y))
	for i := range n {
		x, y := c.X[i], c.Y[i]
		switch {
		case math.IsNaN(x) || math.IsInf(x, 0) || math.IsNaN(y) || math.IsInf(y, 0):
			nonFinite++
		case logX && x <= 0 || logY && y <= 0:
			nonPositive++
		default:
			if logX {
				x = math.Log10(x)
			}
			if logY {
				y = math.Log10(y)
			}
			pts = append(pts, plotter.XY{X: x, Y: y})
		}
	}
	return pts, nonFinite, nonPositive
}

// fonts are the fonts gonum/plot draws with (its Liberation fonts).
var fonts = font.NewCache(liberation.Collection())

// superscripts and subscripts map the characters that may be missing from
// the fonts (Liberation lacks ⁰, ⁹, ⁻, most subscript letters) to their
// plain forms.
var (
	superscripts = strings.NewReplacer("⁰", "0", "¹", "1", "²", "2", "³", "3", "⁴", "4", "⁵", "5", "⁶", "6",
		"⁷", "7", "⁸", "8", "⁹", "9", "⁻", "-", "⁺", "+", "ⁿ", "n", "ⁱ", "i")
	subscripts = strings.NewReplacer("₀", "0", "₁", "1", "₂", "2", "₃", "3", "₄", "4", "₅", "5", "₆", "6",
		"₇", "7", "₈", "8", "₉", "9", "₋", "-", "₊", "+", "ₖ", "k", "ⱼ", "j", "ᵢ", "i", "ₙ", "n", "ₜ", "t")
)

// drawable rewrites s so that every character can be drawn: a run of
// superscript (or subscript) characters of which the font lacks one
// becomes "^" (or "_") and its plain form, in parentheses if longer than
// one character: "10⁻⁹" → "10^(-9)", "ρₖ" → "ρ_k"; a missing ∇ becomes
// "grad", any other missing character "?".
func drawable(s string) string {
	face := fonts.Lookup(sans(10), 10)
	var buf sfnt.Buffer
	has := func(r rune) bool {
		i, err := face.Face.GlyphIndex(&buf, r)
		return err == nil && i != 0
	}
	var b strings.Builder
	runes := []rune(s)
	for i := 0; i < len(runes); {
		if run, plain := scriptRun(runes[i:], has); run > 0 {
			b.WriteString(plain)
			i += run
			continue
		}
		if r := runes[i]; r == '\n' || has(r) {
			b.WriteRune(r)
		} else if r == '∇' {
			b.WriteString("grad")
		} else {
			b.WriteRune('?')
		}
		i++
	}
	return b.String()
}

// scriptRun returns the length of the run of superscript or subscript
// characters that starts runes, and how to write it: as it is if the font
// has every character, else in plain form after "^" or "_".
func scriptRun(runes []rune, has func(rune) bool) (n int, text string) {
	for _, kind := range []struct {
		mark string
		rep  *strings.Replacer
	}{{"^", superscripts}, {"_", subscripts}} {
		missing := false
		for n < len(runes) && kind.rep.Replace(string(runes[n])) != string(runes[n]) {
			missing = missing || !has(runes[n])
			n++
		}
		switch {
		case n == 0:
			continue
		case !missing:
			return n, string(runes[:n])
		case n == 1:
			return n, kind.mark + kind.rep.Replace(string(runes[:n]))
		}
		return n, kind.mark + "(" + kind.rep.Replace(string(runes[:n])) + ")"
	}
	return 0, ""
}

// sans returns Liberation Sans at size points.
func sans(size vg.Length) font.Font {
	return font.Font{Typeface: "Liberation", Variant: "Sans", Size: size}
}

// emptiestCorner returns the corner of the data area (top? left?) that
// holds the fewest points, where the legend hides the least. Ties go to
// top right.
func emptiestCorner(p *plot.Plot, curves []plotter.XYs) (top, left bool) {
	var count [2][2]int // [top][left]
	for _, pts := range curves {
		for _, pt := range pts {
			nx, ny := p.X.Norm(pt.X), p.Y.Norm(pt.Y)
			// The legend covers about 40% of the width and of the height.
			if nx > 0.4 && nx < 0.6 || ny > 0.4 && ny < 0.6 {
				continue
			}
			count[b2i(ny >= 0.6)][b2i(nx <= 0.4)]++
		}
	}
	best := [2]int{1, 0}
	for _, c := range [][2]int{{1, 1}, {0, 0}, {0, 1}} {
		if count[c[0]][c[1]] < count[best[0]][best[1]] {
			best = c
		}
	}
	return best[0] == 1, best[1] == 1
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// wrap breaks s into lines of at most width runes at spaces.
func wrap(s string, width int) string {
	var lines []string
	line := ""
	for _, word := range strings.Fields(s) {
		if line != "" && len([]rune(line))+1+len([]rune(word)) > width {
			lines = append(lines, line)
			line = word
			continue
		}
		if line != "" {
			line += " "
		}
		line += word
	}
	return strings.Join(append(lines, line), "\n")
}

// writePNG writes p as a PNG image.
func writePNG(w io.Writer, p *plot.Plot) error {
	c := vgimg.NewWith(vgimg.UseWH(figWidth, figHeight), vgimg.UseDPI(figDPI))
	p.Draw(draw.New(c))
	_, err := vgimg.PngCanvas{Canvas: c}.WriteTo(w)
	return err
}

// writeSVG writes p as an SVG image.
func writeSVG(w io.Writer, p *plot.Plot) error {
	c := vgsvg.New(figWidth, figHeight)
	p.Draw(draw.New(c))
	_, err := c.WriteTo(w)
	return err
}

// linearTicks marks a linear axis with labelled ticks at multiples of a
// round step (1, 2 or 5 times a power of ten) chosen to give four to ten
// labels, and unlabelled minor ticks halfway between.
type linearTicks struct{}

// Ticks implements plot.Ticker.
func (linearTicks) Ticks(lo, hi float64) []plot.Tick {
	if !(hi > lo) || math.IsInf(hi-lo, 0) {
		return []plot.Tick{{Value: lo, Label: formatTick(lo)}}
	}
	step := math.Pow10(int(math.Floor(math.Log10(hi - lo))))
	for _, m := range []float64{0.1, 0.2, 0.5, 1, 2, 5, 10} {
		if (hi-lo)/(m*step) <= 9 {
			step *= m
			break
		}
	}
	first, last := math.Ceil(lo/step*2), math.Floor(hi/step*2)
	if math.Abs(first) > 1<<50 || math.Abs(last) > 1<<50 || last-first > 100 { // a range at the limit of float64 precision
		return []plot.Tick{{Value: lo, Label: formatTick(lo)}}
	}
	var ticks []plot.Tick
	for i := range int(last-first) + 1 {
		k := first + float64(i)
		v := k / 2 * step
		if math.Abs(v) < step*1e-9 {
			v = 0
		}
		label := ""
		if math.Mod(k, 2) == 0 {
			label = formatTick(v)
		}
		ticks = append(ticks, plot.Tick{Value: v, Label: label})
	}
	return ticks
}

// logTicks marks a log axis, whose coordinates are log10 of the values:
// labelled powers of ten when the range spans more than three decades
// (every second or third power when it spans many), else labelled 1, 2
// and 5 times powers of ten, so a narrow range still has numbers on it;
// unlabelled minor ticks at the other integer multiples.
type logTicks struct{}

// Ticks implements plot.Ticker for the range [10^lo, 10^hi].
func (logTicks) Ticks(lo, hi float64) []plot.Tick {
	if !(hi >= lo) || math.IsInf(lo, 0) || math.IsInf(hi, 0) {
		return nil
	}
	first, last := int(math.Floor(lo)), int(math.Ceil(hi))
	decades := last - first
	every := max(1, (decades+7)/8)
	var ticks []plot.Tick
	for e := first; e <= last; e++ {
		for m := 1; m <= 9; m++ {
			at := float64(e) + math.Log10(float64(m))
			if at < lo-1e-9 || at > hi+1e-9 {
				continue
			}
			label := ""
			switch {
			case decades > 3 && m == 1 && (e-first)%every == 0:
				label = formatTick(float64(m) * math.Pow10(e))
			case decades <= 3 && (m == 1 || m == 2 || m == 5):
				label = formatTick(float64(m) * math.Pow10(e))
			}
			if decades > 3 && every > 1 && m > 1 {
				continue // many decades: no minor ticks, they would blur
			}
			ticks = append(ticks, plot.Tick{Value: at, Label: label})
		}
	}
	return ticks
}

// formatTick prints a tick value briefly: plain decimals between 0.001 and
// 10⁴ (with a true minus sign), other values as "1e6", "2e-5" (the fonts
// lack superscript minus signs).
func formatTick(v float64) string {
	a := math.Abs(v)
	if v == 0 || a >= 1e-3 && a < 1e4 {
		r, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'g', 4, 64), 64) // 4 significant digits
		return strings.Replace(strconv.FormatFloat(r, 'f', -1, 64), "-", "−", 1)
	}
	e := int(math.Floor(math.Log10(a)))
	m := v / math.Pow10(e)
	if math.Abs(m-math.Round(m)) < 1e-9 {
		m = math.Round(m)
	}
	mant := strconv.FormatFloat(m, 'g', 3, 64)
	return strings.Replace(mant, "-", "−", 1) + "e" + strconv.Itoa(e)
}
