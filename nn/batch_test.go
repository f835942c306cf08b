package nn

import (
	"testing"

	"github.com/deeptheory/deeptheory/tensor"
)

// TestEpochClasses: each batch's labels are those of its rows, in shuffled
// order too, and every row comes once per epoch.
func TestEpochClasses(t *testing.T) {
	x := tensor.Arange[float64](7).Reshape(7, 1) // row i holds i
	labels := []int{10, 11, 12, 13, 14, 15, 16}
	seen := map[int]bool{}
	for xb, lb := range NewBatches(x, nil, 3, newRand(5)).EpochClasses(labels) {
		if len(lb) != xb.Dim(0) {
			t.Fatalf("batch of %d rows with %d labels", xb.Dim(0), len(lb))
		}
		for i, label := range lb {
			row := int(xb.At(i, 0))
			if label != labels[row] {
				t.Errorf("row %d has label %d, want %d", row, label, labels[row])
			}
			seen[row] = true
		}
	}
	if len(seen) != 7 {
		t.Errorf("an epoch visited rows %v", seen)
	}
	mustPanic(t, "label count", func() { NewBatches(x, nil, 3, nil).EpochClasses(labels[:6]) })
}
