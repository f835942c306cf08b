package autograd

import (
	"fmt"

	"github.com/deeptheory/deeptheory/tensor"
)

// MeanExpMargin returns the mean exponential of the negated margins yᵢ·xᵢ,
//
//	L = (1/N) Σᵢ exp(−yᵢ·xᵢ),
//
// for x and a constant y of the same shape with N elements: the exponential
// loss of scores x against labels y. It is one primitive for the composite
// Mean(Exp(Neg(Mul(Const(y), x)))), whose four operations and their four
// rules cost a tiny network's step a third of its bookkeeping; it computes
// the same floating-point operations in the same order, so its value and
// gradient are bit for bit the composite's (the test's oracle).
// Gradient: x̄ᵢ = −((ḡ/N)·eᵢ)·yᵢ with eᵢ = exp(−yᵢ·xᵢ). When the backward pass
// is itself recorded (GradientsGraph, Hessian) the rule is the composite's,
// recorded from primitives, so derivatives of every order are the
// composite's too.
func MeanExpMargin[T Float](x *Var[T], y *tensor.Tensor[T]) *Var[T] {
	if !x.value.SameShape(y) {
		panic(fmt.Sprintf("autograd: MeanExpMargin: x of shape %v, y of shape %v: want equal shapes", x.Shape(), y.Shape()))
	}
	tp := x.tape
	// e = exp(−(y·x)): Mul, Neg and Exp in place, as the composite.
	e := tensor.MulInto(tp.allocUncleared(x.Shape()...), y, x.value)
	tensor.ExpInto(e, tensor.NegInto(e, e))
	// L = Σ e · (1/N), as Mean.
	loss := tensor.SumInto(tp.allocUncleared(), e)
	tensor.MulScalarInto(loss, loss, 1/T(x.value.Len()))
	return tp.recordOp(loss, meanExpMarginOp[T]{}, 0, 0, x, tp.wrap(y), tp.wrap(e))
}

// meanExpMarginOp is MeanExpMargin's backward; the node's inputs are x and
// two unrecorded variables, the labels y and the saved exponentials e.
type meanExpMarginOp[T Float] struct{}

func (meanExpMarginOp[T]) vjp(n *node[T], g *Var[T]) vjps[T] {
	x, y, e := n.inputs[0], n.inputs[1], n.inputs[2]
	scale := 1 / T(x.value.Len())
	if tp := n.out.tape; tp.recording {
		// The composite's rules, recorded: MulScalar's, Sum's, Exp's (on
		// e recomputed as a recorded function of x), Neg's and Mul's.
		ex := Exp(Neg(Mul(y, x)))
		return vjps[T]{Mul(Neg(Mul(BroadcastTo(MulScalar(g, scale), x.Shape()...), ex)), y)}
	}
	// The same arithmetic in one pass: −((ḡ·(1/N))·eᵢ)·yᵢ.
	tp := n.out.tape
	gx := tp.allocUncleared(x.Shape()...)
	g1 := g.value.Item() * scale
	out, ev, yv := gx.Data(), e.value.Data(), y.value.Data()
	ev, yv = ev[:len(out)], yv[:len(out)]
	for i := range out {
		out[i] = -(g1 * ev[i]) * yv[i]
	}
	return vjps[T]{tp.wrap(gx)}
}
