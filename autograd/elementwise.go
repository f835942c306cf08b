package autograd

import (
	"slices"

	"github.com/deeptheory/deeptheory/internal/shapes"
	"github.com/deeptheory/deeptheory/tensor"
)

// binaryInto is a tensor function storing op(a, b) with broadcasting in dst.
type binaryInto[T Float] func(dst, a, b *tensor.Tensor[T]) *tensor.Tensor[T]

// unaryInto is a tensor function storing op(x) elementwise in dst.
type unaryInto[T Float] func(dst, x *tensor.Tensor[T]) *tensor.Tensor[T]

// binaryValue computes op(a, b) with broadcasting into a tensor from the tape's pool.
func binaryValue[T Float](name string, op binaryInto[T], a, b *Var[T]) (*Tape[T], *tensor.Tensor[T]) {
	tp := tapeOf(name, a, b)
	shape := a.Shape()
	if !slices.Equal(a.Shape(), b.Shape()) {
		s, ok := shapes.AppendBroadcast(tp.shapeBuf(), a.Shape(), b.Shape())
		if !ok {
			panic("autograd: " + name + ": shapes " + shapeString(a.Shape()) + " and " + shapeString(b.Shape()) + " do not broadcast")
		}
		shape = s
	}
	return tp, op(tp.allocUncleared(shape...), a.value, b.value)
}

// unaryValue computes op(x) elementwise into a tensor from the tape's pool.
func unaryValue[T Float](op unaryInto[T], x *Var[T]) (*Tape[T], *tensor.Tensor[T]) {
	tp := x.tape
	return tp, op(tp.allocUncleared(x.Shape()...), x.value)
}

// mask returns the unrecorded variable op(x): a locally constant factor, such
// as ReLU's 0/1 derivative, whose own derivative is zero almost everywhere.
func mask[T Float](op unaryInto[T], x *Var[T]) *Var[T] {
	tp, m := unaryValue(op, x)
	return tp.wrap(m)
}

// Add returns a + b elementwise with NumPy broadcasting.
// Gradient: ā = sumTo(ḡ, shape a), b̄ = sumTo(ḡ, shape b).
func Add[T Float](a, b *Var[T]) *Var[T] {
	tp, y := binaryValue("Add", tensor.AddInto[T], a, b)
	return tp.record(y, func(g *Var[T]) []*Var[T] {
		return []*Var[T]{SumTo(g, a.Shape()...), SumTo(g, b.Shape()...)}
	}, a, b)
}

// Sub returns a − b elementwise with broadcasting.
// Gradient: ā = sumTo(ḡ), b̄ = −sumTo(ḡ).
func Sub[T Float](a, b *Var[T]) *Var[T] {
	tp, y := binaryValue("Sub", tensor.SubInto[T], a, b)
	return tp.record(y, func(g *Var[T]) []*Var[T] {
		var gb *Var[T]
		if b.Recorded() {
			gb = Neg(SumTo(g, b.Shape()...))
		}
		return []*Var[T]{SumTo(g, a.Shape()...), gb}
	}, a, b)
}

// Mul returns a · b elementwise with broadcasting.
// Gradient: ā = sumTo(ḡ·b), b̄ = sumTo(ḡ·a).
func Mul[T Float](a, b *Var[T]) *Var[T] {
	tp, y := binaryValue("Mul", tensor.MulInto[T], a, b)
	return tp.record(y, func(g *Var[T]) []*Var[T] {
		var ga, gb *Var[T]
		if a.Recorded() {
			ga = SumTo(Mul(g, b), a.Shape()...)
		}
		if b.Recorded() {
			gb = SumTo(Mul(g, a), b.Shape()...)
		}
		return []*Var[T]{ga, gb}
	}, a, b)
}

// Div returns a / b elementwise with broadcasting.
// Gradient: ā = sumTo(ḡ/b), b̄ = −sumTo(ḡ·y/b) where y = a/b.
func Div[T Float](a, b *Var[T]) *Var[T] {
	tp, value := binaryValue("Div", tensor.DivInto[T], a, b)
	var y *Var[T]
	y = tp.record(value, func(g *Var[T]) []*Var[T] {
		var ga, gb *Var[T]
		gOverB := Div(g, b)
		if a.Recorded() {
			ga = SumTo(gOverB, a.Shape()...)
		}
		if b.Recorded() {
			gb = Neg(SumTo(Mul(gOverB, y), b.Shape()...))
		}
		return []*Var[T]{ga, gb}
	}, a, b)
	return y
}

