package autograd

import (
	"fmt"
	"slices"

	"github.com/deeptheory/deeptheory/tensor"
)

// Gradients returns ∂loss/∂w for each w in wrt, where loss is a scalar (a
// tensor of one element). A w that loss does not depend on gets zeros. The
// tensors belong to the tape's pool: valid until Reset. Calling it again gives
// the same answer: nothing is accumulated between calls.
func Gradients[T Float](loss *Var[T], wrt ...*Var[T]) []*tensor.Tensor[T] {
	if loss.value.Len() != 1 {
		panic(fmt.Sprintf("autograd: Gradients: loss has shape %v; it must be a scalar (use VJP for other outputs)", loss.Shape()))
	}
	return GradientsInto(make([]*tensor.Tensor[T], len(wrt)), loss, wrt...)
}

// GradientsInto is Gradients storing ∂loss/∂wrt[i] in grads[i] (len(grads) =
// len(wrt)) and returning grads: for a training loop that keeps the slice
// from step to step, so that taking gradients allocates nothing.
func GradientsInto[T Float](grads []*tensor.Tensor[T], loss *Var[T], wrt ...*Var[T]) []*tensor.Tensor[T] {
	if loss.value.Len() != 1 {
		panic(fmt.Sprintf("autograd: Gradients: loss has shape %v; it must be a scalar (use VJP for other outputs)", loss.Shape()))
	}
	if len(grads) != len(wrt) {
		panic(fmt.Sprintf("autograd: GradientsInto: %d slots for %d gradients", len(grads), len(wrt)))
	}
	backward("Gradients", loss, nil, wrt, false, func(i int, g *Var[T]) { grads[i] = g.value })
	return grads
}

// VJP returns the vector-Jacobian products cotangentᵀ·∂out/∂w for each w in
// wrt; cotangent has out's shape. For a scalar out and a cotangent of 1 it is
// Gradients.
func VJP[T Float](out *Var[T], cotangent *tensor.Tensor[T], wrt ...*Var[T]) []*tensor.Tensor[T] {
	if !out.value.SameShape(cotangent) {
		panic(fmt.Sprintf("autograd: VJP: output shape %v, cotangent shape %v", out.Shape(), cotangent.Shape()))
	}
	grads := make([]*tensor.Tensor[T], len(wrt))
	backward("VJP", out, cotangent, wrt, false, func(i int, g *Var[T]) { grads[i] = g.value })
	return grads
}

// GradientsGraph is Gradients with the backward pass recorded on the tape: the
// returned gradients are Vars that can be differentiated again (for
// Hessian-vector products: differentiate ⟨∇L, v⟩).
func GradientsGraph[T Float](loss *Var[T], wrt ...*Var[T]) []*Var[T] {
	if loss.value.Len() != 1 {
		panic(fmt.Sprintf("autograd: GradientsGraph: loss has shape %v; it must be a scalar", loss.Shape()))
	}
	grads := make([]*Var[T], len(wrt))
	backward("GradientsGraph", loss, nil, wrt, true, func(i int, g *Var[T]) { grads[i] = g })
	return grads
}

// backward walks the tape from out down to its first node, accumulating
// cotangents, and calls emit(i, gradient of wrt[i]) for each i.
func backward[T Float](op string, out *Var[T], cotangent *tensor.Tensor[T], wrt []*Var[T], graph bool, emit func(int, *Var[T])) {
	tp := out.tape
	for _, w := range wrt {
		if w.tape != tp || w.id < 0 {
			panic(fmt.Sprintf("autograd: %s: a variable of shape %v is not recorded on the loss's tape", op, w.Shape()))
		}
	}
	if tp == nil || out.id < 0 { // out does not depend on anything recorded
		for i, w := range wrt {
			emit(i, tp.wrap(tp.alloc(w.Shape()...)))
		}
		return
	}
	was := tp.SetRecording(graph)
	defer tp.SetRecording(was)
	if a := tp.anomaly; a != nil { // rules' intermediates are checked as gradients
		a.inBackward = true
		defer func() { a.inBackward = false }()
	}

	// grads[id] is the cotangent accumulated for node id. The slice is the
	// tape's, reused from call to call (taken while in use, in case a user's
	// rule should itself call backward).
	grads := tp.grads
	tp.grads = nil
	grads = append(grads[:0], make([]*Var[T], out.id+1)...)
	defer func() {
		clear(grads)
		tp.grads = grads
	}()
	if cotangent == nil {
		seed := tp.allocUncleared(out.Shape()...)
		seed.Fill(1)
		grads[out.id] = tp.wrap(seed)
	} else {
		grads[out.id] = tp.wrap(cotangent)
	}
	// Only nodes that lead to out matter; the others get no cotangent and are skipped.
	for id := out.id; id >= 0; id-- {
		g := grads[id]
		n := &tp.nodes[id] // valid even if the rule's operations grow tp.nodes (see builtin)
		var inputGrads []*Var[T]
		var fixed vjps[T]
		switch {
		case g == nil:
			continue
		case n.op != nil:
			fixed = n.op.vjp(n, g)
			inputGrads = fixed[:len(n.inputs)]
		case n.rule != nil:
			inputGrads = n.rule(g)
		default: // a leaf
			continue
		}
		for i, gi := range inputGrads {
			x := n.inputs[i]
			if gi == nil || x.id < 0 {
				continue
			}
			if tp.anomaly != nil {
				tp.checkGradient(id, i, gi)
			}
			if !slices.Equal(gi.Shape(), x.Shape()) {
				panic(fmt.Sprintf("autograd: internal error: a rule returned a gradient of shape %v for an input of shape %v", gi.Shape(), x.Shape()))
			}
			if prev := grads[x.id]; prev != nil {
				gi = Add(prev, gi)
			}
			grads[x.id] = gi
		}
	}
	for i, w := range wrt {
		// A w recorded after out (w.id > out.id) cannot reach it.
		if w.id <= out.id && grads[w.id] != nil {
			emit(i, grads[w.id])
		} else {
			emit(i, tp.wrap(tp.alloc(w.Shape()...)))
		}
	}
}
