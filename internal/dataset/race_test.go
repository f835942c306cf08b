//go:build race

package dataset

// raceEnabled is true when the race detector is on: it makes the whole-file
// MNIST tests ten times slower while they have no concurrency to check.
const raceEnabled = true
