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
	return tp.recordOp(y, addOp[T]{}, 0, 0, a, b)
}

type addOp[T Float] struct{}

func (addOp[T]) vjp(n *node[T], g *Var[T]) (d vjps[T]) {
	for i, x := range n.inputs {
		if x.Recorded() {
			d[i] = SumTo(g, x.Shape()...)
		}
	}
	return d
}

// Sub returns a − b elementwise with broadcasting.
// Gradient: ā = sumTo(ḡ), b̄ = −sumTo(ḡ).
func Sub[T Float](a, b *Var[T]) *Var[T] {
	tp, y := binaryValue("Sub", tensor.SubInto[T], a, b)
	return tp.recordOp(y, subOp[T]{}, 0, 0, a, b)
}

type subOp[T Float] struct{}

func (subOp[T]) vjp(n *node[T], g *Var[T]) (d vjps[T]) {
	a, b := n.inputs[0], n.inputs[1]
	if a.Recorded() {
		d[0] = SumTo(g, a.Shape()...)
	}
	if b.Recorded() {
		d[1] = Neg(SumTo(g, b.Shape()...))
	}
	return d
}

// Mul returns a · b elementwise with broadcasting.
// Gradient: ā = sumTo(ḡ·b), b̄ = sumTo(ḡ·a).
func Mul[T Float](a, b *Var[T]) *Var[T] {
	tp, y := binaryValue("Mul", tensor.MulInto[T], a, b)
	return tp.recordOp(y, mulOp[T]{}, 0, 0, a, b)
}

type mulOp[T Float] struct{}

func (mulOp[T]) vjp(n *node[T], g *Var[T]) (d vjps[T]) {
	a, b := n.inputs[0], n.inputs[1]
	if a.Recorded() {
		d[0] = SumTo(Mul(g, b), a.Shape()...)
	}
	if b.Recorded() {
		d[1] = SumTo(Mul(g, a), b.Shape()...)
	}
	return d
}

// Div returns a / b elementwise with broadcasting.
// Gradient: ā = sumTo(ḡ/b), b̄ = −sumTo(ḡ·y/b) where y = a/b.
func Div[T Float](a, b *Var[T]) *Var[T] {
	tp, y := binaryValue("Div", tensor.DivInto[T], a, b)
	return tp.recordOp(y, divOp[T]{}, 0, 0, a, b)
}

type divOp[T Float] struct{}

func (divOp[T]) vjp(n *node[T], g *Var[T]) (d vjps[T]) {
	a, b, y := n.inputs[0], n.inputs[1], n.out
	gOverB := Div(g, b)
	if a.Recorded() {
		d[0] = SumTo(gOverB, a.Shape()...)
	}
	if b.Recorded() {
		d[1] = Neg(SumTo(Mul(gOverB, y), b.Shape()...))
	}
	return d
}

// Pow returns a ^ b elementwise with broadcasting.
// Gradient: ā = sumTo(ḡ·b·a^(b−1)), b̄ = sumTo(ḡ·y·ln a) where y = a^b
// (b̄ is taken only when b is recorded: ln a is NaN for a < 0).
func Pow[T Float](a, b *Var[T]) *Var[T] {
	tp, y := binaryValue("Pow", tensor.PowInto[T], a, b)
	return tp.recordOp(y, powOp[T]{}, 0, 0, a, b)
}

type powOp[T Float] struct{}

func (powOp[T]) vjp(n *node[T], g *Var[T]) (d vjps[T]) {
	a, b, y := n.inputs[0], n.inputs[1], n.out
	if a.Recorded() {
		d[0] = SumTo(Mul(g, Mul(b, Pow(a, AddScalar(b, -1)))), a.Shape()...)
	}
	if b.Recorded() {
		d[1] = SumTo(Mul(g, Mul(y, Log(a))), b.Shape()...)
	}
	return d
}

// Maximum returns max(a, b) elementwise with broadcasting.
// Gradient: ḡ goes to the larger input; on a tie each gets ḡ/2 (as PyTorch).
func Maximum[T Float](a, b *Var[T]) *Var[T] {
	tp, y := binaryValue("Maximum", tensor.MaximumInto[T], a, b)
	return tp.recordOp(y, pickOp[T]{}, 0, 0, a, b)
}

// Minimum returns min(a, b) elementwise with broadcasting.
// Gradient: ḡ goes to the smaller input; on a tie each gets ḡ/2.
func Minimum[T Float](a, b *Var[T]) *Var[T] {
	tp, y := binaryValue("Minimum", tensor.MinimumInto[T], a, b)
	return tp.recordOp(y, pickOp[T]{}, 0, 1, a, b)
}

// pickOp is the backward of Maximum (k = 0) and Minimum (k = 1): ḡ goes to
// the input picked, split ½/½ on ties, then each part is summed down to its
// input's shape.
type pickOp[T Float] struct{}

