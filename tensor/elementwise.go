package tensor

import (
	"fmt"
	"slices"

	"github.com/deeptheory/deeptheory/internal/kernel"
	"github.com/deeptheory/deeptheory/internal/shapes"
)

// binary applies op elementwise with NumPy broadcasting into a new tensor.
func binary[T Float](name string, op kernel.BinaryOp, a, b *Tensor[T]) *Tensor[T] {
	if slices.Equal(a.shape, b.shape) {
		out := &Tensor[T]{shape: cloneInts(a.shape), data: make([]T, len(a.data))}
		kernel.Binary(op, out.data, a.data, 1, b.data, 1)
		return out
	}
	out := Zeros[T](broadcastOrPanic(name, a.shape, b.shape)...)
	broadcastBinary(op, out, a, b)
	return out
}

// binaryInto is binary writing into dst, whose shape must be the broadcast shape.
// dst may be a or b when it has their shape.
func binaryInto[T Float](name string, op kernel.BinaryOp, dst, a, b *Tensor[T]) *Tensor[T] {
	if slices.Equal(a.shape, b.shape) && slices.Equal(dst.shape, a.shape) {
		kernel.Binary(op, dst.data, a.data, 1, b.data, 1)
		return dst
	}
	var buf [8]int // the broadcast shape, built without allocating
	shape, ok := shapes.AppendBroadcast(buf[:0], a.shape, b.shape)
	if !ok || !slices.Equal(dst.shape, shape) {
		// Not broadcastOrPanic's result: the message would make buf escape.
		want := broadcastOrPanic(name, a.shape, b.shape)
		panic(fmt.Sprintf("tensor: %s: destination shape %v, want %v for shapes %v and %v", name, dst.shape, want, a.shape, b.shape))
	}
	broadcastBinary(op, dst, a, b)
	return dst
}

// A broadcastWalk is out's index space as seen by two operands a and b
// broadcast to it: dims of out, merged where possible, with each operand's
// stride in each (0 where it is broadcast). The slices live in an array of
// the caller's (the usual ranks without allocating; higher ranks spill to the
// heap): a walk that pointed into itself would be moved to the heap.
type broadcastWalk struct {
	dims, sa, sb []int
}

// walkBuf is the storage of a broadcastWalk's slices.
type walkBuf [3][8]int

// newBroadcastWalk returns the walk of out for operands of shapes a and b, in buf. Adjacent
// dimensions that both operands step through as one contiguous run are
// merged and dimensions of size 1 dropped, so the innermost run is as long as
// possible and each operand's stride in it is 0 or 1.
func newBroadcastWalk(buf *walkBuf, out, a, b []int) broadcastWalk {
	dims, wa, wb := buf[0][:0], buf[1][:0], buf[2][:0]
	var bufA, bufB [8]int
	sa := broadcastStrides(bufA[:0], a, out)
	sb := broadcastStrides(bufB[:0], b, out)
	for d, size := range out {
		if size == 1 {
			continue
		}
		if k := len(dims) - 1; k >= 0 && wa[k] == sa[d]*size && wb[k] == sb[d]*size {
			dims[k] *= size
			wa[k], wb[k] = sa[d], sb[d]
			continue
		}
		dims, wa, wb = append(dims, size), append(wa, sa[d]), append(wb, sb[d])
	}
	return broadcastWalk{dims: dims, sa: wa, sb: wb}
}

// broadcastBinary computes out = op(a, b) with a and b broadcast to out's shape.
func broadcastBinary[T Float](op kernel.BinaryOp, out, a, b *Tensor[T]) {
	if len(out.data) == 0 {
		return
	}
	var buf walkBuf
	w := newBroadcastWalk(&buf, out.shape, a.shape, b.shape)
	kernel.BinaryBroadcast(op, out.data, a.data, b.data, w.dims, w.sa, w.sb)
}

