package theory

import (
	"math"
	"testing"
	"time"
)

func TestExplore(t *testing.T) {
	for seed := uint64(1); seed <= 12; seed++ {
		cfg := Config{Size: Quick, Seed: seed}
		x, y, init := homogP1(cfg)
		t0 := time.Now()
		runs, sc := homogFlowLevels(init, x, y, cfg.Rand(2012), 1e-2, 0.1, 20, 4)
		var d []float64
		for _, r := range runs {
			d = append(d, r.drift[0])
		}
		g := runs[len(runs)-1].growth
		var D []float64
		for i := 0; i+1 < len(d); i++ {
			D = append(D, 2*d[i+1]-d[i])
		}
		var nr float64
		a, b := runs[2].neuronDrift, runs[3].neuronDrift
		for j := range a {
			nr = max(nr, math.Abs(2*b[j]-a[j]))
		}
		t.Logf("seed %2d lam0 %7.1f nbase %5d %v | d/g %.3g ratios %.3f %.3f %.3f | D/g %.2e %.2e %.2e  Dratio %.3f %.3f | neuron lvl0 %.3g R %.2e | 2nd %.2e",
			seed, sc.lam[0], len(sc.h), time.Since(t0).Round(time.Millisecond), d[0]/g, d[1]/d[0], d[2]/d[1], d[3]/d[2], D[0]/g, D[1]/g, D[2]/g, D[1]/D[0], D[2]/D[1], runs[0].neuron, nr, (4*D[2]-D[1])/3/g)
	}
}
