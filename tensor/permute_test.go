package tensor

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestPermute(t *testing.T) {
	x := Arange[float64](24).Reshape(2, 3, 4)
	y := Permute(x, 2, 0, 1)
	if !cmp.Equal(y.Shape(), []int{4, 2, 3}) {
		t.Fatalf("shape %v", y.Shape())
	}
	for i := range 2 {
		for j := range 3 {
			for k := range 4 {
				if y.At(k, i, j) != x.At(i, j, k) {
					t.Fatalf("y[%d,%d,%d] = %v, want %v", k, i, j, y.At(k, i, j), x.At(i, j, k))
				}
			}
		}
	}
	if back := Permute(y, 1, 2, 0); !cmp.Equal(back.Data(), x.Data()) {
		t.Error("inverse permutation does not restore x")
	}
	tr := Transpose(FromSlice([]float64{1, 2, 3, 4, 5, 6}, 2, 3))
	if !cmp.Equal(tr.Data(), []float64{1, 4, 2, 5, 3, 6}) {
		t.Errorf("Transpose = %v", tr)
	}
	mustPanic(t, "not a permutation", func() { Permute(x, 0, 0, 1) })
	mustPanic(t, "not 2-D", func() { Transpose(x) })
}
