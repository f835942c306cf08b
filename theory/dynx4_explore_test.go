package theory

import (
	"fmt"
	"testing"
)

func TestDynxC19(t *testing.T) {
	for _, seed := range []uint64{6, 10, 1} {
		run := dynP1(Config{Seed: seed}, 19, 1e-2, dynCheckpoints(40000, 10), nil)
		fmt.Printf("seed %d dec %d kink %d\\n", seed, run.Decreases, run.KinkDecreases)
		for i, rp := range run.Replays {
			fmt.Printf("  kink %v %.3g\\n", run.Kink[i], rp)
		}
	}
}
