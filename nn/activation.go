package nn

import "github.com/deeptheory/deeptheory/autograd"

// ReLU applies max(x, 0) elementwise. It has no parameters. Positively
// homogeneous: ReLU(αx) = α·ReLU(x) for α ≥ 0.
type ReLU[T Float] struct{}

// Params returns nothing.
func (ReLU[T]) Params() []Param[T] { return nil }

// Forward returns autograd.ReLU(x).
func (ReLU[T]) Forward(x *autograd.Var[T]) *autograd.Var[T] {
	return autograd.ReLU(x)
}

// Tanh applies tanh elementwise. It has no parameters.
type Tanh[T Float] struct{}

// Params returns nothing.
func (Tanh[T]) Params() []Param[T] { return nil }

// Forward returns autograd.Tanh(x).
func (Tanh[T]) Forward(x *autograd.Var[T]) *autograd.Var[T] {
	return autograd.Tanh(x)
}

// Sigmoid applies σ(x) = 1/(1 + e⁻ˣ) elementwise. It has no parameters.
type Sigmoid[T Float] struct{}

// Params returns nothing.
func (Sigmoid[T]) Params() []Param[T] { return nil }

// Forward returns autograd.Sigmoid(x).
func (Sigmoid[T]) Forward(x *autograd.Var[T]) *autograd.Var[T] {
	return autograd.Sigmoid(x)
}

// Softplus applies ln(1 + eˣ) elementwise, a smooth ReLU. It has no parameters.
type Softplus[T Float] struct{}

// Params returns nothing.
func (Softplus[T]) Params() []Param[T] { return nil }

// Forward returns autograd.Softplus(x).
func (Softplus[T]) Forward(x *autograd.Var[T]) *autograd.Var[T] {
	return autograd.Softplus(x)
}
