package tensor

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestConv2DMatchesUnfold checks Conv2D and Conv2DAdjointInto against their
// definitions through Unfold: y = W·Unfold(x) + b per image, the input's
// gradient Fold(Wᵀ·g), the weight's Σₙ g[n]·Unfold(x)[n]ᵀ and the bias's
// sum of g over images and positions.
func TestConv2DMatchesUnfold(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for _, win := range []Window{
		{Kernel: [2]int{3, 3}, Stride: [2]int{1, 1}, Padding: [2]int{1, 1}},
		{Kernel: [2]int{3, 2}, Stride: [2]int{2, 1}, Padding: [2]int{1, 2}},
		{Kernel: [2]int{1, 1}, Stride: [2]int{1, 1}},
	} {
		x, w, b := RandN[float64](r, 2, 3, 7, 6), RandN[float64](r, 4, 3, win.Kernel[0], win.Kernel[1]), RandN[float64](r, 4)
		ho, wo := win.Out(7, 6)
		g := RandN[float64](r, 2, 4, ho, wo)

		cols := Unfold(x, win) // [2, 27, L]
		wm := w.Reshape(4, -1)
		want := Add(MatMul(wm, cols), b.Reshape(4, 1)).Reshape(2, 4, ho, wo)
		assertClose(t, "Conv2D", Conv2D(x, w, b, win), want)

		gm := g.Reshape(2, 4, ho*wo)
		dx, dw, db := Zeros[float64](x.Shape()...), Zeros[float64](w.Shape()...), Zeros[float64](4)
		Conv2DAdjointInto(dx, dw, db, x, w, g, win)
		assertClose(t, "Conv2DAdjoint (x)", dx, Fold(MatMulT(wm, gm, true, false), 7, 6, win))
		assertClose(t, "Conv2DAdjoint (w)", dw, SumAxis(MatMulT(gm, cols, false, true), 0, false).Reshape(w.Shape()...))
		assertClose(t, "Conv2DAdjoint (b)", db, SumTo(g, 4, 1, 1).Reshape(4))
	}
	x, w := Zeros[float64](1, 2, 4, 4), Zeros[float64](3, 2, 2, 2)
	win := Window{Kernel: [2]int{2, 2}, Stride: [2]int{1, 1}}
	mustPanic(t, "tensor: Conv2D: shapes [1 2 4 4] (x) and [3 2 2 2] (w) with kernel [3 3]", func() {
		Conv2D(x, w, nil, Window{Kernel: [2]int{3, 3}, Stride: [2]int{1, 1}})
	})
	mustPanic(t, "tensor: Conv2D: bias shape [2], want [3]", func() { Conv2D(x, w, Zeros[float64](2), win) })
	mustPanic(t, "tensor: Conv2DAdjoint: gradient shape [1 3 2 2], want [1 3 3 3]", func() {
		Conv2DAdjointInto(Zeros[float64](1, 2, 4, 4), nil, nil, nil, w, Zeros[float64](1, 3, 2, 2), win)
	})
	mustPanic(t, "tensor: Conv2DAdjoint: the weight's gradient needs the input", func() {
		Conv2DAdjointInto(Zeros[float64](1, 2, 4, 4), Zeros[float64](3, 2, 2, 2), nil, nil, w, Zeros[float64](1, 3, 3, 3), win)
	})
	mustPanic(t, "tensor: Conv2DAdjoint: the shapes of x (or dx) and w (or dw) are needed", func() {
		Conv2DAdjointInto(nil, nil, Zeros[float64](3), nil, w, Zeros[float64](1, 3, 3, 3), win)
	})
}

// assertClose fails unless got and want have one shape and agree to 1e-12
// relative to want's largest element.
func assertClose(t *testing.T, name string, got, want *Tensor[float64]) {
	t.Helper()
	if !got.SameShape(want) {
		t.Fatalf("%s: shape %v, want %v", name, got.Shape(), want.Shape())
	}
	scale := 1.0
	for _, v := range want.Data() {
		scale = math.Max(scale, math.Abs(v))
	}
	for i, v := range want.Data() {
		if math.Abs(got.Data()[i]-v) > 1e-12*scale {
			t.Fatalf("%s: element %d = %v, want %v", name, i, got.Data()[i], v)
		}
	}
}
