package theory

import (
	"fmt"
	"os"
	"strconv"
	"testing"
)

func TestZZCalib(t *testing.T) {
	if os.Getenv("CALIB") == "" {
		t.Skip()
	}
	seed, _ := strconv.ParseUint(os.Getenv("CALIB"), 10, 64)
	n, _ := strconv.Atoi(os.Getenv("CALIB_N"))
	it, _ := strconv.Atoi(os.Getenv("CALIB_IT"))
	spec := approxSpec{name: "calib", stream: 6, targets: []approxTarget{approxCosPoly},
		softplus: []bool{false}, qs: []int{8, 16}, archs: []approxArch{approxLC, approxShared, approxDeepFC, approxShallow},
		nTrain: n, nTest: 5000, iters: it, repeats: 3, lrs: []float64{1e-2, 3e-3}}
	tb := approxGetTable(spec, Config{Size: Full, Seed: seed}, "C5", nil)
	for _, q := range spec.qs {
		m := map[approxArch]float64{}
		for _, a := range spec.archs {
			m[a] = tb.median(approxCell{approxCosPoly, false, q, a})
		}
		best := min(m[approxLC], m[approxShared])
		fmt.Printf("seed %d n %d it %d Q=%d: LC %.4f shared %.4f fc %.4f shallow %.4f  best/shallow %.3f best/fc %.3f\n",
			seed, n, it, q, m[approxLC], m[approxShared], m[approxDeepFC], m[approxShallow], best/m[approxShallow], best/m[approxDeepFC])
	}
}