// Add returns a + b elementwise, with NumPy broadcasting.
func Add[T Float](a, b *Tensor[T]) *Tensor[T] { return binary("Add", kernel.Add, a, b) }

// Sub returns a − b elementwise, with NumPy broadcasting.
func Sub[T Float](a, b *Tensor[T]) *Tensor[T] { return binary("Sub", kernel.Sub, a, b) }

// Mul returns a · b elementwise, with NumPy broadcasting.
func Mul[T Float](a, b *Tensor[T]) *Tensor[T] { return binary("Mul", kernel.Mul, a, b) }

// Div returns a / b elementwise, with NumPy broadcasting.
func Div[T Float](a, b *Tensor[T]) *Tensor[T] { return binary("Div", kernel.Div, a, b) }

// Pow returns a ^ b elementwise, with NumPy broadcasting (math.Pow's special cases).
func Pow[T Float](a, b *Tensor[T]) *Tensor[T] { return binary("Pow", kernel.Pow, a, b) }

// Maximum returns max(a, b) elementwise, with NumPy broadcasting; NaN wins.
func Maximum[T Float](a, b *Tensor[T]) *Tensor[T] { return binary("Maximum", kernel.Maximum, a, b) }

// Minimum returns min(a, b) elementwise, with NumPy broadcasting; NaN wins.
func Minimum[T Float](a, b *Tensor[T]) *Tensor[T] { return binary("Minimum", kernel.Minimum, a, b) }

// Greater returns 1 where a > b and 0 elsewhere, with NumPy broadcasting.
func Greater[T Float](a, b *Tensor[T]) *Tensor[T] { return binary("Greater", kernel.Greater, a, b) }

// Equal returns 1 where a == b and 0 elsewhere, with NumPy broadcasting.
func Equal[T Float](a, b *Tensor[T]) *Tensor[T] { return binary("Equal", kernel.Equal, a, b) }

// AddInto stores a + b in dst (shape: the broadcast of a and b) and returns dst.
func AddInto[T Float](dst, a, b *Tensor[T]) *Tensor[T] {
	return binaryInto("AddInto", kernel.Add, dst, a, b)
}

// SubInto stores a − b in dst and returns dst.
func SubInto[T Float](dst, a, b *Tensor[T]) *Tensor[T] {
	return binaryInto("SubInto", kernel.Sub, dst, a, b)
}

// MulInto stores a · b in dst and returns dst.
func MulInto[T Float](dst, a, b *Tensor[T]) *Tensor[T] {
	return binaryInto("MulInto", kernel.Mul, dst, a, b)
}

// DivInto stores a / b in dst and returns dst.
func DivInto[T Float](dst, a, b *Tensor[T]) *Tensor[T] {
	return binaryInto("DivInto", kernel.Div, dst, a, b)
}

// PowInto stores a ^ b in dst and returns dst.
func PowInto[T Float](dst, a, b *Tensor[T]) *Tensor[T] {
	return binaryInto("PowInto", kernel.Pow, dst, a, b)
}

// MaximumInto stores max(a, b) in dst and returns dst.
func MaximumInto[T Float](dst, a, b *Tensor[T]) *Tensor[T] {
	return binaryInto("MaximumInto", kernel.Maximum, dst, a, b)
}

// MinimumInto stores min(a, b) in dst and returns dst.
func MinimumInto[T Float](dst, a, b *Tensor[T]) *Tensor[T] {
	return binaryInto("MinimumInto", kernel.Minimum, dst, a, b)
}

// GreaterInto stores [a > b] (1 or 0) in dst and returns dst.
func GreaterInto[T Float](dst, a, b *Tensor[T]) *Tensor[T] {
	return binaryInto("GreaterInto", kernel.Greater, dst, a, b)
}

// EqualInto stores [a == b] (1 or 0) in dst and returns dst.
func EqualInto[T Float](dst, a, b *Tensor[T]) *Tensor[T] {
	return binaryInto("EqualInto", kernel.Equal, dst, a, b)
}

