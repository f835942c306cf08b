package tensor

import (
	"math/rand/v2"
	"testing"
)

func TestUnfoldDefinition(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	x := RandN[float64](r, 2, 3, 7, 6)
	for _, win := range []Window{
		{Kernel: [2]int{3, 3}, Stride: [2]int{1, 1}},
		{Kernel: [2]int{3, 2}, Stride: [2]int{2, 1}, Padding: [2]int{1, 2}},
		{Kernel: [2]int{1, 1}, Stride: [2]int{3, 2}},
	} {
		cols := Unfold(x, win)
		ho, wo := win.Out(7, 6)
		kh, kw := win.Kernel[0], win.Kernel[1]
		for n := range 2 {
			for c := range 3 {
				for p := range kh {
					for q := range kw {
						for i := range ho {
							for j := range wo {
								y, xx := i*win.Stride[0]+p-win.Padding[0], j*win.Stride[1]+q-win.Padding[1]
								want := 0.0
								if y >= 0 && y < 7 && xx >= 0 && xx < 6 {
									want = x.At(n, c, y, xx)
								}
								if got := cols.At(n, (c*kh+p)*kw+q, i*wo+j); got != want {
									t.Fatalf("%+v: cols[%d,%d,%d] = %v, want %v", win, n, (c*kh+p)*kw+q, i*wo+j, got, want)
								}
							}
						}
					}
				}
			}
		}
		// Fold is the adjoint: ⟨Unfold(x), c⟩ = ⟨x, Fold(c)⟩.
		c := RandN[float64](r, cols.Shape()...)
		lhs, rhs := Sum(Mul(cols, c)).Item(), Sum(Mul(x, Fold(c, 7, 6, win))).Item()
		if d := lhs - rhs; d > 1e-12 || d < -1e-12 {
			t.Errorf("%+v: ⟨Ux,c⟩ = %v, ⟨x,Fc⟩ = %v", win, lhs, rhs)
		}
	}
	mustPanic(t, "tensor: Unfold: kernel [8 1] larger than the 7×6 input with padding [0 0]", func() { Unfold(x, Window{Kernel: [2]int{8, 1}, Stride: [2]int{1, 1}}) })
	mustPanic(t, "bad window", func() { Unfold(x, Window{Kernel: [2]int{1, 1}}) })
}

func TestWindow1D(t *testing.T) {
	x := Arange[float64](10).Reshape(1, 2, 1, 5) // two channels of length 5
	cols := Unfold(x, Window1D(2, 2, 1))         // padded: 0 a b c d e 0 → windows at 0,2,4
	want := []float64{0, 1, 3, 0, 2, 4, 0, 6, 8, 5, 7, 9}
	for i, v := range cols.Data() {
		if v != want[i] {
			t.Fatalf("Window1D unfold = %v, want %v", cols.Data(), want)
		}
	}
}
