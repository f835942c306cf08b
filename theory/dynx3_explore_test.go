package theory

import (
	"fmt"
	"testing"
)

func TestDynxC17b(t *testing.T) {
	for _, seed := range []uint64{8, 3} {
		T := 400000
		steps := dynCheckpoints(T, 10, 12500, 25000, 50000, 100000, 200000)
		run := dynP1(Config{Seed: seed}, 1017, 1e-2, steps, nil)
		fmt.Printf("seed %d sep %d ρ:", seed, run.Separated)
		for _, s := range []int{12500, 25000, 50000, 100000, 200000, 400000} {
			fmt.Printf(" %.2f(m %.4f)", dynAt(steps, run.Rho, s), dynAt(steps, run.Margin, s))
		}
		fmt.Println()
	}
}
