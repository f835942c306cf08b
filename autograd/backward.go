package autograd

import (
	"fmt"

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
	return values(backward("Gradients", loss, nil, wrt, false))
}

// VJP returns the vector-Jacobian products cotangentᵀ·∂out/∂w for each w in
// wrt; cotangent has out's shape. For a scalar out and a cotangent of 1 it is
// Gradients.
func VJP[T Float](out *Var[T], cotangent *tensor.Tensor[T], wrt ...*Var[T]) []*tensor.Tensor[T] {
	if !out.value.SameShape(cotangent) {
		panic(fmt.Sprintf("autograd: VJP: output shape %v, cotangent shape %v", out.Shape(), cotangent.Shape()))
	}
	return values(backward("VJP", out, cotangent, wrt, false))
}

// GradientsGraph is Gradients with the backward pass recorded on the tape: the
// returned gradients are Vars that can be differentiated again (for
// Hessian-vector products: differentiate ⟨∇L, v⟩).
func GradientsGraph[T Float](loss *Var[T], wrt ...*Var[T]) []*Var[T] {
	if loss.value.Len() != 1 {
		panic(fmt.Sprintf("autograd: GradientsGraph: loss has shape %v; it must be a scalar", loss.Shape()))
	}
	return backward("GradientsGraph", loss, nil, wrt, true)
}

func values[T Float](vars []*Var[T]) []*tensor.Tensor[T] {
	out := make([]*tensor.Tensor[T], len(vars))
	for i, v := range vars {
		out[i] = v.value
	}
	return out
}

// backward walks the tape from out down to its first node, accumulating
// cotangents, and returns those of wrt.
func backward[T Float](op string, out *Var[T], cotangent *tensor.Tensor[T], wrt []*Var[T], graph bool) []*Var[T] {
	tp := out.tape
	for _, w := range wrt {
		if w.tape != tp || w.id < 0 {
			panic(fmt.Sprintf("autograd: %s: a variable of shape %v is not recorded on the loss's tape", op, w.Shape()))
		}
	}
	result := make([]*Var[T], len(wrt))
	if tp == nil || out.id < 0 { // out does not depend on anything recorded
		for i, w := range wrt {
			result[i] = tp.wrap(tp.alloc(w.Shape()...))
		}
		return result
	}
	was := tp.SetRecording(graph)
	defer tp.SetRecording(was)

	grads := make([]*Var[T], out.id+1)
	if cotangent == nil {
		seed := tp.alloc(out.Shape()...)
		seed.Fill(1)
		grads[out.id] = tp.wrap(seed)
	} else {
		grads[out.id] = tp.wrap(cotangent)
	}
	// Only nodes that lead to out matter; the others get no cotangent and are skipped.
	for id := out.id; id >= 0; id-- {
		g := grads[id]
		n := tp.nodes[id]
		if g == nil || n.rule == nil {
			continue
		}
		for i, gi := range n.rule(g) {
			x := n.inputs[i]
			if gi == nil || x.id < 0 {
				continue
			}
			if !equalShape(gi.Shape(), x.Shape()) {
				panic(fmt.Sprintf("autograd: internal error: a rule returned a gradient of shape %v for an input of shape %v", gi.Shape(), x.Shape()))
			}
			if prev := grads[x.id]; prev != nil {
				gi = Add(prev, gi)
			}
			grads[x.id] = gi
		}
	}
	for i, w := range wrt {
		if g := grads[w.id]; g != nil {
			result[i] = g
		} else {
			result[i] = tp.wrap(tp.alloc(w.Shape()...))
		}
	}
	return result
}

func equalShape(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
