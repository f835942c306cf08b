package nn

import "github.com/deeptheory/deeptheory/autograd"

// MaxPool2D takes the maximum of each Kernel window of x [N, C, H, W],
// windows stepping by Stride (a zero Stride means Stride = Kernel, PyTorch's
// default), without padding. It has no parameters.
type MaxPool2D[T Float] struct {
	Kernel, Stride [2]int
}

// Params returns nothing.
func (MaxPool2D[T]) Params() []Param[T] { return nil }

// Forward returns autograd.MaxPool2D(x, Kernel, Stride).
func (p MaxPool2D[T]) Forward(x *autograd.Var[T]) *autograd.Var[T] {
	return autograd.MaxPool2D(x, p.Kernel, poolStride(p.Kernel, p.Stride))
}

// AvgPool2D takes the mean of each Kernel window of x [N, C, H, W], windows
// stepping by Stride (zero: Stride = Kernel), without padding. It has no
// parameters. Positively homogeneous, like ReLU and MaxPool2D.
type AvgPool2D[T Float] struct {
	Kernel, Stride [2]int
}

// Params returns nothing.
func (AvgPool2D[T]) Params() []Param[T] { return nil }

// Forward returns autograd.AvgPool2D(x, Kernel, Stride).
func (p AvgPool2D[T]) Forward(x *autograd.Var[T]) *autograd.Var[T] {
	return autograd.AvgPool2D(x, p.Kernel, poolStride(p.Kernel, p.Stride))
}

func poolStride(kernel, stride [2]int) [2]int {
	if stride == [2]int{} {
		return kernel
	}
	return stride
}

// Flatten keeps dimension 0 and flattens the others row-major,
// [N, d₁, ..., dₖ] → [N, d₁···dₖ], as PyTorch's nn.Flatten. It has no parameters.
type Flatten[T Float] struct{}

// Params returns nothing.
func (Flatten[T]) Params() []Param[T] { return nil }

// Forward returns autograd.Flatten(x).
func (Flatten[T]) Forward(x *autograd.Var[T]) *autograd.Var[T] {
	return autograd.Flatten(x)
}
