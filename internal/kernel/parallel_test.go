package kernel

import (
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
)

// countingJob counts how often each part runs; with inner > 0 each part runs a nested
// parallelRun of inner parts.
type countingJob struct {
	runs  []atomic.Int64
	inner int
	total *atomic.Int64
}

func (j *countingJob) run(part, parts int) {
	if parts != len(j.runs) {
		panic("parts changed")
	}
	j.runs[part].Add(1)
	j.total.Add(1)
	if j.inner > 0 {
		parallelRun(&countingJob{runs: make([]atomic.Int64, j.inner), total: j.total}, j.inner)
	}
}

// TestParallelRun checks that every part runs exactly once, also when calls are nested
// and when many goroutines call at once (more than there are helpers).
func TestParallelRun(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4))
	for parts := 1; parts <= 9; parts++ {
		var total atomic.Int64
		job := &countingJob{runs: make([]atomic.Int64, parts), inner: 3, total: &total}
		parallelRun(job, parts)
		for i := range job.runs {
			if n := job.runs[i].Load(); n != 1 {
				t.Errorf("parts=%d: part %d ran %d times", parts, i, n)
			}
		}
		if want := int64(parts * 4); total.Load() != want {
			t.Errorf("parts=%d: %d runs in all, want %d", parts, total.Load(), want)
		}
	}
	var wg sync.WaitGroup
	var total atomic.Int64
	for range 50 {
		wg.Go(func() {
			for range 20 {
				parallelRun(&countingJob{runs: make([]atomic.Int64, 4), inner: 2, total: &total}, 4)
			}
		})
	}
	wg.Wait()
	if want := int64(50 * 20 * 4 * 3); total.Load() != want {
		t.Errorf("concurrent calls: %d runs in all, want %d", total.Load(), want)
	}
}
