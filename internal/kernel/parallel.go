package kernel

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// A parallelJob is work cut into parts that can run at the same time: run(part, parts)
// does part number part of parts, 0 ≤ part < parts. Parts must write disjoint output,
// and what a part computes must depend only on (part, parts), never on which goroutine
// runs it or when: then the result is the same however the parts are shared out.
type parallelJob interface {
	run(part, parts int)
}

// parallelRun runs job.run(i, parts) for every i in [0, parts) and returns when all
// have finished, using the calling goroutine and up to parts-1 helper goroutines.
// Helpers are started on demand and kept, parked, for later calls; once enough exist,
// parallelRun allocates nothing. Callers keep parts ≤ runtime.GOMAXPROCS(0).
//
// The parts are not assigned in advance: the caller and the helpers it wakes each
// claim the next unclaimed part until none is left. Waking a parked helper can take
// long (here, in a VM, 0.1 to 0.3 ms before its thread runs); the caller meanwhile
// works through the parts itself, so a late helper costs little more than running
// serially would.
//
// parallelRun never waits for a busy helper: it wakes only helpers already waiting for
// work (or newly started ones, up to a limit), so concurrent and nested calls cannot
// deadlock.
func parallelRun(job parallelJob, parts int) {
	if parts <= 1 {
		job.run(0, 1)
		return
	}
	call := parallelCalls.Get().(*parallelCall)
	call.job, call.parts = job, parts
	call.next.Store(0)
	call.unfinished.Add(parts)
	call.refs.Store(1)
	for range parts - 1 {
		call.refs.Add(1)
		select {
		case parallelWake <- call: // an idle helper will join
			continue
		default:
		}
		if !startHelper(call) {
			call.refs.Add(-1)
			break
		}
	}
	call.work()
	// Wait for the parts the helpers claimed, not for the helpers: one that wakes
	// late finds nothing left and just lets go of the call.
	call.unfinished.Wait()
	call.release()
}

// A parallelCall is one call of parallelRun, shared by the goroutines working on it.
type parallelCall struct {
	job        parallelJob
	parts      int
	next       atomic.Int64   // the next unclaimed part
	unfinished sync.WaitGroup // parts not yet finished
	refs       atomic.Int64   // goroutines that may still touch the call
}

// work claims parts of the call and runs them until none is left.
func (c *parallelCall) work() {
	for {
		part := int(c.next.Add(1) - 1)
		if part >= c.parts {
			return
		}
		c.job.run(part, c.parts)
		c.unfinished.Done()
	}
}

// release drops one reference to the call; the last one returns it to the pool.
func (c *parallelCall) release() {
	if c.refs.Add(-1) == 0 {
		c.job = nil
		parallelCalls.Put(c)
	}
}

var (
	// parallelWake is unbuffered: a send succeeds only when a helper is waiting.
	parallelWake  = make(chan *parallelCall)
	parallelCalls = sync.Pool{New: func() any { return new(parallelCall) }}

	helpersMu sync.Mutex
	helpers   int // helper goroutines started so far
)

// startHelper starts a helper goroutine that first joins call, unless there are
// already 4·GOMAXPROCS helpers. The slack over GOMAXPROCS-1 lets back-to-back calls
// find an idle helper while the one that just finished is on its way back to the
// channel; helpers beyond what is used stay parked and cost only their stacks.
func startHelper(call *parallelCall) bool {
	helpersMu.Lock()
	defer helpersMu.Unlock()
	if helpers >= 4*runtime.GOMAXPROCS(0) {
		return false
	}
	helpers++
	go helper(call)
	return true
}

// helper works on calls forever: its first, then each it is woken for.
func helper(call *parallelCall) {
	for {
		call.work()
		call.release()
		call = <-parallelWake
	}
}