// Pow returns a ^ b elementwise with broadcasting.
// Gradient: ā = sumTo(ḡ·b·a^(b−1)), b̄ = sumTo(ḡ·y·ln a) where y = a^b
// (b̄ is taken only when b is recorded: ln a is NaN for a < 0).
func Pow[T Float](a, b *Var[T]) *Var[T] {
	tp, value := binaryValue("Pow", tensor.PowInto[T], a, b)
	var y *Var[T]
	y = tp.record(value, func(g *Var[T]) []*Var[T] {
		var ga, gb *Var[T]
		if a.Recorded() {
			ga = SumTo(Mul(g, Mul(b, Pow(a, AddScalar(b, -1)))), a.Shape()...)
		}
		if b.Recorded() {
			gb = SumTo(Mul(g, Mul(y, Log(a))), b.Shape()...)
		}
		return []*Var[T]{ga, gb}
	}, a, b)
	return y
}

// Maximum returns max(a, b) elementwise with broadcasting.
// Gradient: ḡ goes to the larger input; on a tie each gets ḡ/2 (as PyTorch).
func Maximum[T Float](a, b *Var[T]) *Var[T] {
	tp, y := binaryValue("Maximum", tensor.MaximumInto[T], a, b)
	return tp.record(y, func(g *Var[T]) []*Var[T] { return pickGrads(g, a, b, false) }, a, b)
}

// Minimum returns min(a, b) elementwise with broadcasting.
// Gradient: ḡ goes to the smaller input; on a tie each gets ḡ/2.
func Minimum[T Float](a, b *Var[T]) *Var[T] {
	tp, y := binaryValue("Minimum", tensor.MinimumInto[T], a, b)
	return tp.record(y, func(g *Var[T]) []*Var[T] { return pickGrads(g, a, b, true) }, a, b)
}

// pickGrads returns the gradients (ā, b̄) of max(a, b), or of min(a, b) when
// smaller: ḡ goes to the input picked, split ½/½ on ties, then each part is
// summed down to its input's shape.
func pickGrads[T Float](g, a, b *Var[T], smaller bool) []*Var[T] {
	tp := g.tape
	first, second := a.value, b.value
	if smaller {
		first, second = second, first
	}
	// aMask = [first > second] + ½[first == second], bMask = 1 − aMask.
	aMask := tensor.GreaterInto(tp.allocUncleared(g.Shape()...), first, second)
	tie := tensor.EqualInto(tp.allocUncleared(g.Shape()...), first, second)
	aMask = tensor.AddInto(aMask, aMask, tensor.MulScalarInto(tie, tie, 0.5))
	bMask := tensor.AddScalarInto(tie, tensor.MulScalarInto(tie, aMask, -1), 1) // 1 − aMask, exact for 0, ½, 1
	return []*Var[T]{
		SumTo(Mul(g, tp.wrap(aMask)), a.Shape()...),
		SumTo(Mul(g, tp.wrap(bMask)), b.Shape()...),
	}
}

// AddScalar returns x + s. Gradient: x̄ = ḡ.
func AddScalar[T Float](x *Var[T], s T) *Var[T] {
	tp := x.tape
	y := tensor.AddScalarInto(tp.allocUncleared(x.Shape()...), x.value, s)
	return tp.record(y, func(g *Var[T]) []*Var[T] { return []*Var[T]{g} }, x)
}

// MulScalar returns s·x. Gradient: x̄ = s·ḡ.
func MulScalar[T Float](x *Var[T], s T) *Var[T] {
	tp := x.tape
	y := tensor.MulScalarInto(tp.allocUncleared(x.Shape()...), x.value, s)
	return tp.record(y, func(g *Var[T]) []*Var[T] { return []*Var[T]{MulScalar(g, s)} }, x)
}

// PowScalar returns x^p elementwise. Gradient: x̄ = ḡ·p·x^(p−1).
func PowScalar[T Float](x *Var[T], p T) *Var[T] {
	tp := x.tape
	y := tensor.PowScalarInto(tp.allocUncleared(x.Shape()...), x.value, p)
	return tp.record(y, func(g *Var[T]) []*Var[T] {
		return []*Var[T]{Mul(g, MulScalar(PowScalar(x, p-1), p))}
	}, x)
}

// Neg returns −x. Gradient: x̄ = −ḡ.
func Neg[T Float](x *Var[T]) *Var[T] {
	tp, y := unaryValue(tensor.NegInto[T], x)
	return tp.record(y, func(g *Var[T]) []*Var[T] { return []*Var[T]{Neg(g)} }, x)
}

