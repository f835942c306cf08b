package main

import (
	"io"
	"os"
)

// progressWriter returns w if it is a terminal, where carriage-return
// progress lines redraw in place, and io.Discard otherwise, so logs and
// redirected output stay clean.
func progressWriter(w io.Writer) io.Writer {
	f, ok := w.(*os.File)
	if !ok {
		return io.Discard
	}
	info, err := f.Stat()
	if err != nil || info.Mode()&os.ModeCharDevice == 0 {
		return io.Discard
	}
	return w
}