func (pickOp[T]) vjp(n *node[T], g *Var[T]) vjps[T] {
	a, b := n.inputs[0], n.inputs[1]
	tp := g.tape
	first, second := a.value, b.value
	if n.k == 1 {
		first, second = second, first
	}
	// aMask = [first > second] + ½[first == second], bMask = 1 − aMask.
	aMask := tensor.GreaterInto(tp.allocUncleared(g.Shape()...), first, second)
	tie := tensor.EqualInto(tp.allocUncleared(g.Shape()...), first, second)
	aMask = tensor.AddInto(aMask, aMask, tensor.MulScalarInto(tie, tie, 0.5))
	bMask := tensor.AddScalarInto(tie, tensor.MulScalarInto(tie, aMask, -1), 1) // 1 − aMask, exact for 0, ½, 1
	return vjps[T]{
		SumTo(Mul(g, tp.wrap(aMask)), a.Shape()...),
		SumTo(Mul(g, tp.wrap(bMask)), b.Shape()...),
	}
}

// AddScalar returns x + s. Gradient: x̄ = ḡ.
func AddScalar[T Float](x *Var[T], s T) *Var[T] {
	tp := x.tape
	y := tensor.AddScalarInto(tp.allocUncleared(x.Shape()...), x.value, s)
	return tp.recordOp(y, identityOp[T]{}, s, 0, x)
}

// identityOp passes ḡ on unchanged (AddScalar's backward).
type identityOp[T Float] struct{}

func (identityOp[T]) vjp(_ *node[T], g *Var[T]) vjps[T] { return vjps[T]{g} }

// MulScalar returns s·x. Gradient: x̄ = s·ḡ.
func MulScalar[T Float](x *Var[T], s T) *Var[T] {
	tp := x.tape
	y := tensor.MulScalarInto(tp.allocUncleared(x.Shape()...), x.value, s)
	return tp.recordOp(y, mulScalarOp[T]{}, s, 0, x)
}

type mulScalarOp[T Float] struct{}

func (mulScalarOp[T]) vjp(n *node[T], g *Var[T]) vjps[T] { return vjps[T]{MulScalar(g, n.s)} }

// PowScalar returns x^p elementwise. Gradient: x̄ = ḡ·p·x^(p−1).
func PowScalar[T Float](x *Var[T], p T) *Var[T] {
	tp := x.tape
	y := tensor.PowScalarInto(tp.allocUncleared(x.Shape()...), x.value, p)
	return tp.recordOp(y, powScalarOp[T]{}, p, 0, x)
}

type powScalarOp[T Float] struct{}

func (powScalarOp[T]) vjp(n *node[T], g *Var[T]) vjps[T] {
	x, p := n.inputs[0], n.s
	return vjps[T]{Mul(g, MulScalar(PowScalar(x, p-1), p))}
}

// Neg returns −x. Gradient: x̄ = −ḡ.
func Neg[T Float](x *Var[T]) *Var[T] {
	tp, y := unaryValue(tensor.NegInto[T], x)
	return tp.recordOp(y, negOp[T]{}, 0, 0, x)
}

type negOp[T Float] struct{}

func (negOp[T]) vjp(_ *node[T], g *Var[T]) vjps[T] { return vjps[T]{Neg(g)} }

// Exp returns eˣ. Gradient: x̄ = ḡ·y.
func Exp[T Float](x *Var[T]) *Var[T] {
	tp, y := unaryValue(tensor.ExpInto[T], x)
	return tp.recordOp(y, expOp[T]{}, 0, 0, x)
}

type expOp[T Float] struct{}

func (expOp[T]) vjp(n *node[T], g *Var[T]) vjps[T] { return vjps[T]{Mul(g, n.out)} }

// Log returns ln x. Gradient: x̄ = ḡ/x.
func Log[T Float](x *Var[T]) *Var[T] {
	tp, y := unaryValue(tensor.LogInto[T], x)
	return tp.recordOp(y, logOp[T]{}, 0, 0, x)
}

type logOp[T Float] struct{}

func (logOp[T]) vjp(n *node[T], g *Var[T]) vjps[T] { return vjps[T]{Div(g, n.inputs[0])} }

// Sqrt returns √x. Gradient: x̄ = ḡ/(2y).
func Sqrt[T Float](x *Var[T]) *Var[T] {
	tp, y := unaryValue(tensor.SqrtInto[T], x)
	return tp.recordOp(y, sqrtOp[T]{}, 0, 0, x)
}

type sqrtOp[T Float] struct{}

func (sqrtOp[T]) vjp(n *node[T], g *Var[T]) vjps[T] { return vjps[T]{Div(g, MulScalar(n.out, 2))} }

