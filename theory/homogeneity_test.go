package theory

import (
	"testing"
)

func TestHomogDebug(t *testing.T) {
	for _, id := range []string{"C10", "C11", "C12", "C13", "C14", "C15"} {
		c, _ := Lookup(id)
		size := Quick
		if *full {
			size = Full
		}
		r := c.Run(Config{Size: size, Seed: 1}, nil)
		t.Logf("%s %s %v", id, r.Verdict(), r.Elapsed)
		for _, ch := range r.Checks {
			t.Logf("   %v", ch)
		}
		for _, q := range r.Quantities {
			t.Logf("   %s = %.6g", q.Name, q.Value)
		}
	}
}
