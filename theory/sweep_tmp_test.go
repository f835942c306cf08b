package theory

import (
	"os"
	"strconv"
	"strings"
	"testing"
)

func TestHomogTmpSweep(t *testing.T) {
	id := os.Getenv("HID")
	n, _ := strconv.Atoi(os.Getenv("HN"))
	c, _ := Lookup(id)
	size := Quick
	if *full {
		size = Full
	}
	for seed := uint64(1); seed <= uint64(n); seed++ {
		r := c.Run(Config{Size: size, Seed: seed}, nil)
		var parts []string
		for _, ch := range r.Checks {
			if !ch.Holds {
				parts = append(parts, "FAIL["+ch.String()+"]")
			}
		}
		for _, q := range r.Quantities {
			parts = append(parts, q.Name+"="+strconv.FormatFloat(q.Value, 'g', 4, 64))
		}
		t.Logf("seed %d %s %v: %s", seed, r.Verdict(), r.Elapsed, strings.Join(parts, " | "))
	}
}
