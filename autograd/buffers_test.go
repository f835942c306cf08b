package autograd

import (
	"math"
	"slices"
	"testing"
)

// The tests of this package run with poisoned uncleared buffers (see
// poisonUncleared): an op that forgets to write part of its output makes NaN,
// which every value and gradient check catches. Benchmarks turn it off.
func init() { poisonUncleared = true }

// unpoisoned turns poisoning off for a benchmark and returns the function that
// turns it back on.
func unpoisoned() func() {
	poisonUncleared = false
	return func() { poisonUncleared = true }
}

// TestPoolReuse checks the pool's contract: after a Reset the same requests
// get the same buffers back, alloc's zeroed and allocUncleared's (poisoned
// here) with the new shape.
func TestPoolReuse(t *testing.T) {
	tp := NewTape[float64]()
	a, b := tp.alloc(2, 3), tp.allocUncleared(4)
	a.Fill(7)
	tp.Reset()
	a2, b2 := tp.alloc(3, 2), tp.allocUncleared(2, 2)
	if a2 != a || b2 != b {
		t.Fatal("the pool did not hand back its buffers after Reset")
	}
	for _, v := range a2.Data() {
		if v != 0 {
			t.Fatalf("alloc gave %v, want zeros", a2.Data())
		}
	}
	if !math.IsNaN(b2.Data()[0]) || !slices.Equal(b2.Shape(), []int{2, 2}) {
		t.Fatalf("allocUncleared gave %v", b2)
	}
	if got := tp.allocUncleared(5); got.Len() != 5 || !math.IsNaN(got.Data()[4]) {
		t.Fatalf("a fresh uncleared buffer is %v", got)
	}
}
