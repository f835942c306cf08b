package tensor

import (
	"fmt"

	"github.com/deeptheory/deeptheory/internal/kernel"
)

// LeadingDims returns how many leading dimensions of shape multiply to
// count (the fewest: 0 for count 1), and false if none do.
func LeadingDims(shape []int, count int) (dims int, ok bool) {
	p := 1
	for i := 0; ; i++ {
		if p == count {
			return i, true
		}
		if i == len(shape) {
			return 0, false
		}
		p *= shape[i]
	}
}

// weightNormUnits returns g's number of elements, the units v is cut into,
// after checking that v's leading dimensions multiply to it.
func weightNormUnits[T Float](op string, v, g *Tensor[T]) int {
	units := len(g.data)
	if _, ok := LeadingDims(v.shape, units); !ok {
		panic(fmt.Sprintf("tensor: %s: g %v has %d elements, but no leading dimensions of v %v multiply to %d", op, g.shape, units, v.shape, units))
	}
	return units
}

// WeightNormInto normalizes each row of v: with units = g.Len(), v is cut
// into units contiguous rows v_u (its leading dimensions multiplying to
// units index them), and
//
//	r_u = ‖v_u‖ = √(Σᵢ v_u[i]²),   w_u = g_u·v_u/r_u,
//
// written into w (v's shape) and norms ([units]). The squares are summed in
// float64 in a fixed order, the same for any GOMAXPROCS. Returns w.
func WeightNormInto[T Float](w, norms, v, g *Tensor[T]) *Tensor[T] {
	units := weightNormUnits("WeightNormInto", v, g)
	if len(w.data) != len(v.data) || len(norms.data) != units {
		panic(fmt.Sprintf("tensor: WeightNormInto: destinations %v and %v for v %v and g %v", w.shape, norms.shape, v.shape, g.shape))
	}
	kernel.WeightNormForward(w.data, norms.data, v.data, g.data, units)
	return w
}

// WeightNormAdjointInto applies the adjoint of WeightNormInto's map
// (v, g) ↦ w to the cotangent gw (v's shape): with d_u = ⟨gw_u, v_u⟩,
//
//	ḡ_u = d_u/r_u,   v̄_u = (g_u/r_u)·(gw_u − (d_u/r_u²)·v_u),
//
// written into dv (v's shape) and dg (g's shape), each skipped when nil.
// norms are WeightNormInto's.
func WeightNormAdjointInto[T Float](dv, dg, gw, v, g, norms *Tensor[T]) {
	units := weightNormUnits("WeightNormAdjointInto", v, g)
	if len(gw.data) != len(v.data) || dv != nil && len(dv.data) != len(v.data) || dg != nil && len(dg.data) != units || len(norms.data) != units {
		panic(fmt.Sprintf("tensor: WeightNormAdjointInto: v %v, g %v, cotangent %v, norms %v, destinations %v and %v",
			v.shape, g.shape, gw.shape, norms.shape, shapeOrNil(dv), shapeOrNil(dg)))
	}
	kernel.WeightNormBackward(dataOrNil(dv), dataOrNil(dg), gw.data, v.data, g.data, norms.data, units)
}
