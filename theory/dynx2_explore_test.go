package theory

import (
	"fmt"
	"math"
	"testing"
)

func dynxFit(u, v []float64) (a, b, rms float64) {
	n := float64(len(u))
	var su, sv, suu, suv float64
	for i := range u {
		su += u[i]
		sv += v[i]
		suu += u[i] * u[i]
		suv += u[i] * v[i]
	}
	a = (n*suv - su*sv) / (n*suu - su*su)
	b = (sv - a*su) / n
	for i := range u {
		e := v[i] - a*u[i] - b
		rms += e * e
	}
	return a, b, math.Sqrt(rms / n)
}

func TestDynxC17(t *testing.T) {
	for seed := uint64(1); seed <= 12; seed++ {
		T := 100000
		steps := dynCheckpoints(T, 20, T/2, T/4, T/8, T/100)
		run := dynP1(Config{Seed: seed}, 1017, 1e-2, steps, nil)
		var u, v, lv []float64
		for i, s := range steps {
			if s >= T/100 {
				u = append(u, math.Log(0.01*float64(s)))
				v = append(v, run.Rho[i])
				lv = append(lv, math.Log(run.Rho[i]))
			}
		}
		a, b, rms := dynxFit(u, v)
		p, c, lrms := dynxFit(u, lv)
		// power-law residual in ρ units
		var prms float64
		for i := range u {
			e := v[i] - math.Exp(c+p*u[i])
			prms += e * e
		}
		prms = math.Sqrt(prms / float64(len(u)))
		fmt.Printf("seed %d sep %d a %.3f b %.2f rms %.4f (rel %.2e) | p %.3f rms %.4f lrms %.2e | ρ:", seed, run.Separated, a, b, rms, rms/(v[len(v)-1]-v[0]), p, prms, lrms)
		for _, s := range []int{T / 100, T / 8, T / 4, T / 2, T} {
			fmt.Printf(" %.2f", dynAt(steps, run.Rho, s))
		}
		fmt.Printf(" margin %.4f\n", run.Margin[len(run.Margin)-1])
	}
}
