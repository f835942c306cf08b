package atomicfile

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

var errInjected = errors.New("injected failure")

// payload is a small file content: 300 bytes, none of them repeating in a
// short period, so a partial or shifted write would show.
func payload() []byte {
	b := make([]byte, 300)
	for i := range b {
		b[i] = byte(i*7 + i/256)
	}
	return b
}

// writeInPieces writes data to w in pieces of 1, 2, 3, ... bytes, the way
// an encoder does, so that the failure offsets fall inside and between
// writes.
func writeInPieces(w io.Writer, data []byte) error {
	for size := 1; len(data) > 0; size++ {
		n := min(size, len(data))
		if _, err := w.Write(data[:n]); err != nil {
			return err
		}
		data = data[n:]
	}
	return nil
}

// failAfter is an io.Writer that passes the first n bytes on to w and then
// fails, as a full disk does.
type failAfter struct {
	w io.Writer
	n int
}

func (f *failAfter) Write(p []byte) (int, error) {
	if len(p) <= f.n {
		f.n -= len(p)
		return f.w.Write(p)
	}
	k, err := f.w.Write(p[:f.n])
	f.n -= k
	if err == nil {
		err = errInjected
	}
	return k, err
}

// setup returns a fresh directory holding the file "model.bin" with old
// content, and its path.
func setup(t *testing.T) (dir, path string) {
	t.Helper()
	dir = t.TempDir()
	path = filepath.Join(dir, "model.bin")
	if err := os.WriteFile(path, []byte("old content"), 0o600); err != nil {
		t.Fatal(err)
	}
	return dir, path
}

// checkUntouched fails the test unless path still holds the old content and
// is the only entry of dir.
func checkUntouched(t *testing.T, dir, path, when string) {
	t.Helper()
	got, err := os.ReadFile(path)
	if err != nil || string(got) != "old content" {
		t.Errorf("%s: file holds %q, %v; want the old content", when, got, err)
	}
	checkOnly(t, dir, when)
}

// checkOnly fails the test unless model.bin is the only entry of dir.
func checkOnly(t *testing.T, dir, when string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if !slices.Equal(names, []string{"model.bin"}) {
		t.Errorf("%s: directory holds %v; want only model.bin", when, names)
	}
}

func TestWriteFile(t *testing.T) {
	dir, path := setup(t)
	want := payload()
	if err := WriteFile(path, want, 0o640); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(path)
	if err != nil || !bytes.Equal(got, want) {
		t.Fatalf("read back %d bytes, %v; want the %d-byte payload", len(got), err, len(want))
	}
	if info, err := os.Stat(path); err != nil || info.Mode().Perm() != 0o640 {
		t.Errorf("mode %v, %v; want 0640", info.Mode(), err)
	}
	checkOnly(t, dir, "after a successful write")

	// A new file in the current directory (a path with no directory part).
	t.Chdir(t.TempDir())
	if err := WriteFile("fresh.bin", []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if got, err := os.ReadFile("fresh.bin"); err != nil || string(got) != "x" {
		t.Errorf("fresh.bin holds %q, %v", got, err)
	}
}

// TestWriteFailsAtEveryOffset makes the write fail at every byte offset of
// the payload, once in the caller's encoder and once in the file system,
// and checks each time that the old file is intact and no temporary file is
// left behind.
func TestWriteFailsAtEveryOffset(t *testing.T) {
	dir, path := setup(t)
	data := payload()
	t.Cleanup(func() { fileWriter = func(f *os.File) io.Writer { return f } })
	for offset := range len(data) + 1 {
		// The caller's write function fails after offset bytes.
		err := Write(path, 0o644, func(w io.Writer) error {
			if err := writeInPieces(w, data[:offset]); err != nil {
				return err
			}
			return errInjected
		})
		if !errors.Is(err, errInjected) {
			t.Fatalf("encoder failing at offset %d: error %v, want the injected one", offset, err)
		}
		checkUntouched(t, dir, path, "encoder failing at offset "+strconv.Itoa(offset))

		if offset == len(data) {
			break // the disk cannot fail after the last byte
		}
		// The disk fails after offset bytes.
		fileWriter = func(f *os.File) io.Writer { return &failAfter{w: f, n: offset} }
		err = Write(path, 0o644, func(w io.Writer) error { return writeInPieces(w, data) })
		fileWriter = func(f *os.File) io.Writer { return f }
		if !errors.Is(err, errInjected) {
			t.Fatalf("disk failing at offset %d: error %v, want the injected one", offset, err)
		}
		checkUntouched(t, dir, path, "disk failing at offset "+strconv.Itoa(offset))
	}
}

// TestWriteFailingSteps makes each step after the writing fail in turn.
func TestWriteFailingSteps(t *testing.T) {
	restore := func() {
		syncFile, rename, syncDir = (*os.File).Sync, os.Rename, syncDirectory
	}
	t.Cleanup(restore)
	for _, step := range []string{"sync", "rename"} {
		dir, path := setup(t)
		switch step {
		case "sync":
			syncFile = func(*os.File) error { return errInjected }
		case "rename":
			rename = func(string, string) error { return errInjected }
		}
		err := WriteFile(path, payload(), 0o644)
		restore()
		if !errors.Is(err, errInjected) {
			t.Errorf("%s failing: error %v, want the injected one", step, err)
		}
		checkUntouched(t, dir, path, step+" failing")
	}

	// A failing directory sync comes after the rename: the new file is in
	// place, and the error says so.
	dir, path := setup(t)
	syncDir = func(string) error { return errInjected }
	err := WriteFile(path, payload(), 0o644)
	restore()
	if !errors.Is(err, errInjected) || !strings.Contains(err.Error(), "written, but syncing its directory failed") {
		t.Errorf("directory sync failing: error %v", err)
	}
	if got, _ := os.ReadFile(path); !bytes.Equal(got, payload()) {
		t.Errorf("directory sync failing: the file does not hold the new content")
	}
	checkOnly(t, dir, "directory sync failing")
}

func TestWriteNoDirectory(t *testing.T) {
	path := filepath.Join(t.TempDir(), "missing", "model.bin")
	if err := WriteFile(path, []byte("x"), 0o644); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("error %v, want one wrapping os.ErrNotExist", err)
	}
}
