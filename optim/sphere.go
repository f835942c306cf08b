package optim

import (
	"fmt"
	"io"
	"math"

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

// NewSphere returns a projected sphere optimizer with learning rate lr.
func NewSphere[T Float](lr float64) *Sphere[T] {
	checkLR("NewSphere", lr)
	return &Sphere[T]{st: state[T]{kind: "sphere", lr: lr}}
}

// LR returns the current learning rate.
func (o *Sphere[T]) LR() float64 { return o.st.lr }

// SetLR sets the learning rate for the following steps.
func (o *Sphere[T]) SetLR(lr float64) { checkLR("Sphere.SetLR", lr); o.st.lr = lr }

// Steps returns the number of steps taken.
func (o *Sphere[T]) Steps() int { return o.st.steps }

// Step moves every params[i] along the sphere against grads[i] (see Sphere).
func (o *Sphere[T]) Step(params, grads []*tensor.Tensor[T]) {
	checkStep("Sphere", params, grads, &o.st)
	o.st.ensure(params)
	for i, p := range params {
		v, g := p.Data(), grads[i].Data()
		norm := math.Sqrt(dot(v, v))
		if norm == 0 {
			panic(fmt.Sprintf("optim: Sphere.Step: parameter %d (shape %v) is zero and has no direction", i, p.Shape()))
		}
		inv := 1 / norm
		ug := dot(v, g) * inv // ⟨u, g⟩
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
	vv := dot(vd, vd)
	if vv == 0 {
		panic(fmt.Sprintf("optim: Tangent: v (shape %v) is zero", v.Shape()))
	}
	c := dot(vd, gd) / vv
	out := tensor.Zeros[T](g.Shape()...)
	od := out.Data()
	for j := range od {
		od[j] = T(float64(gd[j]) - c*float64(vd[j]))
	}
	return out
}

// dot returns Σ a[j]·b[j] accumulated in float64.
func dot[T Float](a, b []T) float64 {
	var s float64
	for j := range a {
		s += float64(a[j]) * float64(b[j])
	}
	return s
}

// SaveState writes the step count and learning rate (Sphere keeps no buffers).
func (o *Sphere[T]) SaveState(w io.Writer) error { return o.st.save(w, nil) }

// LoadState restores a state written by SaveState for params.
func (o *Sphere[T]) LoadState(r io.Reader, params []*tensor.Tensor[T]) error {
	return o.st.load(r, params)
}
