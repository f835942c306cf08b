package autograd

import (
	"fmt"

	"github.com/deeptheory/deeptheory/tensor"
)

// Hessian returns the full matrix of second derivatives of the scalar loss
// with respect to the variables wrt taken together:
//
//	H[i, j] = ∂²loss / ∂θᵢ ∂θⱼ,  θ = (vec w₁, vec w₂, …, vec w_k),
//
// a [P, P] tensor, P = Σ len(wᵢ), where vec flattens a variable in
// row-major order and the variables are concatenated in the order given.
//
// Column j is the Hessian-vector product H·eⱼ (HessianVectorProduct, a
// double backward pass: the gradient is recorded on the tape and ⟨∇loss, eⱼ⟩
// differentiated again), so the cost is P times that of two gradients, and
// the tape keeps the P recorded backward passes and their buffers (memory
// linear in P times the graph's size) until its Reset. Use it for small P
// (a few hundred); for more, use HessianVectorProduct in an iterative
// method.
//
// Symmetry: the exact Hessian is symmetric, but H[i, j] and H[j, i] come
// from different products (columns j and i) and may differ in the last
// bits. Hessian returns the symmetrized matrix (H + Hᵀ)/2, which is exactly
// symmetric (as symmetric eigen-solvers require) and differs from each raw
// column by at most half that rounding-level asymmetry.
//
// loss must be a scalar computed on a recording tape from wrt; a loss that
// does not depend on the variables has the zero Hessian. It panics if loss
// is not a scalar.
func Hessian[T Float](loss *Var[T], wrt []*Var[T]) *tensor.Tensor[T] {
	if loss.Value().Len() != 1 {
		panic(fmt.Sprintf("autograd: Hessian: loss has shape %v; it must be a scalar", loss.Shape()))
	}
	// offsets[k] is where variable k starts in θ.
	offsets := make([]int, len(wrt)+1)
	for k, w := range wrt {
		offsets[k+1] = offsets[k] + w.Value().Len()
	}
	p := offsets[len(wrt)]
	h := tensor.Zeros[T](p, p)
	hd := h.Data()
	for k, w := range wrt {
		for local := range w.Value().Len() {
			j := offsets[k] + local
			// The direction eⱼ: zero in every variable but a one in w_k.
			dirs := make([]*tensor.Tensor[T], len(wrt))
			for i, v := range wrt {
				dirs[i] = tensor.Zeros[T](v.Shape()...)
			}
			dirs[k].Data()[local] = 1
			col := HessianVectorProduct(loss, wrt, dirs)
			for i, c := range col {
				for a, x := range c.Data() {
					hd[(offsets[i]+a)*p+j] = x
				}
			}
		}
	}
	for i := range p {
		for j := i + 1; j < p; j++ {
			mean := (hd[i*p+j] + hd[j*p+i]) / 2
			hd[i*p+j], hd[j*p+i] = mean, mean
		}
	}
	return h
}
