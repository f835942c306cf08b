package tensor

import (
	"math"
	"testing"

	"github.com/deeptheory/deeptheory/internal/shapes"
	"github.com/google/go-cmp/cmp"
)

func TestReductions(t *testing.T) {
	x := Arange[float64](24).Reshape(2, 3, 4) // x[i,j,k] = 12i + 4j + k
	if got := Sum(x).Item(); got != 276 {
		t.Errorf("Sum = %v", got)
	}
	if got := Mean(x).Item(); got != 11.5 {
		t.Errorf("Mean = %v", got)
	}
	s1 := SumAxis(x, 1, false)
	if !cmp.Equal(s1.Shape(), []int{2, 4}) || s1.At(1, 2) != (12+2)+(16+2)+(20+2) {
		t.Errorf("SumAxis(1) = %v", s1)
	}
	s0 := SumAxis(x, 0, true)
	if !cmp.Equal(s0.Shape(), []int{1, 3, 4}) || s0.At(0, 2, 3) != 11+23 {
		t.Errorf("SumAxis(0, keep) = %v", s0)
	}
	if got := MeanAxis(x, -1, false); got.At(1, 1) != 16+1.5 {
		t.Errorf("MeanAxis(-1) = %v", got)
	}
	m := MaxAxis(x, 1, false)
	if m.At(0, 3) != 11 || m.At(1, 0) != 20 {
		t.Errorf("MaxAxis = %v", m)
	}
	if got := Max(x).Item(); got != 23 {
		t.Errorf("Max = %v", got)
	}
	ties := FromSlice([]float64{1, 5, 5, 7, 2, 7}, 2, 3)
	if got := Argmax(ties, 1); !cmp.Equal(got, []int{1, 0}) {
		t.Errorf("Argmax with ties = %v, want first index [1 0]", got)
	}
	lse := LogSumExpAxis(FromSlice([]float64{1000, 1000, -1000, -1000}, 2, 2), 1, false)
	want := []float64{1000 + math.Log(2), -1000 + math.Log(2)}
	if !cmp.Equal(lse.Data(), want) {
		t.Errorf("LogSumExp large = %v, want %v", lse.Data(), want)
	}
	if got := LogSumExp(FromSlice([]float64{math.Inf(-1), math.Inf(-1)}, 2)).Item(); !math.IsInf(got, -1) {
		t.Errorf("LogSumExp(-Inf) = %v", got)
	}
	mustPanic(t, "axis 3 out of range", func() { SumAxis(x, 3, false) })
	mustPanic(t, "empty", func() { MaxAxis(Zeros[float64](2, 0), 1, false) })
	if got := SumAxis(Zeros[float64](2, 0, 3), 1, false); !cmp.Equal(got.Data(), make([]float64, 6)) {
		t.Errorf("sum over empty axis = %v", got)
	}
}

func TestSumToIsAdjointOfBroadcast(t *testing.T) {
	// ⟨BroadcastTo(a), b⟩ = ⟨a, SumTo(b)⟩ for every pair of shapes that broadcast.
	cases := [][2][]int{{{3}, {4, 3}}, {{4, 1}, {4, 3}}, {{1, 3}, {2, 4, 3}}, {{}, {2, 2}}, {{2, 1, 3}, {2, 5, 3}}}
	for _, c := range cases {
		a := Arange[float64](shapes.Count(c[0])).Reshape(c[0]...)
		b := AddScalar(Arange[float64](shapes.Count(c[1])).Reshape(c[1]...), 0.5)
		lhs := Sum(Mul(BroadcastTo(a, c[1]...), b)).Item()
		st := SumTo(b, c[0]...)
		if !cmp.Equal(st.Shape(), c[0]) {
			t.Fatalf("SumTo shape %v, want %v", st.Shape(), c[0])
		}
		if rhs := Sum(Mul(a, st)).Item(); lhs != rhs {
			t.Errorf("shapes %v→%v: ⟨Ba,b⟩ = %v, ⟨a,Sb⟩ = %v", c[0], c[1], lhs, rhs)
		}
	}
	mustPanic(t, "SumTo", func() { SumTo(Zeros[float64](4, 3), 4) })
}

// sumToShapes are pairs (target, source) for SumTo and BroadcastTo covering
// every pattern SumToInto tells apart: nothing summed, all summed, summed
// runs before, after, between and around kept ones, and more runs than that.
var sumToShapes = [][2][]int{
	{{2, 3}, {2, 3}}, {{3}, {1, 3}}, {{}, {2, 3}}, {{1, 1}, {2, 3}},
	{{3}, {4, 3}}, {{4, 1}, {4, 3}}, {{2, 1, 3}, {2, 5, 3}}, {{1, 3, 1}, {2, 3, 4}},
	{{3, 1, 1}, {2, 3, 4, 5}}, {{4, 1, 5, 1}, {4, 2, 5, 3}}, {{1, 2, 1, 3}, {5, 2, 4, 3}},
	{{3, 1}, {3, 0}}, {{1}, {0}}, {{2, 1, 1}, {2, 1, 7}},
}

// TestSumToMatchesDefinition checks SumTo and BroadcastTo element by element
// against their definitions (integer values, so the order of additions does
// not matter), on every pair of sumToShapes.
func TestSumToMatchesDefinition(t *testing.T) {
	for _, c := range sumToShapes {
		small, big := c[0], c[1]
		x := AddScalar(Arange[float64](shapes.Count(big)).Reshape(big...), 1)
		want := Zeros[float64](small...)
		// Each element of big adds to the element of small it broadcasts from.
		forEachIndex(big, func(index []int) {
			want.data[broadcastOffset(index, small)] += x.At(index...)
		})
		dst := Full(math.NaN(), small...)
		if got := SumToInto(dst, x); !cmp.Equal(got.Data(), want.Data()) {
			t.Errorf("SumTo %v → %v = %v, want %v", big, small, got.Data(), want.Data())
		}
		a := AddScalar(Arange[float64](shapes.Count(small)).Reshape(small...), 1)
		b := Full(math.NaN(), big...)
		BroadcastToInto(b, a)
		forEachIndex(big, func(index []int) {
			if got, want := b.At(index...), a.data[broadcastOffset(index, small)]; got != want {
				t.Fatalf("BroadcastTo %v → %v at %v = %v, want %v", small, big, index, got, want)
			}
		})
	}
}

// forEachIndex calls f with every index of shape in row-major order.
func forEachIndex(shape []int, f func(index []int)) {
	if shapes.Count(shape) == 0 {
		return
	}
	index := make([]int, len(shape))
	for {
		f(index)
		d := len(shape) - 1
		for ; d >= 0; d-- {
			index[d]++
			if index[d] < shape[d] {
				break
			}
			index[d] = 0
		}
		if d < 0 {
			return
		}
	}
}

// broadcastOffset is the offset in a tensor of shape small of the element
// that index (into the broadcast shape) reads.
func broadcastOffset(index, small []int) int {
	lead := len(index) - len(small)
	off := 0
	for d, size := range small {
		i := index[lead+d]
		if size == 1 {
			i = 0
		}
		off = off*size + i
	}
	return off
}
