//go:build linux

package kernel

import (
	"fmt"
	"os"
	"runtime"
	"sort"
	"testing"
	"time"

	"golang.org/x/sys/unix"
)

// TestGemmCPUTime prints, for each of workloadShapes and each path, the median and
// the least thread CPU time per call over 15 rounds: on a shared machine the time a
// thread spends descheduled does not count, so it is steadier than wall time. It
// runs only when DEEPTHEORY_GEMM_CPUTIME is set, on one goroutine.
//
//	DEEPTHEORY_GEMM_CPUTIME=1 go test ./internal/kernel -run GemmCPUTime -v
func TestGemmCPUTime(t *testing.T) {
	if os.Getenv("DEEPTHEORY_GEMM_CPUTIME") == "" {
		t.Skip("set DEEPTHEORY_GEMM_CPUTIME to run")
	}
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	for _, s := range workloadShapes {
		cpuTimeShape(t, "f32", s, tile32, direct32)
	}
	for _, s := range workloadShapes {
		cpuTimeShape(t, "f64", s, tile64, direct64)
	}
}

func threadCPU() time.Duration {
	var ts unix.Timespec
	if err := unix.ClockGettime(unix.CLOCK_THREAD_CPUTIME_ID, &ts); err != nil {
		panic(err)
	}
	return time.Duration(ts.Nano())
}

func cpuTimeShape[T Float](t *testing.T, prec string, s gemmShape, tl tile[T], dk direct[T]) {
	rowsA, colsA, rowsB, colsB := gemmCase{transA: s.transA, transB: s.transB, m: s.m, n: s.n, k: s.k}.shapes()
	x, y, c := randomSlice[T](rowsA*colsA), randomSlice[T](rowsB*colsB), randomSlice[T](s.m*s.n)
	beta := T(s.beta)
	fns := map[string]func(){
		"Gemm":   func() { Gemm(s.transA, s.transB, s.m, s.n, s.k, 1, x, colsA, y, colsB, beta, c, s.n) },
		"packed": func() { gemmPacked(tl, s.transA, s.transB, s.m, s.n, s.k, 1, x, colsA, y, colsB, beta, c, s.n) },
	}
	if dk.fn != nil {
		fns["direct"] = func() { gemmDirect(dk, s.transA, s.transB, s.m, s.n, s.k, 1, x, colsA, y, colsB, beta, c, s.n) }
	}
	reps := max(1, int(2e6/work(s.m, s.n, s.k)))
	line := fmt.Sprintf("%s/%-6s", prec, s.name)
	for _, name := range []string{"Gemm", "packed", "direct"} {
		fn := fns[name]
		if fn == nil {
			continue
		}
		fn()
		var ts []float64
		for range 15 {
			t0 := threadCPU()
			for range reps {
				fn()
			}
			ts = append(ts, float64(threadCPU()-t0)/float64(reps))
		}
		sort.Float64s(ts)
		gf := 2 * work(s.m, s.n, s.k) / ts[0]
		line += fmt.Sprintf("  %s %8.0f ns (med %8.0f) %5.1f GF/s", name, ts[0], ts[len(ts)/2], gf)
	}
	t.Log(line)
}
