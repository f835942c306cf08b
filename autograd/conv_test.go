package autograd

import (
	"fmt"
	"math"
	"testing"

	"github.com/deeptheory/deeptheory/tensor"
)

// conv2DComposite is Conv2D as the composite it replaced, kept as the oracle
// of the fused primitive: Unfold, one batched product with w viewed as
// [O, C·kh·kw], Add of the bias.
func conv2DComposite[T Float](x, w, b *Var[T], stride, padding [2]int) *Var[T] {
	xs, ws := x.Shape(), w.Shape()
	win := tensor.Window{Kernel: [2]int{ws[2], ws[3]}, Stride: stride, Padding: padding}
	ho, wo := win.Out(xs[2], xs[3])
	cols := Unfold(x, win)                                  // [N, C·kh·kw, Ho·Wo]
	y := MatMul(Reshape(w, ws[0], ws[1]*ws[2]*ws[3]), cols) // [N, O, Ho·Wo]
	if b != nil {
		y = Add(y, Reshape(b, ws[0], 1))
	}
	return Reshape(y, xs[0], ws[0], ho, wo)
}

// TestConv2DMatchesComposite compares the fused Conv2D with the composite on
// values, gradients, and second-order gradients (the gradient of
// ⟨∇⟨c, y⟩, d⟩, which runs through the rules of conv2dInput and
// conv2dWeight), over strides, paddings, 1×1 windows and a missing bias.
func TestConv2DMatchesComposite(t *testing.T) {
	g := newGen(9)
	cases := []struct {
		x, w            []int
		bias            bool
		stride, padding [2]int
	}{
		{[]int{2, 3, 6, 5}, []int{4, 3, 3, 3}, true, [2]int{1, 1}, [2]int{1, 1}},
		{[]int{3, 2, 7, 6}, []int{3, 2, 2, 3}, true, [2]int{2, 1}, [2]int{0, 2}},
		{[]int{2, 4, 3, 5}, []int{5, 4, 1, 1}, false, [2]int{1, 1}, [2]int{0, 0}},
		{[]int{1, 2, 5, 5}, []int{2, 2, 3, 1}, true, [2]int{3, 2}, [2]int{3, 1}},
	}
	for _, c := range cases {
		t.Run(fmt.Sprint(c.x, c.w, c.stride, c.padding), func(t *testing.T) {
			inputs := []*T64{g.normal(c.x...), g.normal(c.w...), g.normal(c.w[0])}
			var cot *T64
			dirs := []*T64{g.normal(c.x...), g.normal(c.w...), g.normal(c.w[0])}
			run := func(conv func(x, w, b *V, stride, padding [2]int) *V) []*T64 {
				tp := NewTape[float64]()
				vars := make([]*V, 3)
				for i, in := range inputs {
					vars[i] = tp.Param(in)
				}
				b := vars[2]
				if !c.bias {
					b = nil
				}
				y := conv(vars[0], vars[1], b, c.stride, c.padding)
				if cot == nil {
					cot = g.normal(y.Shape()...)
				}
				wrt := vars[:2]
				if c.bias {
					wrt = vars
				}
				grads := GradientsGraph(Sum(Mul(y, Const(cot))), wrt...)
				dot := Scalar(0.0)
				for i, gi := range grads {
					dot = Add(dot, Sum(Mul(gi, Const(dirs[i]))))
				}
				out := []*T64{y.Value()}
				for _, gi := range grads {
					out = append(out, gi.Value())
				}
				return append(out, Gradients(dot, wrt...)...)
			}
			want := run(conv2DComposite[float64])
			got := run(Conv2D[float64])
			for i := range want {
				if d := maxRelDiff(got[i], want[i]); !(d <= 1e-12) {
					t.Errorf("result %d (value, gradients, second-order gradients) differs by %g", i, d)
				}
			}
		})
	}
}

// maxRelDiff is max |a − b| over max(max |b|, 1), for tensors of equal shape.
func maxRelDiff(a, b *T64) float64 {
	if !a.SameShape(b) {
		return math.Inf(1)
	}
	scale, diff := 1.0, 0.0
	for i, v := range b.Data() {
		scale = math.Max(scale, math.Abs(v))
		diff = math.Max(diff, math.Abs(a.Data()[i]-v))
	}
	return diff / scale
}
