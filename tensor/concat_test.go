package tensor

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// withAxis returns index with index[axis] replaced by v (a copy).
func withAxis(index []int, axis, v int) []int {
	out := slices.Clone(index)
	out[axis] = v
	return out
}

func TestConcatSlicePad(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	shapes := [][]int{{5}, {3, 4}, {2, 3, 4}, {2, 0, 3}, {1, 2, 1, 3}}
	for _, shape := range shapes {
		for axis := range shape {
			// Concat of three pieces of sizes 2, 0, 3 along axis; check against the definition.
			var xs []*Tensor[float64]
			for _, size := range []int{2, 0, 3} {
				xs = append(xs, RandN[float64](r, withAxis(shape, axis, size)...))
			}
			cat := Concat(axis-len(shape), xs...) // a negative axis means the same
			if want := withAxis(shape, axis, 5); !slices.Equal(cat.Shape(), want) {
				t.Fatalf("Concat shape %v, want %v", cat.Shape(), want)
			}
			off := 0
			for _, x := range xs {
				forEachIndex(x.Shape(), func(index []int) {
					if got, want := cat.At(withAxis(index, axis, index[axis]+off)...), x.At(index...); got != want {
						t.Errorf("Concat %v axis %d at %v: %g, want %g", shape, axis, index, got, want)
					}
				})
				// Slice gives each piece back.
				if got := Slice(cat, axis, off, off+x.Dim(axis)); !slices.Equal(got.Data(), x.Data()) || !got.SameShape(x) {
					t.Errorf("Slice %v axis %d [%d,%d) = %v, want %v", cat.Shape(), axis, off, off+x.Dim(axis), got, x)
				}
				// PadAxis puts it back in place with zeros around.
				pad := PadAxis(x, axis, off, 5-off-x.Dim(axis))
				forEachIndex(pad.Shape(), func(index []int) {
					j := index[axis] - off
					want := 0.0
					if j >= 0 && j < x.Dim(axis) {
						want = x.At(withAxis(index, axis, j)...)
					}
					if got := pad.At(index...); got != want {
						t.Errorf("PadAxis at %v: %g, want %g", index, got, want)
					}
				})
				off += x.Dim(axis)
			}
		}
	}
}

// TestPadIsSliceAdjoint checks ⟨Slice(y), x⟩ = ⟨y, PadAxis(x)⟩.
func TestPadIsSliceAdjoint(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	y := RandN[float64](r, 3, 7, 2)
	x := RandN[float64](r, 3, 4, 2)
	dot := func(a, b *Tensor[float64]) float64 {
		s := 0.0
		for i, v := range a.Data() {
			s += v * b.Data()[i]
		}
		return s
	}
	lhs := dot(Slice(y, 1, 2, 6), x)
	rhs := dot(y, PadAxis(x, 1, 2, 1))
	if d := lhs - rhs; d > 1e-12 || d < -1e-12 {
		t.Errorf("⟨Slice y, x⟩ = %g, ⟨y, Pad x⟩ = %g", lhs, rhs)
	}
}

func TestConcatSlicePanics(t *testing.T) {
	a, b := Zeros[float64](2, 3), Zeros[float64](3, 3)
	mustPanic(t, "tensor: Concat: shapes [[2 3] [3 3]] do not agree except along axis 1", func() { Concat(1, a, b) })
	mustPanic(t, "tensor: Concat: no tensors", func() { Concat[float64](0) })
	mustPanic(t, "tensor: Concat: axis 2 out of range", func() { Concat(2, a, b) })
	mustPanic(t, "tensor: Concat: destination shape [4 3], want [5 3]", func() { ConcatInto(Zeros[float64](4, 3), 0, a, b) })
	mustPanic(t, "tensor: Slice: range [1, 4) out of bounds for axis 1 of shape [2 3]", func() { Slice(a, 1, 1, 4) })
	mustPanic(t, "tensor: Slice: range [2, 1)", func() { Slice(a, 1, 2, 1) })
	mustPanic(t, "tensor: PadAxis: negative padding", func() { PadAxis(a, 0, -1, 0) })
	mustPanic(t, "tensor: PadAxis: source [2 3] at 2 does not fit destination [3 3]", func() { PadAxisInto(b, a, 0, 2) })
}
