package tensor

import "github.com/deeptheory/deeptheory/internal/kernel"

func unary[T Float](op kernel.UnaryOp, x *Tensor[T]) *Tensor[T] {
	out := &Tensor[T]{shape: cloneInts(x.shape), data: make([]T, len(x.data))}
	kernel.Unary(op, out.data, x.data)
	return out
}

// unaryInto stores op(x) elementwise in dst (x's shape; dst may be x) and returns dst.
func unaryInto[T Float](name string, op kernel.UnaryOp, dst, x *Tensor[T]) *Tensor[T] {
	checkSameShape(name, dst, x)
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

// Softplus returns ln(1 + eˣ) elementwise, computed as max(x, 0) + ln(1 + e^−|x|)
// (no overflow for large x, no loss of precision for very negative x).
func Softplus[T Float](x *Tensor[T]) *Tensor[T] { return unary(kernel.Softplus, x) }

// The Into forms store the same functions elementwise in dst, which has x's
// shape and may be x, and return dst.

// NegInto stores −x elementwise in dst and returns dst.
func NegInto[T Float](dst, x *Tensor[T]) *Tensor[T] {
	return unaryInto("NegInto", kernel.Neg, dst, x)
}

// ExpInto stores eˣ elementwise in dst and returns dst.
func ExpInto[T Float](dst, x *Tensor[T]) *Tensor[T] {
	return unaryInto("ExpInto", kernel.Exp, dst, x)
}

// LogInto stores ln x elementwise in dst and returns dst.
func LogInto[T Float](dst, x *Tensor[T]) *Tensor[T] {
	return unaryInto("LogInto", kernel.Log, dst, x)
}

// SqrtInto stores √x elementwise in dst and returns dst.
func SqrtInto[T Float](dst, x *Tensor[T]) *Tensor[T] {
	return unaryInto("SqrtInto", kernel.Sqrt, dst, x)
}

// TanhInto stores tanh x elementwise in dst and returns dst.
func TanhInto[T Float](dst, x *Tensor[T]) *Tensor[T] {
	return unaryInto("TanhInto", kernel.Tanh, dst, x)
}

// SigmoidInto stores σ(x) elementwise in dst and returns dst.
func SigmoidInto[T Float](dst, x *Tensor[T]) *Tensor[T] {
	return unaryInto("SigmoidInto", kernel.Sigmoid, dst, x)
}

// ReLUInto stores max(x, 0) elementwise in dst and returns dst.
func ReLUInto[T Float](dst, x *Tensor[T]) *Tensor[T] {
	return unaryInto("ReLUInto", kernel.ReLU, dst, x)
}

// AbsInto stores |x| elementwise in dst and returns dst.
func AbsInto[T Float](dst, x *Tensor[T]) *Tensor[T] {
	return unaryInto("AbsInto", kernel.Abs, dst, x)
}

// SquareInto stores x² elementwise in dst and returns dst.
func SquareInto[T Float](dst, x *Tensor[T]) *Tensor[T] {
	return unaryInto("SquareInto", kernel.Square, dst, x)
}

// StepInto stores [x > 0] elementwise in dst and returns dst.
func StepInto[T Float](dst, x *Tensor[T]) *Tensor[T] {
	return unaryInto("StepInto", kernel.Step, dst, x)
}

// SignInto stores sign(x) elementwise in dst and returns dst.
func SignInto[T Float](dst, x *Tensor[T]) *Tensor[T] {
	return unaryInto("SignInto", kernel.Sign, dst, x)
}

// SoftplusInto stores ln(1 + eˣ) elementwise in dst and returns dst.
func SoftplusInto[T Float](dst, x *Tensor[T]) *Tensor[T] {
	return unaryInto("SoftplusInto", kernel.Softplus, dst, x)
}
