package autograd

import (
	"slices"

	"github.com/deeptheory/deeptheory/tensor"
)

// HessianVectorProduct returns H·v, where H is the Hessian of the scalar loss
// with respect to the variables wrt taken together, and v holds one tensor per
// variable (its direction in that variable):
//
//	(H·v)ᵢ = Σⱼ ∂²loss/∂wᵢ∂wⱼ · vⱼ.
//
// H is never formed (Pearlmutter's trick): the backward pass is recorded with
// GradientsGraph, and ⟨∇loss, v⟩ is differentiated once more, at about the
// cost of two gradients. loss must have been computed on a recording tape;
// the recorded backward pass stays on the tape until Reset, and the results
// belong to the tape's pool.
func HessianVectorProduct[T Float](loss *Var[T], wrt []*Var[T], v []*tensor.Tensor[T]) []*tensor.Tensor[T] {
	if len(v) != len(wrt) {
		panicf("HessianVectorProduct: %d directions for %d variables", len(v), len(wrt))
	}
	for i, w := range wrt {
		if !slices.Equal(w.Shape(), v[i].Shape()) {
			panicf("HessianVectorProduct: direction %d has shape %v, its variable %v", i, v[i].Shape(), w.Shape())
		}
	}
	grads := GradientsGraph(loss, wrt...)
	var dot *Var[T] // ⟨∇loss, v⟩
	for i, g := range grads {
		term := Sum(Mul(g, Const(v[i])))
		if dot == nil {
			dot = term
		} else {
			dot = Add(dot, term)
		}
	}
	if dot == nil {
		return nil
	}
	return Gradients(dot, wrt...)
}
