package optim

import (
	"fmt"
	"io"
	"math"
	"slices"

	"github.com/deeptheory/deeptheory/autograd"
	"github.com/deeptheory/deeptheory/tensor"
)

// Sphere is projected gradient descent on the unit sphere, one sphere per
// parameter tensor: the discrete form of the constrained dynamics
// V̇ = −S∇L, ‖V‖ = 1, with S the tangent projector of the sphere at V.
// For each parameter V with gradient g, writing ⟨·,·⟩ for the Frobenius
// inner product,
//
//	u ← V/‖V‖                   (V is on the sphere already after one step)
//	S g = g − u·⟨u, g⟩           (the tangent component of g)
//	V ← (u − η·S g) / ‖u − η·S g‖
//
// so every parameter has Frobenius norm 1 after a step. The norm of a
// layer (ρ_k in the paper) is the caller's to integrate separately. Sums
// are accumulated in float64. A zero parameter has no direction: Step
// panics on one.
type Sphere[T Float] struct {
	st state[T]
}

// NewSphere returns a projected sphere optimizer for params with learning
// rate lr.
func NewSphere[T Float](params []autograd.Param[T], lr float64) *Sphere[T] {
	return &Sphere[T]{st: newState("NewSphere", "sphere", nil, params, lr)}
}

// LR returns the current learning rate.
func (o *Sphere[T]) LR() float64 { return o.st.lr }

// SetLR sets the learning rate for the following steps.
func (o *Sphere[T]) SetLR(lr float64) { o.st.setLR(lr) }

// Steps returns the number of steps taken.
func (o *Sphere[T]) Steps() int { return o.st.steps }

// Params returns the bound parameters.
func (o *Sphere[T]) Params() []autograd.Param[T] { return slices.Clone(o.st.params) }

// Step moves every parameter along the sphere against its gradient of loss
// (see Optimizer.Step and Sphere).
func (o *Sphere[T]) Step(loss *autograd.Var[T]) { o.Update(o.st.gradients(loss)) }

// Update moves every parameter along the sphere against grads[i], the
// gradient of Params()[i] (see Sphere).
func (o *Sphere[T]) Update(grads []*tensor.Tensor[T]) {
	o.st.checkUpdate(grads)
	o.st.ensure()
	for i, p := range o.st.params {
		v, g := p.Value.Data(), grads[i].Data()
		norm := tensor.Norm(p.Value)
		if norm == 0 {
			panic(fmt.Sprintf("optim: Sphere.Update: parameter %q (shape %v) is zero and has no direction", p.Name, p.Value.Shape()))
		}
		inv := 1 / norm
		ug := tensor.Dot(p.Value, grads[i]) * inv // ⟨u, g⟩
		var sq float64
		for j := range v {
			u := float64(v[j]) * inv
			w := u - o.st.lr*(float64(g[j])-u*ug)
			v[j] = T(w)
			sq += w * w
		}
		scale := 1 / math.Sqrt(sq)
		for j := range v {
			v[j] = T(float64(v[j]) * scale)
		}
	}
	o.st.steps++
}

// Tangent returns S g = g − u·⟨u, g⟩ with u = v/‖v‖: the component of g
// tangent to the sphere through v (a new tensor). It panics if the shapes
// differ or v is zero.
func Tangent[T Float](v, g *tensor.Tensor[T]) *tensor.Tensor[T] {
	if !v.SameShape(g) {
		panic(fmt.Sprintf("optim: Tangent: shapes %v and %v differ", v.Shape(), g.Shape()))
	}
	vd, gd := v.Data(), g.Data()
	vv := tensor.Dot(v, v)
	if vv == 0 {
		panic(fmt.Sprintf("optim: Tangent: v (shape %v) is zero", v.Shape()))
	}
	c := tensor.Dot(v, g) / vv
	out := tensor.Zeros[T](g.Shape()...)
	od := out.Data()
	for j := range od {
		od[j] = T(float64(gd[j]) - c*float64(vd[j]))
	}
	return out
}

// SaveState writes the step count and learning rate (Sphere keeps no buffers).
func (o *Sphere[T]) SaveState(w io.Writer) error { return o.st.save(w, nil) }

// LoadState restores a state written by SaveState (for parameters with
// the same names); on error nothing changes.
func (o *Sphere[T]) LoadState(r io.Reader) error { return o.st.load(r) }
