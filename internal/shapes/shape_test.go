package shapes

import (
	"slices"
	"testing"
)

func TestShapes(t *testing.T) {
	if Count(nil) != 1 || Count([]int{2, 3, 4}) != 24 || Count([]int{2, 0}) != 0 {
		t.Error("Count")
	}
	for _, tc := range []struct {
		axis, dims, want int
		ok               bool
	}{
		{0, 3, 0, true}, {-1, 3, 2, true}, {-3, 3, 0, true}, {3, 3, 3, false}, {-4, 3, -4, false}, {0, 0, 0, false},
	} {
		if got, ok := Axis(tc.axis, tc.dims); got != tc.want || ok != tc.ok {
			t.Errorf("Axis(%d, %d) = %d, %v", tc.axis, tc.dims, got, ok)
		}
	}
	if o, n, i := Split([]int{2, 3, 4, 5}, 1); o != 2 || n != 3 || i != 20 {
		t.Errorf("Split = %d %d %d", o, n, i)
	}
	if got := Reduced([]int{2, 3, 4}, 1, true); !slices.Equal(got, []int{2, 1, 4}) {
		t.Errorf("Reduced keep = %v", got)
	}
	if got := Reduced([]int{2, 3, 4}, 1, false); !slices.Equal(got, []int{2, 4}) {
		t.Errorf("Reduced = %v", got)
	}
	buf := []int{9}
	if got, ok := AppendBroadcast(buf, []int{4, 1, 3}, []int{5, 1}); !ok || !slices.Equal(got, []int{9, 4, 5, 3}) {
		t.Errorf("AppendBroadcast = %v, %v", got, ok)
	}
	if got, ok := AppendBroadcast(buf, []int{2, 3}, []int{4, 3}); ok || !slices.Equal(got, []int{9}) {
		t.Errorf("AppendBroadcast of [2 3] and [4 3] = %v, %v", got, ok)
	}
	if got, ok := Permuted([]int{2, 3, 4}, []int{2, 0, 1}); !ok || !slices.Equal(got, []int{4, 2, 3}) {
		t.Errorf("Permuted = %v, %v", got, ok)
	}
	for _, axes := range [][]int{{0, 0, 1}, {0, 1}, {0, 1, 3}, {-1, 0, 1}} {
		if _, ok := Permuted([]int{2, 3, 4}, axes); ok {
			t.Errorf("Permuted accepted %v", axes)
		}
	}
	if got, ok := Concatenated(1, []int{2, 3}, []int{2, 5}); !ok || !slices.Equal(got, []int{2, 8}) {
		t.Errorf("Concatenated = %v, %v", got, ok)
	}
	if _, ok := Concatenated(1, []int{2, 3}, []int{3, 5}); ok {
		t.Error("Concatenated accepted [2 3] and [3 5]")
	}
	if _, ok := Concatenated(0); ok {
		t.Error("Concatenated accepted no shapes")
	}
}
