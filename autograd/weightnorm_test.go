package autograd

import (
	"fmt"
	"runtime"
	"slices"
	"testing"

	"github.com/deeptheory/deeptheory/internal/shapes"
	"github.com/deeptheory/deeptheory/tensor"
)

// weightNormComposite is the composition WeightNorm was before it became a
// primitive (for v [out, ...] and g [out]): the test oracle.
func weightNormComposite[T Float](v, g *Var[T]) *Var[T] {
	shape := v.Shape()
	out := shape[0]
	rows := Reshape(v, out, shapes.Count(shape[1:]))
	norms := Sqrt(SumAxis(Square(rows), 1, true)) // [out, 1]
	scale := Div(Reshape(g, out, 1), norms)
	return Reshape(Mul(rows, scale), shape...)
}

// runWeightNorm returns wn's value on (v, g) in T, the gradients of
// ⟨cot, w⟩ (recorded or not) and, when recorded, the second-order gradients
// of ⟨∇, dirs⟩, all in float64.
func runWeightNorm[T Float](wn func(v, g *Var[T]) *Var[T], inputs, dirs []*T64, cot *T64, graph bool) []*T64 {
	tp := NewTape[T]()
	vars := []*Var[T]{tp.Param(tensor.Convert[T](inputs[0])), tp.Param(tensor.Convert[T](inputs[1]))}
	w := wn(vars[0], vars[1])
	out := []*T64{tensor.Convert[float64](w.Value())}
	loss := Sum(Mul(w, Const(tensor.Convert[T](cot))))
	return appendGrads(out, loss, vars, dirs, graph)
}

// TestWeightNormMatchesComposite compares the WeightNorm primitive with the
// composite it replaced, on values, gradients (fast and recorded backward)
// and second-order gradients, in float64 and float32, on odd shapes; g of
// shape [out] is also passed as [out, 1, ...] (as nn keeps it), which must
// give the same numbers, and a scalar g must match the composite on v
// flattened to one row.
func TestWeightNormMatchesComposite(t *testing.T) {
	gn := newGen(30)
	for _, shape := range [][]int{{1, 1}, {5, 3}, {1, 7}, {4, 3, 2, 3}, {7, 33}, {3, 5, 1}, {2, 601}} {
		out := shape[0]
		v, cot := gn.normal(shape...), gn.normal(shape...)
		g, dirs := gn.normal(out), []*T64{gn.normal(shape...), gn.normal(out)}
		t.Run(fmt.Sprint(shape), func(t *testing.T) {
			gShape := slices.Clone(shape)
			for i := 1; i < len(gShape); i++ {
				gShape[i] = 1
			}
			for _, graph := range []bool{false, true} {
				want := runWeightNorm(weightNormComposite[float64], []*T64{v, g}, dirs, cot, graph)
				check := func(what string, got []*T64, tol float64) {
					t.Helper()
					for i := range want {
						if d := maxRelDiff(got[i].Reshape(want[i].Shape()...), want[i]); !(d <= tol) {
							t.Errorf("%s, graph=%v: result %d (w, gradients, second-order) differs by %g", what, graph, i, d)
						}
					}
				}
				check("float64", runWeightNorm(WeightNorm[float64], []*T64{v, g}, dirs, cot, graph), 1e-12)
				check("float32", runWeightNorm(WeightNorm[float32], []*T64{v, g}, dirs, cot, graph), 1e-5)
				g4, dirs4 := g.Reshape(gShape...), []*T64{dirs[0], dirs[1].Reshape(gShape...)}
				check("float64, g "+fmt.Sprint(gShape), runWeightNorm(WeightNorm[float64], []*T64{v, g4}, dirs4, cot, graph), 1e-12)
			}
		})
	}
	// A scalar g: the whole of v is one row.
	v, cot := gn.normal(3, 4), gn.normal(3, 4)
	g, dirs := gn.normal(), []*T64{gn.normal(3, 4), gn.normal()}
	for _, graph := range []bool{false, true} {
		flat := func(v, g *V) *V { return Reshape(weightNormComposite(Reshape(v, 1, 12), Reshape(g, 1)), 3, 4) }
		want := runWeightNorm(flat, []*T64{v, g}, dirs, cot, graph)
		got := runWeightNorm(WeightNorm[float64], []*T64{v, g}, dirs, cot, graph)
		for i := range want {
			if d := maxRelDiff(got[i], want[i]); !(d <= 1e-12) {
				t.Errorf("scalar g, graph=%v: result %d differs by %g", graph, i, d)
			}
		}
	}
}

// TestWeightNormParallelBits: a weight large enough to be shared between
// goroutines gives the same bits under GOMAXPROCS 1 and 2.
func TestWeightNormParallelBits(t *testing.T) {
	gn := newGen(31)
	inputs, cot := []*T64{gn.normal(401, 337), gn.normal(401)}, gn.normal(401, 337) // 135137 weights: two parts
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	var results [][]*T64
	for _, procs := range []int{1, 2, 1} {
		runtime.GOMAXPROCS(procs)
		r := runWeightNorm(WeightNorm[float64], inputs, nil, cot, false)
		results = append(results, append(r, runWeightNorm(WeightNorm[float32], inputs, nil, cot, false)...))
	}
	for _, r := range results[1:] {
		for i := range r {
			if !slices.Equal(r[i].Data(), results[0][i].Data()) {
				t.Errorf("result %d differs between GOMAXPROCS 1 and 2", i)
			}
		}
	}
}
