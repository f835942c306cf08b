package tensor

import (
	"fmt"
	"slices"

	"github.com/deeptheory/deeptheory/internal/kernel"
)

func unary[T Float](op kernel.UnaryOp, x *Tensor[T]) *Tensor[T] {
	out := &Tensor[T]{shape: cloneInts(x.shape), data: make([]T, len(x.data))}
	kernel.Unary(op, out.data, x.data)
	return out
}

// UnaryInto stores op(x) elementwise in dst (same shape as x; dst may be x) and returns dst.
func UnaryInto[T Float](op kernel.UnaryOp, dst, x *Tensor[T]) *Tensor[T] {
	if !slices.Equal(dst.shape, x.shape) {
		panic(fmt.Sprintf("tensor: UnaryInto: destination shape %v, source %v", dst.shape, x.shape))
	}
	kernel.Unary(op, dst.data, x.data)
	return dst
}

// Neg returns −x.
func Neg[T Float](x *Tensor[T]) *Tensor[T] { return unary(kernel.Neg, x) }

// Exp returns eˣ elementwise.
func Exp[T Float](x *Tensor[T]) *Tensor[T] { return unary(kernel.Exp, x) }

// Log returns ln x elementwise.
func Log[T Float](x *Tensor[T]) *Tensor[T] { return unary(kernel.Log, x) }

// Sqrt returns √x elementwise.
func Sqrt[T Float](x *Tensor[T]) *Tensor[T] { return unary(kernel.Sqrt, x) }

// Tanh returns tanh x elementwise.
func Tanh[T Float](x *Tensor[T]) *Tensor[T] { return unary(kernel.Tanh, x) }

// Sigmoid returns σ(x) = 1/(1+e⁻ˣ) elementwise, without overflow for large |x|.
func Sigmoid[T Float](x *Tensor[T]) *Tensor[T] { return unary(kernel.Sigmoid, x) }

// ReLU returns max(x, 0) elementwise.
func ReLU[T Float](x *Tensor[T]) *Tensor[T] { return unary(kernel.ReLU, x) }

// Abs returns |x| elementwise.
func Abs[T Float](x *Tensor[T]) *Tensor[T] { return unary(kernel.Abs, x) }

// Square returns x² elementwise.
func Square[T Float](x *Tensor[T]) *Tensor[T] { return unary(kernel.Square, x) }

// Step returns 1 where x > 0 and 0 elsewhere: ReLU's derivative, taken as 0 at 0 (as PyTorch).
func Step[T Float](x *Tensor[T]) *Tensor[T] { return unary(kernel.Step, x) }

// Sign returns −1, 0 or 1 by the sign of each element: |x|'s derivative, 0 at 0.
func Sign[T Float](x *Tensor[T]) *Tensor[T] { return unary(kernel.Sign, x) }
