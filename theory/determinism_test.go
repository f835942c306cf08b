package theory

import (
	"github.com/google/go-cmp/cmp"
	"math"
	"runtime"
	"testing"
)

// TestClaimsDeterministic runs the Quick config of claims that shuffle
// mini-batches (C9), take long gradient-descent runs (C17) and train on
// GOMAXPROCS goroutines (C21) once on one thread and once on two, and
// requires every quantity, check value and curve point to be the same bits.
// C2 is left out: its Quick run takes ~7 s, and TestApproxTableDeterministic
// already trains an approximation table on one worker and on several.
func TestClaimsDeterministic(t *testing.T) {
	if testing.Short() {
		t.Skip("trains C9, C17 and C21 twice")
	}
	prev := runtime.GOMAXPROCS(0)
	t.Cleanup(func() { runtime.GOMAXPROCS(prev) })
	cfg := Config{Size: Quick, Seed: 1}
	for _, id := range []string{"C9", "C17", "C21"} {
		t.Run(id, func(t *testing.T) {
			c, ok := Lookup(id)
			if !ok {
				t.Fatalf("no claim %s", id)
			}
			var runs [2]*Result
			for i, procs := range []int{1, 2} {
				runtime.GOMAXPROCS(procs)
				resetGenNormCache()
				runs[i] = c.Run(cfg, nil)
				if id == "C21" && genNormCacheLen() == 0 {
					t.Fatalf("C21 did not train through genNormCache: the reset cannot be what makes it retrain")
				}
			}
			if len(runs[0].Quantities)+len(runs[0].Checks)+len(runs[0].Curves) == 0 {
				t.Fatalf("%s recorded nothing to compare", id)
			}
			if len(runs[0].Quantities) > 0 {
				// The comparison must see a one-ulp change.
				moved := *runs[0]
				moved.Quantities = append([]Quantity(nil), runs[0].Quantities...)
				q := &moved.Quantities[len(moved.Quantities)-1]
				q.Value = math.Nextafter(q.Value, math.Inf(1))
				if firstDifference(runs[0], &moved) == "" {
					t.Fatalf("firstDifference misses a one-ulp change of %q", q.Name)
				}
			}
			if d := firstDifference(runs[0], runs[1]); d != "" {
				t.Errorf("%s differs between GOMAXPROCS 1 and 2: %s", id, d)
			}
		})
	}
}

// resetGenNormCache empties genNormCache, so the next C21 or C22 run trains
// its data seeds again instead of returning those of an earlier run.
func resetGenNormCache() {
	genNormCache.Lock()
	defer genNormCache.Unlock()
	clear(genNormCache.seeds)
}

// genNormCacheLen returns how many trained data seeds genNormCache holds.
func genNormCacheLen() int {
	genNormCache.Lock()
	defer genNormCache.Unlock()
	return len(genNormCache.seeds)
}

// firstDifference describes how a's quantities, check values and curve
// points differ from b's, bit for bit (go-cmp with an exact float
// comparer), or returns "" if they are identical.
func firstDifference(a, b *Result) string {
	type numbers struct {
		Quantities []Quantity
		Checks     []Check
		Curves     []Curve
	}
	bits := cmp.Comparer(func(x, y float64) bool { return math.Float64bits(x) == math.Float64bits(y) })
	return cmp.Diff(numbers{a.Quantities, a.Checks, a.Curves}, numbers{b.Quantities, b.Checks, b.Curves}, bits)
}
