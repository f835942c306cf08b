package kernel

import "math"

// BinaryOp names an elementwise function of two arguments.
type BinaryOp uint8

// The binary ops. Greater and Equal give 1 where the relation holds and 0 elsewhere.
const (
	Add     BinaryOp = iota // x + y
	Sub                     // x − y
	Mul                     // x · y
	Div                     // x / y
	Pow                     // x ^ y
	Maximum                 // max(x, y), NaN if either is NaN
	Minimum                 // min(x, y), NaN if either is NaN
	Greater                 // 1 if x > y else 0
	Equal                   // 1 if x == y else 0
	Gate                    // x·[y > 0]: x where y is positive, 0·x elsewhere (ReLU's backward)
)

// Binary computes dst[i] = op(a[i·sa], b[i·sb]) for every i < len(dst).
// The strides sa and sb are 1 (walk the operand) or 0 (repeat its first element):
// that is all NumPy broadcasting needs in the innermost dimension. Long maps are
// cut into parts that run in parallel (see split.go); each element is computed
// alone, so the cut changes nothing.
func Binary[T Float](op BinaryOp, dst, a []T, sa int, b []T, sb int) {
	if len(dst) >= splitWarmCost/binaryCost(op) {
		if parts, wake := splitPlan(float64(len(dst)*binaryCost(op)), len(dst)/splitAlign); parts > 1 {
			runMap(&mapJob[T]{kind: mapBinary, bop: op, dst: dst, a: a, sa: sa, b: b, sb: sb}, parts, wake)
			return
		}
	}
	binary(op, dst, a, sa, b, sb)
}

// BinaryScalar is Binary with the scalar s as second operand:
// dst[i] = a[i] op s. Unlike a one-element slice passed to Binary, the
// scalar does not escape, so a call allocates nothing.
func BinaryScalar[T Float](op BinaryOp, dst, a []T, s T) {
	if len(dst) >= splitWarmCost/binaryCost(op) {
		if parts, wake := splitPlan(float64(len(dst)*binaryCost(op)), len(dst)/splitAlign); parts > 1 {
			runMap(&mapJob[T]{kind: mapBinaryScalar, bop: op, dst: dst, a: a, alpha: s}, parts, wake)
			return
		}
	}
	b := [1]T{s}
	binary(op, dst, a, 1, b[:], 0)
}

// binaryCost is the cost of an element of op (see split.go).
func binaryCost(op BinaryOp) int {
	if op == Pow {
		return costExpensive
	}
	return 1
}

// binary is Binary on the calling goroutine.
func binary[T Float](op BinaryOp, dst, a []T, sa int, b []T, sb int) {
	n := len(dst)
	if n == 0 {
		return
	}
	switch op {
	case Add:
		switch {
		case sa == 1 && sb == 1:
			a, b = a[:n], b[:n]
			for i := range dst {
				dst[i] = a[i] + b[i]
			}
		case sa == 0 && sb == 1:
			x, b := a[0], b[:n]
			for i := range dst {
				dst[i] = x + b[i]
			}
		case sa == 1 && sb == 0:
			a, y := a[:n], b[0]
			for i := range dst {
				dst[i] = a[i] + y
			}
		default:
			zip(dst, a, sa, b, sb, func(x, y T) T { return x + y })
		}
	case Sub:
		switch {
		case sa == 1 && sb == 1:
			a, b = a[:n], b[:n]
			for i := range dst {
				dst[i] = a[i] - b[i]
			}
		case sa == 1 && sb == 0:
			a, y := a[:n], b[0]
			for i := range dst {
				dst[i] = a[i] - y
			}
		default:
			zip(dst, a, sa, b, sb, func(x, y T) T { return x - y })
		}
	case Mul:
		switch {
		case sa == 1 && sb == 1:
			a, b = a[:n], b[:n]
			for i := range dst {
				dst[i] = a[i] * b[i]
			}
		case sa == 0 && sb == 1:
			x, b := a[0], b[:n]
			for i := range dst {
				dst[i] = x * b[i]
			}
		case sa == 1 && sb == 0:
			a, y := a[:n], b[0]
			for i := range dst {
				dst[i] = a[i] * y
			}
		default:
			zip(dst, a, sa, b, sb, func(x, y T) T { return x * y })
		}
	case Div:
		if sa == 1 && sb == 1 {
			a, b = a[:n], b[:n]
			for i := range dst {
				dst[i] = a[i] / b[i]
			}
			return
		}
		zip(dst, a, sa, b, sb, func(x, y T) T { return x / y })
	case Pow:
		zip(dst, a, sa, b, sb, func(x, y T) T { return T(math.Pow(float64(x), float64(y))) })
	case Maximum:
		zip(dst, a, sa, b, sb, func(x, y T) T { return T(math.Max(float64(x), float64(y))) })
	case Minimum:
		zip(dst, a, sa, b, sb, func(x, y T) T { return T(math.Min(float64(x), float64(y))) })
	case Greater:
		zip(dst, a, sa, b, sb, func(x, y T) T { return indicator[T](x > y) })
	case Equal:
		zip(dst, a, sa, b, sb, func(x, y T) T { return indicator[T](x == y) })
	case Gate:
		if sa == 1 && sb == 1 {
			a, b = a[:n], b[:n]
			for i := range dst {
				dst[i] = a[i] * indicator[T](b[i] > 0)
			}
			return
		}
		zip(dst, a, sa, b, sb, func(x, y T) T { return x * indicator[T](y > 0) })
	default:
		panic("kernel: Binary: unknown op")
	}
}

