package theory

import (
	"fmt"
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

// firstDifference names the first quantity, check value or curve point
// whose bits differ between a and b (or whose lists differ in length or
// names), or returns "" if there is none.
func firstDifference(a, b *Result) string {
	same := func(x, y float64) bool { return math.Float64bits(x) == math.Float64bits(y) }
	if len(a.Quantities) != len(b.Quantities) {
		return fmt.Sprintf("%d quantities vs %d", len(a.Quantities), len(b.Quantities))
	}
	for i, q := range a.Quantities {
		p := b.Quantities[i]
		if q.Name != p.Name {
			return fmt.Sprintf("quantity %d is %q vs %q", i, q.Name, p.Name)
		}
		if !same(q.Value, p.Value) {
			return fmt.Sprintf("quantity %q = %v vs %v", q.Name, q.Value, p.Value)
		}
	}
	if len(a.Checks) != len(b.Checks) {
		return fmt.Sprintf("%d checks vs %d", len(a.Checks), len(b.Checks))
	}
	for i, c := range a.Checks {
		d := b.Checks[i]
		if c.Name != d.Name {
			return fmt.Sprintf("check %d is %q vs %q", i, c.Name, d.Name)
		}
		if !same(c.Value, d.Value) {
			return fmt.Sprintf("check %q = %v vs %v", c.Name, c.Value, d.Value)
		}
	}
	if len(a.Curves) != len(b.Curves) {
		return fmt.Sprintf("%d curves vs %d", len(a.Curves), len(b.Curves))
	}
	for i, c := range a.Curves {
		d := b.Curves[i]
		if c.Name != d.Name {
			return fmt.Sprintf("curve %d is %q vs %q", i, c.Name, d.Name)
		}
		if len(c.X) != len(d.X) || len(c.Y) != len(d.Y) {
			return fmt.Sprintf("curve %q has %d/%d points vs %d/%d", c.Name, len(c.X), len(c.Y), len(d.X), len(d.Y))
		}
		for j := range c.X {
			if !same(c.X[j], d.X[j]) {
				return fmt.Sprintf("curve %q x[%d] = %v vs %v", c.Name, j, c.X[j], d.X[j])
			}
		}
		for j := range c.Y {
			if !same(c.Y[j], d.Y[j]) {
				return fmt.Sprintf("curve %q y[%d] = %v vs %v", c.Name, j, c.Y[j], d.Y[j])
			}
		}
	}
	return ""
}
