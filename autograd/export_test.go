package autograd

// Unpoisoned turns off this test binary's poisoning of uncleared buffers
// (see buffers_test.go) for the benchmarks of package autograd_test, and
// returns the function that turns it back on.
func Unpoisoned() func() { return unpoisoned() }
