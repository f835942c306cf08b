package kernel

import (
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

// A parallelJob is work cut into parts that can run at the same time: run(part, parts)
// does part number part of parts, 0 ≤ part < parts. Parts must write disjoint output,
// and what a part computes must depend only on (part, parts), never on which goroutine
// runs it or when: then the result is the same however the parts are shared out.
//
// Parts must not wait for one another: they may run one after the other on a single
// goroutine, and parallelRun may also run the whole job as job.run(0, 1).
type parallelJob interface {
	run(part, parts int)
}

// parallelRun runs job.run(i, parts) for every i in [0, parts) and returns when all
// have finished, using the calling goroutine and up to min(parts, GOMAXPROCS)−1
// helper goroutines. Helpers are started on demand and kept for later calls; once
// enough exist, parallelRun allocates nothing. Parts may outnumber the goroutines
// (each claims parts until none is left): smaller parts balance the work better
// when a helper comes late.
//
// The parts are not assigned in advance: the caller and the helpers it hires each
// claim unclaimed parts until none is left. Waking a parked helper is slow here, in
// a VM: the caller may spend 15 µs in the system call, and the helper runs 0.1 to
// 0.3 ms later. The caller meanwhile works through the parts itself, so a late helper
// costs little more than running serially would. If it can hire no helper at all,
// parallelRun runs job.run(0, 1).
//
// Calls that come close together (one starting less than helperSpin after the
// previous one ended), as in a training loop, leave their helpers spinning for
// helperSpin when they finish, so that the next call finds them running and pays no
// wake-up. After a lone call the helpers park at once: measured here, helpers that
// spun after every call made products of 512×512 float32 matrices run 1 ms apart
// take 1.7 ms instead of 1.05: the caller's part ran at half speed while the woken
// helper was busy (the cause lies outside the VM, where we cannot see it).
//
// parallelRun never waits for a busy helper: it hires only helpers that are idle,
// spinning or parked (or newly started ones, up to a limit), so concurrent and nested
// calls cannot deadlock. It hires no more helpers than there are processors left
// over by the goroutines already working on parts (busyWorkers, the caller among
// them when the call is nested in a part): a product inside a part of a batch
// that already keeps every core busy runs on its caller alone, instead of
// starting goroutines that would only take turns with the others.
func parallelRun(job parallelJob, parts int) { runParallel(job, parts, true) }

// parallelRunWarm is parallelRun for jobs too small to pay for waking a helper: it
// hires only helpers that are spinning, and runs job.run(0, 1) when there are none.
// When calls come close together it does wake helpers, as parallelRun does, so that
// they spin from then on.
func parallelRunWarm(job parallelJob, parts int) { runParallel(job, parts, false) }

// runParallel is parallelRun, or with wake false, parallelRunWarm.
func runParallel(job parallelJob, parts int, wake bool) {
	if parts <= 1 {
		job.run(0, 1)
		return
	}
	dense := time.Since(clockStart)-time.Duration(lastEnd.Load()) < helperSpin
	defer func() { lastEnd.Store(int64(time.Since(clockStart))) }()
	call := parallelCalls.Get().(*parallelCall)
	call.job, call.parts, call.spin = job, parts, dense
	call.next.Store(0)
	call.unfinished.Store(int64(parts))
	call.refs.Store(1)
	procs := runtime.GOMAXPROCS(0)
	hired := 0
	for range min(parts, procs-int(busyWorkers.Load())) - 1 {
		call.refs.Add(1)
		if !hireHelper(call, wake || dense) {
			call.refs.Add(-1)
			break
		}
		hired++
	}
	if hired == 0 { // the call is the caller's alone
		call.release()
		job.run(0, 1)
		return
	}
	call.work()
	// Wait for the parts the helpers claimed, not for the helpers: one that comes
	// late finds nothing left and just lets go of the call. The parts usually end
	// together, so spin a little before blocking.
	for deadline, i := time.Now().Add(waitSpin), 0; call.unfinished.Load() > 0; i++ {
		if i%spinCheck == spinCheck-1 {
			if time.Now().After(deadline) {
				break
			}
			runtime.Gosched()
		}
	}
	<-call.done
	call.release()
}

var (
	clockStart = time.Now() // a monotonic origin for lastEnd
	lastEnd    atomic.Int64 // when the last runParallel ended, since clockStart
)

// Spinning: helperSpin is how long an idle helper stays ready to be hired before it
// parks (after calls that come close together), waitSpin how long parallelRun spins
// waiting for its helpers' parts before it blocks. Spinners look at the clock and
// yield the processor to other goroutines (runtime.Gosched) once every spinCheck
// polls, every few microseconds.
//
// Measured here (2 vCPUs): a product of 256×256 float32 matrices takes 0.1 ms on two
// cores, about what waking a parked helper takes; back to back, with helpers that
// spin, it runs 1.4 times as fast as on one core (up to 1.8 times).
const (
	helperSpin = 200 * time.Microsecond
	waitSpin   = 100 * time.Microsecond
	spinCheck  = 256
)

// A parallelCall is one call of parallelRun, shared by the goroutines working on it.
type parallelCall struct {
	job        parallelJob
	parts      int
	next       atomic.Int64  // the next unclaimed part
	spin       bool          // helpers spin for the next call when done
	unfinished atomic.Int64  // parts not yet finished
	done       chan struct{} // receives one value once unfinished reaches 0
	refs       atomic.Int64  // goroutines that may still touch the call
}

// busyWorkers counts the goroutines inside parallelCall.work, working on parts.
var busyWorkers atomic.Int64

// work claims parts of the call and runs them until none is left.
func (c *parallelCall) work() {
	busyWorkers.Add(1)
	defer busyWorkers.Add(-1)
	for {
		part := int(c.next.Add(1) - 1)
		if part >= c.parts {
			return
		}
		c.job.run(part, c.parts)
		if c.unfinished.Add(-1) == 0 {
			c.done <- struct{}{} // never blocks: done has room for one value
		}
	}
}

// release drops one reference to the call; the last one returns it to the pool.
func (c *parallelCall) release() {
	if c.refs.Add(-1) == 0 {
		c.job = nil
		parallelCalls.Put(c)
	}
}

var parallelCalls = sync.Pool{New: func() any { return &parallelCall{done: make(chan struct{}, 1)} }}

// A parallelHelper is a goroutine that works on the calls it is hired for. Its state
// moves busy → spinning → parked as it runs out of work; hiring moves it back to busy
// (only the hirer's compare-and-swap can do that) and then hands it the call.
type parallelHelper struct {
	state atomic.Int32                 // helperBusy, helperSpinning or helperParked
	call  atomic.Pointer[parallelCall] // the call it is hired for, until it takes it
	wake  chan struct{}                // wakes it when parked; room for one value
}

const (
	helperBusy = iota
	helperSpinning
	helperParked
)

var (
	helpersMu sync.Mutex                        // serialises starting helpers
	helpers   atomic.Pointer[[]*parallelHelper] // all helpers started, never shrinks
)

// hireHelper makes a spinning helper join call, or if wake, a parked or a new one,
// and reports whether it found one. It prefers the helpers started first, so that
// the few helpers that back-to-back calls need stay warm and the rest park.
func hireHelper(call *parallelCall, wake bool) bool {
	hs := helpers.Load()
	if hs != nil {
		for _, h := range *hs {
			if h.state.CompareAndSwap(helperSpinning, helperBusy) {
				h.call.Store(call)
				return true
			}
		}
	}
	if !wake {
		return false
	}
	if hs != nil {
		for _, h := range *hs {
			if h.state.CompareAndSwap(helperParked, helperBusy) {
				h.call.Store(call)
				h.wake <- struct{}{}
				return true
			}
		}
	}
	return startHelper(call)
}

// startHelper starts a helper goroutine that first joins call, unless there are
// already 4·GOMAXPROCS helpers. The slack over GOMAXPROCS-1 lets concurrent calls find
// helpers; helpers beyond what is used park and cost only their stacks.
func startHelper(call *parallelCall) bool {
	helpersMu.Lock()
	defer helpersMu.Unlock()
	var old []*parallelHelper
	if p := helpers.Load(); p != nil {
		old = *p
	}
	if len(old) >= 4*runtime.GOMAXPROCS(0) {
		return false // without allocating: calls at the limit come here often
	}
	h := &parallelHelper{wake: make(chan struct{}, 1)}
	hs := append(old[:len(old):len(old)], h) // a new array: hireHelper may be reading the old one
	helpers.Store(&hs)
	go h.loop(call)
	return true
}

// loop works on calls forever: its first, then each it is hired for.
func (h *parallelHelper) loop(call *parallelCall) {
	for {
		call.work()
		spin := call.spin
		call.release()
		call = h.next(spin)
	}
}

// next waits to be hired and returns the call: it spins for helperSpin if spin, then
// parks.
func (h *parallelHelper) next(spin bool) *parallelCall {
	spinFor := time.Duration(0)
	if spin {
		spinFor = helperSpin
	}
	h.state.Store(helperSpinning)
	for deadline, i := time.Now().Add(spinFor), 0; h.state.Load() == helperSpinning; i++ {
		if i%spinCheck == spinCheck-1 {
			if time.Now().After(deadline) {
				if h.state.CompareAndSwap(helperSpinning, helperParked) {
					<-h.wake
				}
				break // parked and woken, or hired just before parking
			}
			runtime.Gosched()
		}
	}
	// Hired: the hirer stores the call right after its compare-and-swap.
	for {
		if call := h.call.Swap(nil); call != nil {
			return call
		}
		runtime.Gosched()
	}
}