// GateInto stores a·[b > 0] in dst and returns dst: a where b is positive,
// 0·a elsewhere, in one pass (ReLU's backward: a the output's gradient, b
// ReLU's input).
func GateInto[T Float](dst, a, b *Tensor[T]) *Tensor[T] {
	return binaryInto("GateInto", kernel.Gate, dst, a, b)
}

// AddScalarInto stores x + s in dst (x's shape) and returns dst.
func AddScalarInto[T Float](dst, x *Tensor[T], s T) *Tensor[T] {
	checkSameShape("AddScalarInto", dst, x)
	kernel.BinaryScalar(kernel.Add, dst.data, x.data, s)
	return dst
}

// MulScalarInto stores s·x in dst (x's shape) and returns dst.
func MulScalarInto[T Float](dst, x *Tensor[T], s T) *Tensor[T] {
	checkSameShape("MulScalarInto", dst, x)
	kernel.BinaryScalar(kernel.Mul, dst.data, x.data, s)
	return dst
}

// PowScalarInto stores x ^ p in dst (x's shape) and returns dst.
func PowScalarInto[T Float](dst, x *Tensor[T], p T) *Tensor[T] {
	checkSameShape("PowScalarInto", dst, x)
	kernel.BinaryScalar(kernel.Pow, dst.data, x.data, p)
	return dst
}

// AddScaledInto adds α·x to dst in place, dst ← dst + α·x (BLAS's axpy;
// same shapes), and returns dst.
func AddScaledInto[T Float](dst *Tensor[T], alpha T, x *Tensor[T]) *Tensor[T] {
	checkSameShape("AddScaledInto", dst, x)
	kernel.Axpy(alpha, x.data, dst.data)
	return dst
}

// checkSameShape panics unless dst and x have the same shape.
func checkSameShape[T Float](op string, dst, x *Tensor[T]) {
	if !slices.Equal(dst.shape, x.shape) {
		panic(fmt.Sprintf("tensor: %s: destination shape %v, source %v", op, dst.shape, x.shape))
	}
}

// AddScalar returns x + s elementwise.
func AddScalar[T Float](x *Tensor[T], s T) *Tensor[T] { return Add(x, Scalar(s)) }

// MulScalar returns s · x elementwise.
func MulScalar[T Float](x *Tensor[T], s T) *Tensor[T] { return Mul(x, Scalar(s)) }

// PowScalar returns x ^ p elementwise.
func PowScalar[T Float](x *Tensor[T], p T) *Tensor[T] { return Pow(x, Scalar(p)) }

// BroadcastTo returns x repeated along broadcast dimensions to the given shape,
// with NumPy's rules. It panics if x's shape does not broadcast to shape.
func BroadcastTo[T Float](x *Tensor[T], shape ...int) *Tensor[T] {
	return BroadcastToInto(Zeros[T](shape...), x)
}

// BroadcastToInto stores x broadcast to dst's shape in dst and returns dst.
func BroadcastToInto[T Float](dst, x *Tensor[T]) *Tensor[T] {
	if !broadcastsTo(x.shape, dst.shape) {
		panic(fmt.Sprintf("tensor: BroadcastTo: shape %v does not broadcast to %v", x.shape, dst.shape))
	}
	switch {
	case len(dst.data) == 0:
	case len(x.data) == len(dst.data): // only dimensions of size 1 differ
		copy(dst.data, x.data)
	case len(x.data) == 1:
		dst.Fill(x.data[0])
	default:
		broadcastCopy(dst, x)
	}
	return dst
}

// broadcastCopy stores x broadcast to out's shape in out: each innermost run
// of out is a copy of x's elements (stride 1) or a fill with one of them
// (stride 0).
func broadcastCopy[T Float](out, x *Tensor[T]) {
	var buf walkBuf
	w := newBroadcastWalk(&buf, out.shape, x.shape, x.shape)
	kernel.BroadcastCopy(out.data, x.data, w.dims, w.sa)
}