// indicator is 1 if b else 0. It goes through an integer so that the compiler
// makes it a SETcc instruction rather than a branch: on data whose sign is
// random (ReLU's input) a branch is mispredicted half the time, which made
// Step and ReLU cost 5 ns an element.
func indicator[T Float](b bool) T {
	n := 0
	if b {
		n = 1
	}
	return T(n)
}

// zip is the general loop behind Binary: dst[i] = f(a[i·sa], b[i·sb]), with
// the strides 0 or 1 taken out of the loop so that it needs no bounds checks.
func zip[T Float](dst, a []T, sa int, b []T, sb int, f func(x, y T) T) {
	n := len(dst)
	switch {
	case sa == 1 && sb == 1:
		a, b = a[:n], b[:n]
		for i := range dst {
			dst[i] = f(a[i], b[i])
		}
	case sa == 0 && sb == 1:
		x, b := a[0], b[:n]
		for i := range dst {
			dst[i] = f(x, b[i])
		}
	case sa == 1 && sb == 0:
		a, y := a[:n], b[0]
		for i := range dst {
			dst[i] = f(a[i], y)
		}
	default:
		ia, ib := 0, 0
		for i := range dst {
			dst[i] = f(a[ia], b[ib])
			ia += sa
			ib += sb
		}
	}
}

// UnaryOp names an elementwise function of one argument.
type UnaryOp uint8

// The unary ops.
const (
	Neg      UnaryOp = iota // −x
	Exp                     // eˣ
	Log                     // ln x
	Sqrt                    // √x
	Tanh                    // tanh x
	Sigmoid                 // 1/(1+e⁻ˣ), computed without overflow
	ReLU                    // max(x, 0); ReLU(NaN) = NaN
	Abs                     // |x|
	Square                  // x²
	Step                    // 1 if x > 0 else 0: the derivative of ReLU, with 0 at 0
	Sign                    // −1, 0 or 1: the derivative of |x|, with 0 at 0
	Softplus                // ln(1 + eˣ), computed as max(x,0) + ln(1 + e^−|x|)
)

// Unary computes dst[i] = op(src[i]) for every i < len(dst); src may be dst.
// Long maps are cut into parts that run in parallel, as in Binary.
func Unary[T Float](op UnaryOp, dst, src []T) {
	if len(dst) >= splitWarmCost/unaryCost(op) {
		if parts, wake := splitPlan(float64(len(dst)*unaryCost(op)), len(dst)/splitAlign); parts > 1 {
			runMap(&mapJob[T]{kind: mapUnary, uop: op, dst: dst, a: src}, parts, wake)
			return
		}
	}
	unary(op, dst, src)
}

// unaryCost is the cost of an element of op (see split.go).
func unaryCost(op UnaryOp) int {
	switch op {
	case Exp, Log, Tanh, Sigmoid, Softplus:
		return costExpensive
	}
	return 1
}

