package autograd

import (
	"fmt"
	"math"
	"runtime"
	"testing"

	"github.com/deeptheory/deeptheory/tensor"
)

// locallyConnected2DComposite is LocallyConnected2D as the composite it
// replaced, kept as the oracle of the primitive: Unfold gives cols
// [N, K, P]; permuted to [P, N, K] it meets w viewed as [P, O, K] in one
// batched product per position, permuted back to [N, O, P], plus b.
func locallyConnected2DComposite[T Float](x, w, b *Var[T], stride, padding [2]int) *Var[T] {
	xs, ws := x.Shape(), w.Shape()
	win := tensor.Window{Kernel: [2]int{ws[4], ws[5]}, Stride: stride, Padding: padding}
	ho, wo := win.Out(xs[2], xs[3])
	positions, out, k := ho*wo, ws[2], ws[3]*ws[4]*ws[5]
	cols := Permute(Unfold(x, win), 2, 0, 1)                       // [P, N, K]
	y := MatMulT(cols, Reshape(w, positions, out, k), false, true) // [P, N, O]
	y = Reshape(Permute(y, 1, 2, 0), xs[0], out, ho, wo)           // [N, O, Ho, Wo]
	if b != nil {
		y = Add(y, b)
	}
	return y
}

// locallyConnected1DComposite is LocallyConnected1D as the composite it
// replaced: locallyConnected2DComposite on x viewed as [N, C, 1, L].
func locallyConnected1DComposite[T Float](x, w, b *Var[T], stride int) *Var[T] {
	xs, ws := x.Shape(), w.Shape()
	lout := ws[0]
	var b2 *Var[T]
	if b != nil {
		b2 = Reshape(b, ws[1], 1, lout)
	}
	y := locallyConnected2DComposite(Reshape(x, xs[0], xs[1], 1, xs[2]), Reshape(w, 1, lout, ws[1], ws[2], 1, ws[3]), b2,
		[2]int{1, stride}, [2]int{0, 0})
	return Reshape(y, xs[0], ws[1], lout)
}

// localCase is one shape of the locally connected tests: x and w's shapes,
// the window's stride and padding (1-D when x has rank 3), and whether there
// is a bias.
type localCase struct {
	x, w            []int
	bias            bool
	stride, padding [2]int
}

// localCases are odd shapes: batch 1, overlapping windows, stride ≠ kernel,
// padding, 1×1 windows, and the 1-D windows of the theory's trees.
func localCases() []localCase {
	return []localCase{
		{[]int{2, 3, 6, 5}, []int{6, 5, 4, 3, 3, 3}, true, [2]int{1, 1}, [2]int{1, 1}},
		{[]int{3, 2, 7, 6}, []int{3, 4, 3, 2, 2, 3}, true, [2]int{2, 1}, [2]int{0, 0}},
		{[]int{1, 2, 5, 5}, []int{3, 4, 2, 2, 3, 1}, true, [2]int{3, 2}, [2]int{3, 1}},
		{[]int{2, 4, 3, 5}, []int{3, 5, 5, 4, 1, 1}, false, [2]int{1, 1}, [2]int{0, 0}},
		{[]int{5, 1, 8}, []int{4, 3, 1, 2}, true, [2]int{0, 2}, [2]int{}},
		{[]int{5, 3, 4}, []int{4, 1, 3, 1}, true, [2]int{0, 1}, [2]int{}},
		{[]int{1, 2, 9}, []int{3, 2, 2, 3}, false, [2]int{0, 3}, [2]int{}},
		{[]int{4, 2, 7}, []int{3, 3, 2, 3}, true, [2]int{0, 2}, [2]int{}},
	}
}

// biasShape is the bias shape of the case: [O, Ho, Wo] or [O, Lout].
func (c localCase) biasShape() []int {
	if len(c.x) == 3 {
		return []int{c.w[1], c.w[0]}
	}
	return []int{c.w[2], c.w[0], c.w[1]}
}

