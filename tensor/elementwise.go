package tensor

import (
	"fmt"
	"slices"

	"github.com/deeptheory/deeptheory/internal/kernel"
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
	shape := broadcastOrPanic(name, a.shape, b.shape)
	if !slices.Equal(dst.shape, shape) {
		panic(fmt.Sprintf("tensor: %s: destination shape %v, want %v for shapes %v and %v", name, dst.shape, shape, a.shape, b.shape))
	}
	broadcastBinary(op, dst, a, b)
	return dst
}

// broadcastBinary walks out's index space. Adjacent dimensions that are laid out
// alike in both operands are merged first, so the innermost loop is as long as
// possible and each operand's stride in it is 0 or 1.
func broadcastBinary[T Float](op kernel.BinaryOp, out, a, b *Tensor[T]) {
	if len(out.data) == 0 {
		return
	}
	dims := cloneInts(out.shape)
	sa := broadcastStrides(a.shape, out.shape)
	sb := broadcastStrides(b.shape, out.shape)
	dims, sa, sb = mergeDims(dims, sa, sb)
	last := len(dims) - 1
	if last < 0 { // scalars
		kernel.Binary(op, out.data, a.data, 0, b.data, 0)
		return
	}
	n, ia, ib := dims[last], sa[last], sb[last]
	index := make([]int, last)
	offA, offB := 0, 0
	for off := 0; off < len(out.data); off += n {
		kernel.Binary(op, out.data[off:off+n], a.data[offA:], ia, b.data[offB:], ib)
		// Advance the odometer over the outer dimensions.
		for d := last - 1; d >= 0; d-- {
			index[d]++
			offA += sa[d]
			offB += sb[d]
			if index[d] < dims[d] {
				break
			}
			offA -= sa[d] * dims[d]
			offB -= sb[d] * dims[d]
			index[d] = 0
		}
	}
}

// mergeDims merges dimension d into d+1 wherever both operands step through
// them as one contiguous run, and drops dimensions of size 1.
func mergeDims(dims, sa, sb []int) ([]int, []int, []int) {
	var md, ma, mb []int
	for d := range dims {
		if dims[d] == 1 {
			continue
		}
		if k := len(md) - 1; k >= 0 && ma[k] == sa[d]*dims[d] && mb[k] == sb[d]*dims[d] {
			md[k] *= dims[d]
			ma[k], mb[k] = sa[d], sb[d]
			continue
		}
		md, ma, mb = append(md, dims[d]), append(ma, sa[d]), append(mb, sb[d])
	}
	return md, ma, mb
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

// BinaryInto stores op(a, b) in dst with broadcasting and returns dst: the general
// form behind AddInto and friends, for callers that pick the op at run time.
func BinaryInto[T Float](op kernel.BinaryOp, dst, a, b *Tensor[T]) *Tensor[T] {
	return binaryInto("BinaryInto", op, dst, a, b)
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

// broadcastCopy stores x broadcast to out's shape in out, walking out's index
// space as broadcastBinary does: each innermost run is a copy of x's
// elements (stride 1) or a fill with one of them (stride 0).
func broadcastCopy[T Float](out, x *Tensor[T]) {
	sx := broadcastStrides(x.shape, out.shape)
	dims, sx, _ := mergeDims(out.shape, sx, sx)
	last := len(dims) - 1
	n, ix := dims[last], sx[last]
	index := make([]int, last)
	offX := 0
	for off := 0; off < len(out.data); off += n {
		run := out.data[off : off+n]
		if ix == 1 {
			copy(run, x.data[offX:])
		} else {
			kernel.Fill(run, x.data[offX])
		}
		for d := last - 1; d >= 0; d-- {
			index[d]++
			offX += sx[d]
			if index[d] < dims[d] {
				break
			}
			offX -= sx[d] * dims[d]
			index[d] = 0
		}
	}
}
