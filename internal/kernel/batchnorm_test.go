package kernel

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// batchNormRef is batch normalization by its definition, in float64, one
// value at a time: the statistics, y, and (given g) the gradients.
func batchNormRef(d BatchNormDims, x, weight, bias, g []float64, eps float64) (y, mean, variance, dx, dw, db []float64) {
	at := func(n, c, s int) int { return (n*d.C+c)*d.S + s }
	m := float64(d.N * d.S)
	y, dx = make([]float64, len(x)), make([]float64, len(x))
	mean, variance, dw, db = make([]float64, d.C), make([]float64, d.C), make([]float64, d.C), make([]float64, d.C)
	for c := range d.C {
		for n := range d.N {
			for s := range d.S {
				mean[c] += x[at(n, c, s)] / m
			}
		}
		for n := range d.N {
			for s := range d.S {
				variance[c] += (x[at(n, c, s)] - mean[c]) * (x[at(n, c, s)] - mean[c]) / m
			}
		}
		r := 1 / math.Sqrt(variance[c]+eps)
		gamma, beta := 1.0, 0.0
		if weight != nil {
			gamma, beta = weight[c], bias[c]
		}
		for n := range d.N {
			for s := range d.S {
				i := at(n, c, s)
				y[i] = (x[i]-mean[c])*r*gamma + beta
				db[c] += g[i]
				dw[c] += g[i] * (x[i] - mean[c]) * r
			}
		}
		for n := range d.N {
			for s := range d.S {
				i := at(n, c, s)
				dx[i] = gamma * r * (g[i] - db[c]/m - (x[i]-mean[c])*r*dw[c]/m)
			}
		}
	}
	return
}

// TestBatchNormMatchesRef runs BatchNormForward and BatchNormBackward
// against the definition on small and odd dimensions (S = 1, odd runs,
// batch 1), with and without weight, writing into outputs with NaN guard
// bands; and cut into 1 to 4 parts, which must give the same bits.
func TestBatchNormMatchesRef(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	const guard, eps = 3, 1e-5
	for _, d := range []BatchNormDims{{2, 1, 1}, {5, 3, 1}, {1, 2, 7}, {3, 4, 5}, {2, 3, 9}, {4, 1, 17}, {2, 2, 600}, {0, 3, 4}} {
		for _, affine := range []bool{true, false} {
			t.Run(fmt.Sprintf("%v/affine=%v", d, affine), func(t *testing.T) {
				nx := d.N * d.C * d.S
				x, g := make([]float64, nx), make([]float64, nx)
				for i := range x {
					x[i], g[i] = 3*r.NormFloat64()+float64(i%5), r.NormFloat64()
				}
				var weight, bias []float64
				if affine {
					weight, bias = make([]float64, d.C), make([]float64, d.C)
					for c := range weight {
						weight[c], bias[c] = 0.5+r.Float64(), r.NormFloat64()
					}
				}
				wantY, wantMean, wantVar, wantDx, wantDw, wantDb := batchNormRef(d, x, weight, bias, g, eps)
				var first [][]float64
				for parts := 1; parts <= 4; parts++ {
					allY, y := nanBand(nx, guard)
					allM, mean := nanBand(d.C, guard)
					allV, variance := nanBand(d.C, guard)
					allR, invstd := nanBand(d.C, guard)
					fwd := &batchNormJob[float64]{d: d, y: y, mean: mean, variance: variance, invstd: invstd, x: x, weight: weight, bias: bias, eps: eps}
					allDx, dx := nanBand(nx, guard)
					allDw, dw := nanBand(d.C, guard)
					allDb, db := nanBand(d.C, guard)
					bwd := &batchNormJob[float64]{d: d, backward: true, dx: dx, dweight: dw, dbias: db, g: g, x: x, mean: mean, invstd: invstd, weight: weight}
					for p := range parts {
						if d.count() > 0 {
							fwd.run(p, parts)
						}
					}
					for p := range parts {
						if d.count() > 0 {
							bwd.run(p, parts)
						}
					}
					for _, b := range []struct {
						name string
						all  []float64
						n    int
					}{{"y", allY, nx}, {"mean", allM, d.C}, {"variance", allV, d.C}, {"invstd", allR, d.C},
						{"dx", allDx, nx}, {"dweight", allDw, d.C}, {"dbias", allDb, d.C}} {
						if d.count() > 0 {
							checkBand(t, b.name, b.all, guard, b.n)
						}
					}
					if d.count() == 0 {
						continue
					}
					got := [][]float64{y, mean, variance, dx, dw, db}
					for i, want := range [][]float64{wantY, wantMean, wantVar, wantDx, wantDw, wantDb} {
						for j := range want {
							if diff := math.Abs(got[i][j] - want[j]); !(diff <= 1e-12*math.Max(1, math.Abs(want[j]))*float64(nx)) {
								t.Fatalf("parts %d: result %d (y, mean, variance, dx, dweight, dbias) [%d] = %v, want %v", parts, i, j, got[i][j], want[j])
							}
						}
					}
					if parts == 1 {
						first = got
					} else {
						for i := range got {
							if !slices.Equal(got[i], first[i]) {
								t.Errorf("parts %d: result %d differs from one part", parts, i)
							}
						}
					}
				}
			})
		}
	}
}

