package kernel

import "runtime"

// Splitting the loops outside GEMM: elementwise maps, reductions and
// im2col/col2im cut their independent outputs into parts and hand them to
// parallelRun (or parallelRunWarm). Every output is computed by the same
// arithmetic, in the same order, whichever part it falls in, so the results do
// not depend on the cut, on GOMAXPROCS or on the scheduling. (Full sums, the
// one reduction whose output is not independent, are cut into chunks of a size
// fixed in advance; see Sum.)
//
// Work is counted in cost units, about a nanosecond of one core each: an
// element of a cheap map (an addition, ReLU: memory-bound, 0.3 to 1 ns) is one
// unit, an element of a map that calls package math (exp, log, tanh, pow)
// costExpensive units. The thresholds follow the costs of handing work over
// that parallel.go and gemm.go measured here: a spinning helper joins at once
// and pays off for parts of a few µs of work (GEMM's warm threshold is 3-8 µs
// of one core's work); waking a parked one costs the caller ~15 µs and the
// helper arrives 0.1-0.3 ms later, so it is worth it only for work of a few
// hundred µs. Cheap maps thus split from 32K elements on when helpers spin (as
// they do between the back-to-back calls of a training step) and wake parked
// helpers from 256K elements; the tiny tensors of the theory's runs (24×8)
// never get past the first comparison. BenchmarkSplit times each kernel
// serial and split, back to back and with the helpers parked.
// Variables, so that tests can split small work.
var (
	// splitWarmCost is the least work handed to helpers that are spinning (ready
	// at once): below it, a call runs on the caller alone.
	splitWarmCost = 1 << 15
	// splitColdCost is the least work for which parked helpers are woken.
	splitColdCost = 1 << 18
	// splitPartCost is the least work in one part: the parts are small enough that
	// a helper that arrives late still finds some left, and large enough that
	// claiming one (an atomic addition) costs nothing in comparison.
	splitPartCost = 1 << 13
)

const (
	// costExpensive is the cost of an element of a map that calls package math.
	costExpensive = 8
	// splitAlign is the multiple of elements at which parts of a flat range are
	// cut: 256 or 512 bytes, so that no two parts write the same cache line.
	splitAlign = 64
)

// splitPlan returns how many parts work of the given cost is cut into (1: run
// it on the caller alone) and whether parked helpers are worth waking. At most
// units parts are made, where units is the number of pieces the work can be cut
// into. Small work returns (1, false) without asking for GOMAXPROCS.
func splitPlan(cost float64, units int) (parts int, wake bool) {
	if cost < float64(splitWarmCost) || units < 2 {
		return 1, false
	}
	procs := runtime.GOMAXPROCS(0)
	if procs < 2 {
		return 1, false
	}
	parts = min(4*procs, units, int(cost/float64(splitPartCost)))
	return max(parts, 1), cost >= float64(splitColdCost)
}

// runSplit runs job on parts parts: by parallelRun if wake, else by
// parallelRunWarm.
func runSplit(job parallelJob, parts int, wake bool) {
	if wake {
		parallelRun(job, parts)
	} else {
		parallelRunWarm(job, parts)
	}
}

// partRange returns part's share [lo, hi) of [0, n) cut into parts pieces at
// multiples of align (the last ends at n). The pieces cover [0, n) in order.
func partRange(n, align, part, parts int) (lo, hi int) {
	blocks := (n + align - 1) / align
	lo = min(blocks*part/parts*align, n)
	hi = min(blocks*(part+1)/parts*align, n)
	return lo, hi
}
