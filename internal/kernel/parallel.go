package kernel

import (
	"runtime"
	"sync"
)

// A parallelJob is work cut into parts that can run at the same time: run(part, parts)
// does part number part of parts, 0 ≤ part < parts. Parts must touch disjoint output,
// and what a part computes must depend only on (part, parts), never on which goroutine
// runs it or when.
type parallelJob interface {
	run(part, parts int)
}

// parallelRun runs job.run(i, parts) for every i in [0, parts) and returns when all
// have finished. Part 0 runs on the calling goroutine; the others are handed to idle
// helper goroutines, which are started on demand and then kept, parked, for later
// calls. It allocates nothing once enough helpers exist.
//
// A part is handed over only to a helper that is already waiting for work, or to a
// newly started one; when neither is possible (too many helpers busy, e.g. under
// concurrent or nested calls) the caller runs the part itself. So a call never waits
// for a busy helper, and nested calls cannot deadlock.
//
// Callers keep parts ≤ runtime.GOMAXPROCS(0).
func parallelRun(job parallelJob, parts int) {
	if parts <= 1 {
		job.run(0, 1)
		return
	}
	done := waitGroups.Get().(*sync.WaitGroup)
	done.Add(parts - 1)
	for part := 1; part < parts; part++ {
		t := parallelTask{job: job, part: part, parts: parts, done: done}
		select {
		case parallelTasks <- t: // an idle helper took it
			continue
		default:
		}
		if startHelper(t) {
			continue
		}
		job.run(part, parts)
		done.Done()
	}
	job.run(0, parts)
	done.Wait()
	waitGroups.Put(done)
}

// A parallelTask is one part of a job, as handed to a helper.
type parallelTask struct {
	job         parallelJob
	part, parts int
	done        *sync.WaitGroup
}

var (
	// parallelTasks is unbuffered: a send succeeds only when a helper is waiting.
	parallelTasks = make(chan parallelTask)
	waitGroups    = sync.Pool{New: func() any { return new(sync.WaitGroup) }}

	helpersMu sync.Mutex
	helpers   int // helper goroutines started so far
)

// startHelper starts a helper goroutine with t as its first task, unless there are
// already 4·GOMAXPROCS helpers. The slack over GOMAXPROCS-1 lets back-to-back calls
// find an idle helper while the one that just finished is still on its way back to
// the channel; helpers beyond what is used stay parked and cost only their stacks.
func startHelper(t parallelTask) bool {
	helpersMu.Lock()
	defer helpersMu.Unlock()
	if helpers >= 4*runtime.GOMAXPROCS(0) {
		return false
	}
	helpers++
	go helper(t)
	return true
}

// helper runs tasks forever: its first, then whatever arrives on parallelTasks.
func helper(t parallelTask) {
	for {
		t.job.run(t.part, t.parts)
		t.done.Done()
		t = parallelTask{} // hold no job while parked
		t = <-parallelTasks
	}
}
