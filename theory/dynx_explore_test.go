package theory

import (
	"fmt"
	"math"
	"testing"

	"github.com/deeptheory/deeptheory/tensor"
)

func TestDynxC16(t *testing.T) {
	const lr = 0.1
	for seed := uint64(1); seed <= 12; seed++ {
		x, y := dynP3(Config{Seed: seed}.Rand(16), 30, 5, 0.3)
		svm, _ := dynSVM(x, y)
		z := dynLinearZ(x, y)
		amax := 0.0
		for _, a := range svm.Alpha {
			amax = max(amax, a)
		}
		kmin := math.Inf(1)
		nsv := 0
		for n, a := range svm.Alpha {
			if a > 1e-9*amax {
				nsv++
			} else {
				kmin = min(kmin, dot(z[n], svm.W))
			}
		}
		steps := dynDecades(1, 6)
		ws := dynLinearGD(x, y, make([]float64, 5), lr, steps)
		what := svm.W
		wh2 := dot(what, what)
		fmt.Printf("seed %d γ*=%.3f nSV=%d κmin=%.4f\n", seed, svm.Margin(), nsv, kmin)
		var prevPerp, prevW []float64
		for k, w := range ws {
			c := dot(w, what) / wh2
			perp := make([]float64, 5)
			for i := range w {
				perp[i] = w[i] - c*what[i]
			}
			lt := math.Log(float64(steps[k]))
			svErr := 0.0
			for n, a := range svm.Alpha {
				if a > 1e-9*amax {
					svErr = max(svErr, math.Abs(dot(z[n], w)-lt-math.Log(lr/(30*a))))
				}
			}
			delta := math.NaN()
			dperp := math.NaN()
			if prevW != nil {
				d := make([]float64, 5)
				dp := make([]float64, 5)
				for i := range d {
					d[i] = w[i] - prevW[i] - what[i]*math.Ln10
					dp[i] = perp[i] - prevPerp[i]
				}
				delta = norm(d)
				dperp = norm(dp)
			}
			fmt.Printf("  %s angle %.4f  c-log t %.4f |perp| %.4f |Δperp| %.4f |Δres| %.4f svErr %.4f ratio %.4f\n", dynSup(steps[k]), Angle(w, what), c-lt, norm(perp), dperp, delta, svErr, dynLinearMargin(w, x, y)/svm.Margin())
			prevW, prevPerp = w, perp
		}
	}
}

func TestDynxC18(t *testing.T) {
	for seed := uint64(1); seed <= 12; seed++ {
		x, y := dynP3(Config{Seed: seed}.Rand(18), 30, 5, 0.3)
		svm, _ := dynSVM(x, y)
		g := svm.Margin()
		zt := tensorOfRows(dynLinearZ(x, y))
		v := make([]float64, 5)
		for _, zn := range dynLinearZ(x, y) {
			for i := range v {
				v[i] += zn[i]
			}
		}
		fmt.Printf("seed %d γ*=%.3f:", seed, g)
		for _, c := range []float64{1, 2, 5, 10, 20, 40, 80, 160, 320} {
			R := c * 0.657 / g
			v, _ = dynSphereMin(zt, R, v)
			lb, _, _ := dynSphereDerivs(zt, R, svm.Direction(), true, false)
			fmt.Printf(" %.4f(lb %.3f)", dynLinearMargin(v, x, y)/g, -lb/R/g)
		}
		fmt.Println()
	}
}

func tensorOfRows(z [][]float64) *tensor.Tensor[float64] {
	t := tensor.Zeros[float64](len(z), len(z[0]))
	for n, zn := range z {
		copy(t.Data()[n*len(zn):(n+1)*len(zn)], zn)
	}
	return t
}