// apply returns the layer of the case, the primitive or (composite) the oracle.
func (c localCase) apply(x, w, b *V, composite bool) *V {
	if !c.bias {
		b = nil
	}
	switch {
	case len(c.x) == 3 && composite:
		return locallyConnected1DComposite(x, w, b, c.stride[1])
	case len(c.x) == 3:
		return LocallyConnected1D(x, w, b, c.stride[1])
	case composite:
		return locallyConnected2DComposite(x, w, b, c.stride, c.padding)
	default:
		return LocallyConnected2D(x, w, b, c.stride, c.padding)
	}
}

// TestLocallyConnectedMatchesComposite compares the primitives with the
// composites on values, gradients and second-order gradients (the gradient
// of ⟨∇⟨c, y⟩, d⟩, which runs through the rules of localInput and
// localWeight), and a full Hessian of a loss through the layer and a
// nonlinearity, on every case of localCases.
func TestLocallyConnectedMatchesComposite(t *testing.T) {
	g := newGen(19)
	for _, c := range localCases() {
		t.Run(fmt.Sprint(c.x, c.w, c.stride, c.padding), func(t *testing.T) {
			inputs := []*T64{g.normal(c.x...), g.normal(c.w...), g.normal(c.biasShape()...)}
			dirs := []*T64{g.normal(c.x...), g.normal(c.w...), g.normal(c.biasShape()...)}
			var cot *T64
			run := func(composite bool) []*T64 {
				tp := NewTape[float64]()
				vars := make([]*V, 3)
				for i, in := range inputs {
					vars[i] = tp.Param(in)
				}
				y := c.apply(vars[0], vars[1], vars[2], composite)
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
				out = append(out, Gradients(dot, wrt...)...)
				// A Hessian of Σ tanh(y)·cot with respect to x and w together
				// (on the smaller cases: it takes one backward pass per entry).
				if inputs[0].Len()+inputs[1].Len() > 400 {
					return out
				}
				tp2 := NewTape[float64]()
				x2, w2, b2 := tp2.Param(inputs[0]), tp2.Param(inputs[1]), tp2.Param(inputs[2])
				loss := Sum(Mul(Tanh(c.apply(x2, w2, b2, composite)), Const(cot)))
				return append(out, Hessian(loss, []*V{x2, w2}))
			}
			want := run(true)
			got := run(false)
			for i := range want {
				if d := maxRelDiff(got[i], want[i]); !(d <= 1e-12) {
					t.Errorf("result %d (value, gradients, second-order gradients, Hessian) differs by %g", i, d)
				}
			}
		})
	}
}

// TestLocallyConnectedFloat32 compares the float32 primitives with the
// float32 composites on values and first gradients.
func TestLocallyConnectedFloat32(t *testing.T) {
	g := newGen(23)
	for _, c := range localCases() {
		inputs := []*tensor.Tensor[float32]{toF32(g.normal(c.x...)), toF32(g.normal(c.w...)), toF32(g.normal(c.biasShape()...))}
		run := func(composite bool) []*tensor.Tensor[float32] {
			tp := NewTape[float32]()
			vars := make([]*Var[float32], 3)
			for i, in := range inputs {
				vars[i] = tp.Param(in)
			}
			b := vars[2]
			if !c.bias {
				b = nil
			}
			var y *Var[float32]
			switch {
			case len(c.x) == 3 && composite:
				y = locallyConnected1DComposite(vars[0], vars[1], b, c.stride[1])
			case len(c.x) == 3:
				y = LocallyConnected1D(vars[0], vars[1], b, c.stride[1])
			case composite:
				y = locallyConnected2DComposite(vars[0], vars[1], b, c.stride, c.padding)
			default:
				y = LocallyConnected2D(vars[0], vars[1], b, c.stride, c.padding)
			}
			return append([]*tensor.Tensor[float32]{y.Value()}, Gradients(Sum(Square(y)), vars...)...)
		}
		want, got := run(true), run(false)
		for i := range want {
			if d := maxRelDiff(toF64(got[i]), toF64(want[i])); !(d <= 1e-5) {
				t.Errorf("%v %v: float32 result %d differs by %g", c.x, c.w, i, d)
			}
		}
	}
}

func toF32(t *T64) *tensor.Tensor[float32] {
	out := tensor.Zeros[float32](t.Shape()...)
	for i, v := range t.Data() {
		out.Data()[i] = float32(v)
	}
	return out
}

