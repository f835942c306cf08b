package atomicfile

import (
	"io"
	"os"
)

// SetFileWriter makes Write wrap the temporary file's writer with wrap, for
// tests of the packages above (package atomicfile_test) that fail the disk
// under a real writer; restore undoes it.
func SetFileWriter(wrap func(io.Writer) io.Writer) (restore func()) {
	old := fileWriter
	fileWriter = func(f *os.File) io.Writer { return wrap(f) }
	return func() { fileWriter = old }
}
