package kernel

import (
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// countingJob is work of len(units) units: part part of parts does units
// [part·len/parts, (part+1)·len/parts) and counts each. With inner > 0, each part
// then runs a nested job of inner units on 3 parts.
type countingJob struct {
	t     *testing.T
	units []atomic.Int64
	inner int
	warm  bool // call parallelRunWarm, else parallelRun
}

func (j *countingJob) run(part, parts int) {
	n := len(j.units)
	for u := part * n / parts; u < (part+1)*n/parts; u++ {
		j.units[u].Add(1)
	}
	if j.inner > 0 {
		runCounting(j.t, j.inner, 0, 3, j.warm)
	}
}

// runCounting runs a countingJob of the given size on parts parts and checks that
// every unit was done exactly once. It may run on any goroutine.
func runCounting(t *testing.T, units, inner, parts int, warm bool) {
	job := &countingJob{t: t, units: make([]atomic.Int64, units), inner: inner, warm: warm}
	if warm {
		parallelRunWarm(job, parts)
	} else {
		parallelRun(job, parts)
	}
	for u := range job.units {
		if n := job.units[u].Load(); n != 1 {
			t.Errorf("warm=%v, %d units on %d parts: unit %d done %d times", warm, units, parts, u, n)
		}
	}
}

// TestParallelRun checks that every unit of work is done exactly once, however the
// work is cut into parts (a job may also run as one part), also when calls are
// nested and when many goroutines call at once (more than there are helpers). It
// then checks that the helpers stop spinning once there is no more work, and that
// there are no more of them than startHelper allows.
func TestParallelRun(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4))
	before := 0 // helpers started by earlier tests, perhaps with more GOMAXPROCS
	if hs := helpers.Load(); hs != nil {
		before = len(*hs)
	}
	for _, warm := range []bool{false, true} {
		for parts := 1; parts <= 9; parts++ {
			runCounting(t, 12, 5, parts, warm)
		}
		var wg sync.WaitGroup
		for range 50 {
			wg.Go(func() {
				for range 20 {
					runCounting(t, 4, 2, 4, warm)
				}
			})
		}
		wg.Wait()
	}
	// Idle helpers park after helperSpin; allow plenty of time on a busy machine.
	for start := time.Now(); ; time.Sleep(time.Millisecond) {
		spinning := 0
		for _, h := range *helpers.Load() {
			if h.state.Load() == helperSpinning {
				spinning++
			}
		}
		if spinning == 0 {
			break
		}
		if time.Since(start) > 10*time.Second {
			t.Fatalf("%d helpers still spinning 10 s after the last call", spinning)
		}
	}
	if n := len(*helpers.Load()); n > max(before, 4*4) {
		t.Errorf("%d helpers, want at most 4·GOMAXPROCS = 16 (or the %d there were before)", n, before)
	}
}
