package kernel

// TEMPORARY probe (gemm helper); deleted before hand-off.

import (
	"fmt"
	"os"
	"slices"
	"testing"
	"time"
)

type probeJob struct {
	inner  *gemmJob[float32]
	t0     time.Time
	start  [2]time.Duration
	end    [2]time.Duration
	caller [2]bool
	callerG int64
}

var probeCaller int64

func (p *probeJob) run(part, parts int) {
	p.start[part] = time.Since(p.t0)
	p.inner.run(part, parts)
	p.end[part] = time.Since(p.t0)
}

func TestZZProbeGemm(t *testing.T) {
	if os.Getenv("DT_PROBE") == "" {
		t.Skip()
	}
	n := 256
	if v := os.Getenv("DT_N"); v != "" {
		fmt.Sscan(v, &n)
	}
	gap, _ := time.ParseDuration(os.Getenv("DT_GAP"))
	x, y, c := randomSlice[float32](n*n), randomSlice[float32](n*n), make([]float32, n*n)
	job := &gemmJob[float32]{tl: tile32, m: n, n: n, k: n, alpha: 1, a: x, lda: n, b: y, ldb: n, c: c, ldc: n, byRows: true, tiles: ceilDiv(n, 12)}
	for range 100 {
		gemmBlocked(tile32, false, false, n, n, n, 1, x, n, y, n, 0, c, n)
	}
	t1 := time.Now()
	for range 100 {
		gemmBlocked(tile32, false, false, n, n, n, 1, x, n, y, n, 0, c, n)
	}
	fmt.Println("serial", time.Since(t1)/100)
	type rec struct {
		total time.Duration
		p     probeJob
	}
	var recs []rec
	for i := range 2100 {
		p := probeJob{inner: job, t0: time.Now()}
		parallelRun(&p, 2)
		if gap > 0 {
			rec1 := rec{time.Since(p.t0), p}
			time.Sleep(gap)
			if i >= 100 {
				recs = append(recs, rec1)
			}
			continue
		}
		if i >= 100 {
			recs = append(recs, rec{time.Since(p.t0), p})
		}
	}
	slices.SortFunc(recs, func(a, b rec) int { return int(a.total - b.total) })
	for _, q := range []float64{0, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99} {
		r := recs[int(q*float64(len(recs)-1))]
		fmt.Printf("q%.2f total %v  part0 %v-%v  part1 %v-%v\n", q, r.total, r.p.start[0], r.p.end[0], r.p.start[1], r.p.end[1])
	}
}
