package tensor

import (
	"math/rand/v2"
	"testing"
)

// TestPoolingMatchesUnfold checks the pooling wrappers against their
// composition from other ops: Unfold of each channel as [N·C, kh·kw, Ho·Wo],
// then MaxAxis, Argmax or a scaled SumAxis over the windows (the same sums in
// the same order, so equal to the bit); and the adjoints by their defining
// identities ⟨g, AvgPool2D(x)⟩ = ⟨AvgPool2DAdjoint(g), x⟩ and
// ⟨g, Gather(h)⟩ = ⟨Scatter(g), h⟩.
func TestPoolingMatchesUnfold(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for _, c := range []struct {
		shape []int
		win   Window
	}{
		{[]int{2, 3, 6, 6}, Window{Kernel: [2]int{2, 2}, Stride: [2]int{2, 2}}},
		{[]int{1, 2, 7, 5}, Window{Kernel: [2]int{3, 2}, Stride: [2]int{1, 1}}},
		{[]int{3, 1, 9, 8}, Window{Kernel: [2]int{2, 3}, Stride: [2]int{3, 4}}},
	} {
		x := RandN[float64](r, c.shape...)
		n, ch, h, w := c.shape[0], c.shape[1], c.shape[2], c.shape[3]
		ho, wo := c.win.Out(h, w)
		k := c.win.Kernel[0] * c.win.Kernel[1]
		cols := Unfold(x.Reshape(n*ch, 1, h, w), c.win)

		y, arg := MaxPool2D(x, c.win)
		wantY := MaxAxis(cols, 1, false).Reshape(n, ch, ho, wo)
		wantAt := Argmax(cols, 1)
		for o, v := range y.Data() {
			// Window index wantAt[o] = p·kw + q of output (i, j) is plane position (i·sh + p)·W + j·sw + q.
			i, j := o%(ho*wo)/wo, o%wo
			p, q := wantAt[o]/c.win.Kernel[1], wantAt[o]%c.win.Kernel[1]
			if v != wantY.Data()[o] || int(arg[o]) != (i*c.win.Stride[0]+p)*w+j*c.win.Stride[1]+q {
				t.Fatalf("MaxPool2D %v %+v: y[%d] = %v at %d, want %v at window tap %d", c.shape, c.win, o, v, arg[o], wantY.Data()[o], wantAt[o])
			}
		}
		avg := AvgPool2D(x, c.win)
		wantAvg := SumAxis(cols, 1, false)
		for o, v := range avg.Data() {
			if want := wantAvg.Data()[o] * (1 / float64(k)); v != want {
				t.Fatalf("AvgPool2D %v %+v: y[%d] = %v, want %v", c.shape, c.win, o, v, want)
			}
		}

		g, hh := RandN[float64](r, n, ch, ho, wo), RandN[float64](r, c.shape...)
		adj := AvgPool2DAdjointInto(RandN[float64](r, c.shape...), g, c.win)
		if lhs, rhs := Dot(g, avg), Dot(adj, x); !near(lhs, rhs) {
			t.Errorf("AvgPool2DAdjoint %v %+v: ⟨g, Ax⟩ = %v, ⟨Aᵀg, x⟩ = %v", c.shape, c.win, lhs, rhs)
		}
		gather := MaxPool2DGatherInto(Zeros[float64](n, ch, ho, wo), hh, arg, c.win)
		scatter := MaxPool2DScatterInto(RandN[float64](r, c.shape...), g, arg, c.win)
		if lhs, rhs := Dot(g, gather), Dot(scatter, hh); !near(lhs, rhs) {
			t.Errorf("MaxPool2DScatter %v %+v: ⟨g, Gh⟩ = %v, ⟨Gᵀg, h⟩ = %v", c.shape, c.win, lhs, rhs)
		}
	}
}

func near(a, b float64) bool { return a-b <= 1e-12*(1+max(a, -a)) && b-a <= 1e-12*(1+max(a, -a)) }

func TestPoolingMisuse(t *testing.T) {
	x := Zeros[float32](2, 3, 4, 4)
	win := Window{Kernel: [2]int{2, 2}, Stride: [2]int{2, 2}}
	mustPanic(t, "tensor: MaxPool2D: shape [3 4 4] is not [N C H W]", func() { MaxPool2D(Zeros[float32](3, 4, 4), win) })
	mustPanic(t, "tensor: AvgPool2D: padding [1 0]: pooling takes none", func() {
		AvgPool2D(x, Window{Kernel: [2]int{2, 2}, Stride: [2]int{2, 2}, Padding: [2]int{1, 0}})
	})
	mustPanic(t, "tensor: AvgPool2D: kernel [5 5] larger than the 4×4 input", func() {
		AvgPool2D(x, Window{Kernel: [2]int{5, 5}, Stride: [2]int{1, 1}})
	})
	mustPanic(t, "tensor: MaxPool2D: destination shape [2 3 2 3], want [2 3 2 2] for input [2 3 4 4]", func() {
		MaxPool2DInto(Zeros[float32](2, 3, 2, 3), nil, x, win)
	})
	mustPanic(t, "tensor: MaxPool2D: 5 argmax indices for an output of shape [2 3 2 2]", func() {
		MaxPool2DInto(Zeros[float32](2, 3, 2, 2), make([]int32, 5), x, win)
	})
	mustPanic(t, "tensor: MaxPool2DScatter: 3 argmax indices for shape [2 3 2 2]", func() {
		MaxPool2DScatterInto(x, Zeros[float32](2, 3, 2, 2), make([]int32, 3), win)
	})
	mustPanic(t, "tensor: AvgPool2DAdjoint: gradient shape [2 3 2], want [2 3 2 2] for input [2 3 4 4]", func() {
		AvgPool2DAdjointInto(x, Zeros[float32](2, 3, 2), win)
	})
}