// Tanh returns tanh x. Gradient: x̄ = ḡ·(1 − y²).
func Tanh[T Float](x *Var[T]) *Var[T] {
	tp, y := unaryValue(tensor.TanhInto[T], x)
	return tp.recordOp(y, tanhOp[T]{}, 0, 0, x)
}

type tanhOp[T Float] struct{}

func (tanhOp[T]) vjp(n *node[T], g *Var[T]) vjps[T] {
	return vjps[T]{Mul(g, AddScalar(Neg(Square(n.out)), 1))}
}

// Sigmoid returns σ(x) = 1/(1+e⁻ˣ), stable for large |x|. Gradient: x̄ = ḡ·y·(1 − y).
func Sigmoid[T Float](x *Var[T]) *Var[T] {
	tp, y := unaryValue(tensor.SigmoidInto[T], x)
	return tp.recordOp(y, sigmoidOp[T]{}, 0, 0, x)
}

type sigmoidOp[T Float] struct{}

func (sigmoidOp[T]) vjp(n *node[T], g *Var[T]) vjps[T] {
	y := n.out
	return vjps[T]{Mul(g, Mul(y, AddScalar(Neg(y), 1)))}
}

// Softplus returns ln(1 + eˣ), computed as max(x, 0) + ln(1 + e^−|x|) so that it
// neither overflows nor loses the small values. Gradient: x̄ = ḡ·σ(x).
//
// When x needs a gradient, σ(x) is computed with the value, from the same
// exponential, and kept as the node's second input: the backward pass
// evaluates no exponential, and records σ(x) as a Sigmoid node of x so that
// it can itself be differentiated.
func Softplus[T Float](x *Var[T]) *Var[T] {
	tp := x.tape
	if tp == nil || !tp.recording || x.id < 0 {
		tp, y := unaryValue(tensor.SoftplusInto[T], x)
		return tp.recordOp(y, softplusOp[T]{}, 0, 0, x)
	}
	y, s := tp.allocUncleared(x.Shape()...), tp.allocUncleared(x.Shape()...)
	tensor.SoftplusSigmoidInto(y, s, x.value)
	return tp.recordOp(y, softplusOp[T]{}, 0, 0, x, tp.wrap(s))
}

// softplusOp's node has inputs x and the unrecorded σ(x).
type softplusOp[T Float] struct{}

func (softplusOp[T]) vjp(n *node[T], g *Var[T]) vjps[T] {
	x, s := n.inputs[0], n.inputs[1]
	return vjps[T]{Mul(g, x.tape.recordOp(s.value, sigmoidOp[T]{}, 0, 0, x))}
}

// ReLU returns max(x, 0). Gradient: x̄ = gate(ḡ, x) = ḡ·[x > 0] (0 at x = 0, as PyTorch).
func ReLU[T Float](x *Var[T]) *Var[T] {
	tp, y := unaryValue(tensor.ReLUInto[T], x)
	return tp.recordOp(y, reluOp[T]{}, 0, 0, x)
}

type reluOp[T Float] struct{}

func (reluOp[T]) vjp(n *node[T], g *Var[T]) vjps[T] { return vjps[T]{gate(g, n.inputs[0])} }

// gate returns g·[x > 0] elementwise (g and x of the same shape): g where x
// is positive, 0·g elsewhere. It is ReLU's backward in one pass, where
// Mul(g, mask(Step, x)) took two and a buffer. A primitive, linear in g;
// [x > 0] is locally constant, so x gets no gradient.
// Gradient: ḡ = gate(h, x).
func gate[T Float](g, x *Var[T]) *Var[T] {
	tp, y := binaryValue("gate", tensor.GateInto[T], g, x)
	return tp.recordOp(y, gateOp[T]{}, 0, 0, g, x)
}

type gateOp[T Float] struct{}

func (gateOp[T]) vjp(n *node[T], h *Var[T]) vjps[T] { return vjps[T]{gate(h, n.inputs[1])} }

// Abs returns |x|. Gradient: x̄ = ḡ·sign(x) (0 at x = 0).
func Abs[T Float](x *Var[T]) *Var[T] {
	tp, y := unaryValue(tensor.AbsInto[T], x)
	return tp.recordOp(y, absOp[T]{}, 0, 0, x)
}

type absOp[T Float] struct{}

func (absOp[T]) vjp(n *node[T], g *Var[T]) vjps[T] {
	return vjps[T]{Mul(g, mask(tensor.SignInto[T], n.inputs[0]))}
}

// Square returns x². Gradient: x̄ = 2·ḡ·x.
func Square[T Float](x *Var[T]) *Var[T] {
	tp, y := unaryValue(tensor.SquareInto[T], x)
	return tp.recordOp(y, squareOp[T]{}, 0, 0, x)
}

type squareOp[T Float] struct{}

func (squareOp[T]) vjp(n *node[T], g *Var[T]) vjps[T] {
	return vjps[T]{Mul(g, MulScalar(n.inputs[0], 2))}
}