// TestBatchNormSkipsNil: the backward pass computes only the gradients
// asked for, and the entry points do nothing on empty input.
func TestBatchNormSkipsNil(t *testing.T) {
	d := BatchNormDims{3, 2, 4}
	x, g := make([]float64, 24), make([]float64, 24)
	for i := range x {
		x[i], g[i] = float64(i%7), float64(i%3)-1
	}
	y, mean, variance, invstd := make([]float64, 24), make([]float64, 2), make([]float64, 2), make([]float64, 2)
	BatchNormForward(d, y, mean, variance, invstd, x, nil, nil, 1e-5)
	db := make([]float64, 2)
	BatchNormBackward(d, nil, nil, db, g, x, mean, invstd, nil)
	_, _, _, _, _, want := batchNormRef(d, x, nil, nil, g, 1e-5)
	if !slices.Equal(db, want) { // sums of small integers: exact
		t.Errorf("dbias %v, want %v", db, want)
	}
	BatchNormForward[float64](BatchNormDims{0, 2, 4}, nil, nil, nil, nil, nil, nil, nil, 1e-5)
	BatchNormBackward[float64](BatchNormDims{2, 0, 4}, nil, nil, nil, nil, nil, nil, nil, nil)
}

// TestWeightNormMatchesRef runs WeightNormForward and WeightNormBackward
// against the definition, with NaN guard bands, cut into 1 to 4 parts
// (same bits).
func TestWeightNormMatchesRef(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	const guard = 3
	for _, dims := range [][2]int{{1, 1}, {1, 9}, {5, 3}, {4, 17}, {7, 1}, {3, 700}} {
		units, rest := dims[0], dims[1]
		n := units * rest
		v, gw, g := make([]float64, n), make([]float64, n), make([]float64, units)
		for i := range v {
			v[i], gw[i] = r.NormFloat64(), r.NormFloat64()
		}
		for u := range g {
			g[u] = r.NormFloat64()
		}
		var first [][]float64
		for parts := 1; parts <= 4; parts++ {
			allW, w := nanBand(n, guard)
			allN, norms := nanBand(units, guard)
			allDv, dv := nanBand(n, guard)
			allDg, dg := nanBand(units, guard)
			fwd := &weightNormJob[float64]{w: w, norms: norms, v: v, g: g, units: units}
			bwd := &weightNormJob[float64]{backward: true, dv: dv, dg: dg, gw: gw, v: v, g: g, norms: norms, units: units}
			for p := range parts {
				fwd.run(p, parts)
			}
			for p := range parts {
				bwd.run(p, parts)
			}
			checkBand(t, "w", allW, guard, n)
			checkBand(t, "norms", allN, guard, units)
			checkBand(t, "dv", allDv, guard, n)
			checkBand(t, "dg", allDg, guard, units)
			for u := range units {
				var ss, dot float64
				for i := range rest {
					ss += v[u*rest+i] * v[u*rest+i]
					dot += gw[u*rest+i] * v[u*rest+i]
				}
				nrm := math.Sqrt(ss)
				near := func(what string, got, want float64) {
					if diff := math.Abs(got - want); !(diff <= 1e-13*math.Max(1, math.Abs(want))) {
						t.Fatalf("%v parts %d: %s of unit %d = %v, want %v", dims, parts, what, u, got, want)
					}
				}
				near("norm", norms[u], nrm)
				near("dg", dg[u], dot/nrm)
				for i := range rest {
					j := u*rest + i
					near("w", w[j], g[u]*v[j]/nrm)
					near("dv", dv[j], g[u]/nrm*(gw[j]-dot/(nrm*nrm)*v[j]))
				}
			}
			got := [][]float64{w, norms, dv, dg}
			if parts == 1 {
				first = got
			}
			for i := range got {
				if !slices.Equal(got[i], first[i]) {
					t.Errorf("%v parts %d: result %d differs from one part", dims, parts, i)
				}
			}
		}
	}
}
