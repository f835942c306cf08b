package tensor

import (
	"math"
	"math/rand/v2"
	"testing"
)

// localDefinition is the locally connected layer by its definition, one
// element at a time: y[n, o, i, j] = b[o, i, j] + Σ w[i, j, o, c, p, q]·xpad[…].
func localDefinition(x, w, b *Tensor[float64], win Window) *Tensor[float64] {
	n, c, h, wd := x.shape[0], x.shape[1], x.shape[2], x.shape[3]
	ho, wo, o := w.shape[0], w.shape[1], w.shape[2]
	y := Zeros[float64](n, o, ho, wo)
	for in := range n {
		for oc := range o {
			for i := range ho {
				for j := range wo {
					var s float64
					if b != nil {
						s = b.At(oc, i, j)
					}
					for ch := range c {
						for p := range win.Kernel[0] {
							for q := range win.Kernel[1] {
								r, e := i*win.Stride[0]+p-win.Padding[0], j*win.Stride[1]+q-win.Padding[1]
								if r >= 0 && r < h && e >= 0 && e < wd {
									s += w.At(i, j, oc, ch, p, q) * x.At(in, ch, r, e)
								}
							}
						}
					}
					y.Set(s, in, oc, i, j)
				}
			}
		}
	}
	return y
}

// localClose reports whether a and b agree to 1e-12 of b's largest magnitude.
func localClose(a, b *Tensor[float64]) bool {
	if !a.SameShape(b) {
		return false
	}
	scale := 1.0
	for _, v := range b.data {
		scale = math.Max(scale, math.Abs(v))
	}
	for i, v := range b.data {
		if !(math.Abs(a.data[i]-v) <= 1e-12*scale) {
			return false
		}
	}
	return true
}

// TestLocallyConnected checks the 2-D layer against its definition, its
// adjoints against ⟨g, y⟩ = ⟨dx, x⟩ = ⟨dw, w⟩, and the 1-D layer against
// the 2-D one on x viewed as [N, C, 1, L].
func TestLocallyConnected(t *testing.T) {
	r := rand.New(rand.NewPCG(41, 42))
	win := Window{Kernel: [2]int{2, 3}, Stride: [2]int{2, 1}, Padding: [2]int{1, 1}}
	x := RandN[float64](r, 3, 2, 5, 4)
	ho, wo := win.Out(5, 4)
	w := RandN[float64](r, ho, wo, 3, 2, 2, 3)
	b := RandN[float64](r, 3, ho, wo)
	y := LocallyConnected2D(x, w, b, win)
	if want := localDefinition(x, w, b, win); !localClose(y, want) {
		t.Fatalf("LocallyConnected2D = %v, want %v", y.data, want.data)
	}
	// Linear maps: ⟨g, L(x, w)⟩ = ⟨L_xᵀ g, x⟩ = ⟨L_wᵀ g, w⟩.
	g := RandN[float64](r, y.shape...)
	dx, dw := Zeros[float64](x.shape...), Zeros[float64](w.shape...)
	LocallyConnected2DAdjointInto(dx, dw, x, w, g, win)
	lin := LocallyConnected2D(x, w, nil, win)
	if gy, xdx, wdw := dot(g, lin), dot(dx, x), dot(dw, w); math.Abs(gy-xdx) > 1e-10 || math.Abs(gy-wdw) > 1e-10 {
		t.Fatalf("adjoints: ⟨g, y⟩ = %v, ⟨dx, x⟩ = %v, ⟨dw, w⟩ = %v", gy, xdx, wdw)
	}
	// 1-D: kernel 3, stride 2 over sequences of 9.
	x1 := RandN[float64](r, 2, 3, 9)
	w1 := RandN[float64](r, 4, 5, 3, 3)
	b1 := RandN[float64](r, 5, 4)
	y1 := LocallyConnected1D(x1, w1, b1, 2)
	want1 := LocallyConnected2D(x1.Reshape(2, 3, 1, 9), w1.Reshape(1, 4, 5, 3, 1, 3), b1.Reshape(5, 1, 4), Window1D(3, 2, 0))
	if !localClose(y1, want1.Reshape(2, 5, 4)) {
		t.Fatalf("LocallyConnected1D = %v, want %v", y1.data, want1.data)
	}
	g1 := RandN[float64](r, 2, 5, 4)
	dx1, dw1 := Zeros[float64](2, 3, 9), Zeros[float64](4, 5, 3, 3)
	LocallyConnected1DAdjointInto(dx1, dw1, x1, w1, g1, 2)
	dx2, dw2 := Zeros[float64](2, 3, 1, 9), Zeros[float64](1, 4, 5, 3, 1, 3)
	LocallyConnected2DAdjointInto(dx2, dw2, x1.Reshape(2, 3, 1, 9), w1.Reshape(1, 4, 5, 3, 1, 3), g1.Reshape(2, 5, 1, 4), Window1D(3, 2, 0))
	if !localClose(dx1, dx2.Reshape(2, 3, 9)) || !localClose(dw1, dw2.Reshape(4, 5, 3, 3)) {
		t.Fatal("LocallyConnected1DAdjointInto differs from the 2-D adjoints")
	}
}

func dot(a, b *Tensor[float64]) float64 {
	var s float64
	for i, v := range a.data {
		s += v * b.data[i]
	}
	return s
}

// TestLocallyConnectedPanics checks the shape errors.
func TestLocallyConnectedPanics(t *testing.T) {
	win := Window{Kernel: [2]int{2, 2}, Stride: [2]int{1, 1}}
	x := Zeros[float64](1, 2, 4, 4)
	mustPanic(t, "tensor: LocallyConnected2D: shapes [1 2 4 4] (x) and [3 3 1 3 2 2] (w) with kernel [2 2]: want x [N C H W], w [Ho Wo O C kh kw]",
		func() { LocallyConnected2D(x, Zeros[float64](3, 3, 1, 3, 2, 2), nil, win) })
	mustPanic(t, "tensor: LocallyConnected2D: shapes [1 2 4 4] (x) and [2 3 1 2 2 2] (w): the output is 3×3, want w [3 3 O C kh kw]",
		func() { LocallyConnected2D(x, Zeros[float64](2, 3, 1, 2, 2, 2), nil, win) })
	mustPanic(t, "tensor: LocallyConnected2D: bias shape [1 3], want [1 3 3]",
		func() { LocallyConnected2D(x, Zeros[float64](3, 3, 1, 2, 2, 2), Zeros[float64](1, 3), win) })
	mustPanic(t, "tensor: LocallyConnected1D: shapes [1 2 5] (x) and [3 1 2 2] (w): the output has length 4, want w [4 O C k]",
		func() { LocallyConnected1D(Zeros[float64](1, 2, 5), Zeros[float64](3, 1, 2, 2), nil, 1) })
	mustPanic(t, "tensor: LocallyConnected2DAdjoint: the shapes of x (or dx) and w (or dw) are needed",
		func() {
			LocallyConnected2DAdjointInto(nil, Zeros[float64](3, 3, 1, 2, 2, 2), nil, nil, Zeros[float64](1, 1, 3, 3), win)
		})
	mustPanic(t, "tensor: LocallyConnected2DAdjoint: the input's gradient needs the weight",
		func() {
			LocallyConnected2DAdjointInto(Zeros[float64](1, 2, 4, 4), Zeros[float64](3, 3, 1, 2, 2, 2), nil, nil, Zeros[float64](1, 1, 3, 3), win)
		})
}
