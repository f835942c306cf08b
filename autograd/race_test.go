//go:build race

package autograd_test

// raceEnabled is true when the race detector is on. It makes sync.Pool drop
// a share of what is put in it, so allocation counts are not the program's.
const raceEnabled = true