// Exp returns eˣ. Gradient: x̄ = ḡ·y.
func Exp[T Float](x *Var[T]) *Var[T] {
	tp, value := unaryValue(tensor.ExpInto[T], x)
	var y *Var[T]
	y = tp.record(value, func(g *Var[T]) []*Var[T] { return []*Var[T]{Mul(g, y)} }, x)
	return y
}

// Log returns ln x. Gradient: x̄ = ḡ/x.
func Log[T Float](x *Var[T]) *Var[T] {
	tp, y := unaryValue(tensor.LogInto[T], x)
	return tp.record(y, func(g *Var[T]) []*Var[T] { return []*Var[T]{Div(g, x)} }, x)
}

// Sqrt returns √x. Gradient: x̄ = ḡ/(2y).
func Sqrt[T Float](x *Var[T]) *Var[T] {
	tp, value := unaryValue(tensor.SqrtInto[T], x)
	var y *Var[T]
	y = tp.record(value, func(g *Var[T]) []*Var[T] { return []*Var[T]{Div(g, MulScalar(y, 2))} }, x)
	return y
}

// Tanh returns tanh x. Gradient: x̄ = ḡ·(1 − y²).
func Tanh[T Float](x *Var[T]) *Var[T] {
	tp, value := unaryValue(tensor.TanhInto[T], x)
	var y *Var[T]
	y = tp.record(value, func(g *Var[T]) []*Var[T] {
		return []*Var[T]{Mul(g, AddScalar(Neg(Square(y)), 1))}
	}, x)
	return y
}

// Sigmoid returns σ(x) = 1/(1+e⁻ˣ), stable for large |x|. Gradient: x̄ = ḡ·y·(1 − y).
func Sigmoid[T Float](x *Var[T]) *Var[T] {
	tp, value := unaryValue(tensor.SigmoidInto[T], x)
	var y *Var[T]
	y = tp.record(value, func(g *Var[T]) []*Var[T] {
		return []*Var[T]{Mul(g, Mul(y, AddScalar(Neg(y), 1)))}
	}, x)
	return y
}

// Softplus returns ln(1 + eˣ), computed as max(x, 0) + ln(1 + e^−|x|) so that it
// neither overflows nor loses the small values. Gradient: x̄ = ḡ·σ(x).
func Softplus[T Float](x *Var[T]) *Var[T] {
	tp, y := unaryValue(tensor.SoftplusInto[T], x)
	return tp.record(y, func(g *Var[T]) []*Var[T] { return []*Var[T]{Mul(g, Sigmoid(x))} }, x)
}

// ReLU returns max(x, 0). Gradient: x̄ = gate(ḡ, x) = ḡ·[x > 0] (0 at x = 0, as PyTorch).
func ReLU[T Float](x *Var[T]) *Var[T] {
	tp, y := unaryValue(tensor.ReLUInto[T], x)
	return tp.record(y, func(g *Var[T]) []*Var[T] { return []*Var[T]{gate(g, x)} }, x)
}

// gate returns g·[x > 0] elementwise (g and x of the same shape): g where x
// is positive, 0·g elsewhere. It is ReLU's backward in one pass, where
// Mul(g, mask(Step, x)) took two and a buffer. A primitive, linear in g;
// [x > 0] is locally constant, so x gets no gradient.
// Gradient: ḡ = gate(h, x).
func gate[T Float](g, x *Var[T]) *Var[T] {
	tp, y := binaryValue("gate", tensor.GateInto[T], g, x)
	return tp.record(y, func(h *Var[T]) []*Var[T] { return []*Var[T]{gate(h, x), nil} }, g, x)
}

// Abs returns |x|. Gradient: x̄ = ḡ·sign(x) (0 at x = 0).
func Abs[T Float](x *Var[T]) *Var[T] {
	tp, y := unaryValue(tensor.AbsInto[T], x)
	return tp.record(y, func(g *Var[T]) []*Var[T] { return []*Var[T]{Mul(g, mask(tensor.SignInto[T], x))} }, x)
}

// Square returns x². Gradient: x̄ = 2·ḡ·x.
func Square[T Float](x *Var[T]) *Var[T] {
	tp, y := unaryValue(tensor.SquareInto[T], x)
	return tp.record(y, func(g *Var[T]) []*Var[T] { return []*Var[T]{Mul(g, MulScalar(x, 2))} }, x)
}
