package autograd

import "github.com/deeptheory/deeptheory/tensor"

// checkWindow panics unless win is a valid window for an h×w input and
// returns the output size.
func checkWindow(op string, win tensor.Window, h, w int) (ho, wo int) {
	if err := win.Check(h, w); err != nil {
		panicf("%s: %v", op, err)
	}
	return win.Out(h, w)
}