// unary is Unary on the calling goroutine.
func unary[T Float](op UnaryOp, dst, src []T) {
	src = src[:len(dst)]
	switch op {
	case Neg:
		for i, x := range src {
			dst[i] = -x
		}
	case Exp:
		map64(dst, src, math.Exp)
	case Log:
		map64(dst, src, math.Log)
	case Sqrt:
		for i, x := range src {
			dst[i] = T(math.Sqrt(float64(x)))
		}
	case Tanh:
		map64(dst, src, math.Tanh)
	case Sigmoid:
		map64(dst, src, sigmoid)
	case ReLU:
		// The built-in max propagates NaN, maps −0 to +0 and compiles
		// without a branch (see indicator).
		for i, x := range src {
			dst[i] = max(x, 0)
		}
	case Abs:
		for i, x := range src {
			dst[i] = T(math.Abs(float64(x)))
		}
	case Square:
		for i, x := range src {
			dst[i] = x * x
		}
	case Step:
		for i, x := range src {
			dst[i] = indicator[T](x > 0)
		}
	case Sign:
		for i, x := range src {
			switch {
			case x > 0:
				dst[i] = 1
			case x < 0:
				dst[i] = -1
			default:
				dst[i] = x * 0 // 0, or NaN for NaN
			}
		}
	case Softplus:
		for i, x := range src {
			v := float64(x)
			dst[i] = T(math.Max(v, 0) + math.Log1p(math.Exp(-math.Abs(v))))
		}
	default:
		panic("kernel: Unary: unknown op")
	}
}

// map64 computes dst[i] = f(src[i]) in float64, for the functions of package
// math (whose call costs more than the indirection).
func map64[T Float](dst, src []T, f func(float64) float64) {
	dst = dst[:len(src)]
	for i, x := range src {
		dst[i] = T(f(float64(x)))
	}
}

// sigmoid is 1/(1+e⁻ˣ), evaluated so that neither branch overflows.
func sigmoid(x float64) float64 {
	if x >= 0 {
		return 1 / (1 + math.Exp(-x))
	}
	e := math.Exp(x)
	return e / (1 + e)
}

// Fill sets every element of dst to v. It writes the first 16 elements one
// by one, doubles that prefix by copying it after itself up to 1024
// elements, and then copies the 1024-element block over the rest: copy is
// the runtime's vectorized memmove, reading from L1, which fills memory about
// seven times faster than the one-element loop a plain for loop compiles to
// (measured on 2 MiB of float32). Long slices are filled in parallel parts.
func Fill[T Float](dst []T, v T) {
	if len(dst) >= splitWarmCost {
		if parts, wake := splitPlan(float64(len(dst)), len(dst)/splitAlign); parts > 1 {
			runMap(&mapJob[T]{kind: mapFill, dst: dst, alpha: v}, parts, wake)
			return
		}
	}
	fill(dst, v)
}

// fill is Fill on the calling goroutine.
func fill[T Float](dst []T, v T) {
	filled := min(len(dst), 16)
	for i := range dst[:filled] {
		dst[i] = v
	}
	for block := min(len(dst), 1024); filled < block; {
		filled += copy(dst[filled:min(2*filled, block)], dst[:filled])
	}
	for at := filled; at < len(dst); at += filled {
		copy(dst[at:], dst[:filled])
	}
}

// Axpy computes y[i] += alpha·x[i] for every i < len(y), in parallel parts
// when y is long.
func Axpy[T Float](alpha T, x, y []T) {
	if len(y) >= splitWarmCost {
		if parts, wake := splitPlan(float64(len(y)), len(y)/splitAlign); parts > 1 {
			runMap(&mapJob[T]{kind: mapAxpy, dst: y, a: x, alpha: alpha}, parts, wake)
			return
		}
	}
	axpy(alpha, x, y)
}

// axpy is Axpy on the calling goroutine.
func axpy[T Float](alpha T, x, y []T) {
	x = x[:len(y)]
	for i, v := range x {
		y[i] += alpha * v
	}
}

// Scale computes x[i] *= alpha, in parallel parts when x is long.
func Scale[T Float](alpha T, x []T) {
	if len(x) >= splitWarmCost {
		if parts, wake := splitPlan(float64(len(x)), len(x)/splitAlign); parts > 1 {
			runMap(&mapJob[T]{kind: mapScale, dst: x, alpha: alpha}, parts, wake)
			return
		}
	}
	scale(alpha, x)
}

// scale is Scale on the calling goroutine.
func scale[T Float](alpha T, x []T) {
	for i := range x {
		x[i] *= alpha
	}
}

// Dot returns Σ x[i]·y[i], summed in index order.
func Dot[T Float](x, y []T) T {
	y = y[:len(x)]
	var s T
	for i, v := range x {
		s += v * y[i]
	}
	return s
}

// Dot64 returns Σ x[i]·y[i] accumulated in float64 (len(y) ≥ len(x)): the
// inner product that norms of float32 tensors take without losing digits.
func Dot64[T Float](x, y []T) float64 {
	var s float64
	for i, v := range x {
		s += float64(v) * float64(y[i])
	}
	return s
}