func toF64(t *tensor.Tensor[float32]) *T64 {
	out := tensor.Zeros[float64](t.Shape()...)
	for i, v := range t.Data() {
		out.Data()[i] = float64(v)
	}
	return out
}

// TestLocallyConnectedGOMAXPROCS checks that values and gradients through
// the layer have the same bits on one goroutine and on two, for sizes that
// the kernels split.
func TestLocallyConnectedGOMAXPROCS(t *testing.T) {
	g := newGen(29)
	cases := []localCase{
		{[]int{32, 3, 16, 16}, []int{16, 16, 16, 3, 3, 3}, true, [2]int{1, 1}, [2]int{1, 1}},
		{[]int{8192, 1, 8}, []int{4, 8, 1, 2}, true, [2]int{0, 2}, [2]int{}},
	}
	for _, c := range cases {
		inputs := []*T64{g.normal(c.x...), g.normal(c.w...), g.normal(c.biasShape()...)}
		run := func(procs int) []*T64 {
			defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
			tp := NewTape[float64]()
			vars := make([]*V, 3)
			for i, in := range inputs {
				vars[i] = tp.Param(in)
			}
			y := c.apply(vars[0], vars[1], vars[2], false)
			return append([]*T64{y.Value()}, Gradients(Sum(Square(y)), vars...)...)
		}
		one, two := run(1), run(2)
		for i := range one {
			if !sameBits(one[i], two[i]) {
				t.Errorf("%v %v: result %d differs between GOMAXPROCS 1 and 2", c.x, c.w, i)
			}
		}
	}
}

// sameBits reports whether a and b have the same shape and bit patterns.
func sameBits[T Float](a, b *tensor.Tensor[T]) bool {
	if !a.SameShape(b) {
		return false
	}
	for i, v := range a.Data() {
		if math.Float64bits(float64(v)) != math.Float64bits(float64(b.Data()[i])) {
			return false
		}
	}
	return true
}

// BenchmarkLocallyConnected times one forward and backward pass (gradients
// of Σ y² with respect to x, w and b) of the primitive and of the composite
// it replaced, side by side: nn's benchmark layer (float32 [32, 3, 16, 16]
// → 16 channels, 3×3, padding 1) and the first level of the theory's tree
// at Q = 8 (float64, 2000 points, kernel 2 stride 2 from 1 to 8 channels).
func BenchmarkLocallyConnected(b *testing.B) {
	g := newGen(31)
	nn := localCase{[]int{32, 3, 16, 16}, []int{16, 16, 16, 3, 3, 3}, true, [2]int{1, 1}, [2]int{1, 1}}
	tree := localCase{[]int{2000, 1, 8}, []int{4, 8, 1, 2}, true, [2]int{0, 2}, [2]int{}}
	for _, composite := range []bool{false, true} {
		name := "primitive"
		if composite {
			name = "composite"
		}
		nnIn := []*tensor.Tensor[float32]{toF32(g.normal(nn.x...)), toF32(g.normal(nn.w...)), toF32(g.normal(nn.biasShape()...))}
		b.Run("nn-f32/"+name, func(b *testing.B) {
			tp := NewTape[float32]()
			b.ReportAllocs()
			for range b.N {
				tp.Reset()
				x, w, bias := tp.Param(nnIn[0]), tp.Param(nnIn[1]), tp.Param(nnIn[2])
				var y *Var[float32]
				if composite {
					y = locallyConnected2DComposite(x, w, bias, nn.stride, nn.padding)
				} else {
					y = LocallyConnected2D(x, w, bias, nn.stride, nn.padding)
				}
				Gradients(Sum(Square(y)), x, w, bias)
			}
		})
		treeIn := []*T64{g.normal(tree.x...), g.normal(tree.w...), g.normal(tree.biasShape()...)}
		b.Run("tree-f64/"+name, func(b *testing.B) {
			tp := NewTape[float64]()
			b.ReportAllocs()
			for range b.N {
				tp.Reset()
				x, w, bias := tp.Param(treeIn[0]), tp.Param(treeIn[1]), tp.Param(treeIn[2])
				Gradients(Sum(Square(tree.apply(x, w, bias, composite))), x, w, bias)
			}
		})
	}
}
