package tensor

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/deeptheory/deeptheory/internal/shapes"
)

// matmulRef is the definition, batch by batch, with explicit transposes.
func matmulRef(a, b *Tensor[float64], ta, tb bool) *Tensor[float64] {
	if ta {
		a = swapLast(a)
	}
	if tb {
		b = swapLast(b)
	}
	m, k, n := a.Dim(-2), a.Dim(-1), b.Dim(-1)
	batch, _ := BroadcastShapes(a.Shape()[:a.Dims()-2], b.Shape()[:b.Dims()-2])
	ab := BroadcastTo(a, append(append([]int{}, batch...), m, k)...)
	bb := BroadcastTo(b, append(append([]int{}, batch...), k, n)...)
	out := Zeros[float64](append(append([]int{}, batch...), m, n)...)
	for q := range shapes.Count(batch) {
		for i := range m {
			for j := range n {
				s := 0.0
				for p := range k {
					s += ab.data[q*m*k+i*k+p] * bb.data[q*k*n+p*n+j]
				}
				out.data[q*m*n+i*n+j] = s
			}
		}
	}
	return out
}

func swapLast(x *Tensor[float64]) *Tensor[float64] {
	axes := make([]int, x.Dims())
	for i := range axes {
		axes[i] = i
	}
	axes[len(axes)-1], axes[len(axes)-2] = axes[len(axes)-2], axes[len(axes)-1]
	return Permute(x, axes...)
}

func TestMatMul(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	cases := []struct {
		a, b   []int
		ta, tb bool
	}{
		{[]int{4, 5}, []int{5, 6}, false, false},
		{[]int{5, 4}, []int{5, 6}, true, false},
		{[]int{4, 5}, []int{6, 5}, false, true},
		{[]int{5, 4}, []int{6, 5}, true, true},
		{[]int{3, 4, 5}, []int{3, 5, 2}, false, false},
		{[]int{3, 4, 5}, []int{5, 2}, false, false},
		{[]int{5, 4}, []int{2, 3, 5, 2}, true, false},
		{[]int{2, 1, 4, 5}, []int{3, 2, 5}, false, true},
		{[]int{0, 5}, []int{5, 3}, false, false},
		{[]int{4, 0}, []int{0, 3}, false, false},
	}
	for _, c := range cases {
		a, b := RandN[float64](r, c.a...), RandN[float64](r, c.b...)
		got, want := MatMulT(a, b, c.ta, c.tb), matmulRef(a, b, c.ta, c.tb)
		if !got.SameShape(want) {
			t.Fatalf("%v·%v (%v,%v): shape %v, want %v", c.a, c.b, c.ta, c.tb, got.Shape(), want.Shape())
		}
		for i := range got.data {
			if math.Abs(got.data[i]-want.data[i]) > 1e-13 {
				t.Fatalf("%v·%v (%v,%v): element %d = %v, want %v", c.a, c.b, c.ta, c.tb, i, got.data[i], want.data[i])
			}
		}
		acc := want.Clone()
		MatMulAddInto(acc, a, b, c.ta, c.tb)
		for i := range acc.data {
			if math.Abs(acc.data[i]-2*want.data[i]) > 1e-12 {
				t.Fatalf("MatMulAddInto element %d = %v, want %v", i, acc.data[i], 2*want.data[i])
			}
		}
	}
	mustPanic(t, "tensor: MatMul: shapes [4 5] and [4 5] do not agree", func() { MatMul(Zeros[float64](4, 5), Zeros[float64](4, 5)) })
	mustPanic(t, "batch dimensions", func() { MatMul(Zeros[float64](2, 4, 5), Zeros[float64](3, 5, 1)) })
	mustPanic(t, "at least 2 dimensions", func() { MatMul(Zeros[float64](5), Zeros[float64](5, 1)) })
}
