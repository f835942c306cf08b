// Package atomicfile writes files so that a reader, or the next run after a
// crash, sees either the old content or the complete new content, never a
// mixture, a truncated file or a stray temporary.
//
// The steps, the usual POSIX recipe: create a temporary file in the
// destination's directory (a rename is atomic only within one file
// system), write the content, fsync it (so the data is on disk before the
// name points at it), close it, rename it over the destination, then fsync
// the directory (so the rename itself survives a power cut). Any failure
// before the rename removes the temporary file and leaves the destination
// untouched.
package atomicfile

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
)

// These are the file system calls a test may make fail: fileWriter wraps
// the temporary file for writing, the others are the steps after it.
var (
	fileWriter = func(f *os.File) io.Writer { return f }
	syncFile   = (*os.File).Sync
	rename     = os.Rename
	syncDir    = syncDirectory
)

// Write creates or replaces the file at path with what write writes to the
// io.Writer it is given (buffered; the buffer is flushed after write
// returns), with permissions exactly perm (set by Chmod: the umask does
// not apply). If write or any step up to the rename fails, Write returns
// the error, the file at path is as it was, and no temporary file remains.
// If only the final directory sync fails, the new file is in place and the
// error says so.
func Write(path string, perm os.FileMode, write func(io.Writer) error) error {
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	tmp, err := os.CreateTemp(dir, "."+base+".tmp*")
	if err != nil {
		return fmt.Errorf("atomicfile: %w", err)
	}
	renamed := false
	defer func() {
		if !renamed {
			tmp.Close() // fails if already closed; the removal is what matters
			os.Remove(tmp.Name())
		}
	}()
	buf := bufio.NewWriter(fileWriter(tmp))
	if err := write(buf); err != nil {
		return fmt.Errorf("atomicfile: writing %s: %w", path, err)
	}
	if err := buf.Flush(); err != nil {
		return fmt.Errorf("atomicfile: writing %s: %w", path, err)
	}
	if err := tmp.Chmod(perm); err != nil {
		return fmt.Errorf("atomicfile: %w", err)
	}
	if err := syncFile(tmp); err != nil {
		return fmt.Errorf("atomicfile: syncing %s: %w", tmp.Name(), err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("atomicfile: %w", err)
	}
	if err := rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("atomicfile: %w", err)
	}
	renamed = true
	// The new content is in place; a failure to sync the directory means
	// only that the rename might not survive a crash, so the file stays.
	if err := syncDir(dir); err != nil {
		return fmt.Errorf("atomicfile: %s written, but syncing its directory failed: %w", path, err)
	}
	return nil
}

// WriteFile is Write of the bytes data: like os.WriteFile, but atomic.
func WriteFile(path string, data []byte, perm os.FileMode) error {
	return Write(path, perm, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// syncDirectory fsyncs the directory dir, so that a rename in it is on disk.
// Windows cannot open a directory for syncing, and its renames need no such
// step: there it does nothing.
func syncDirectory(dir string) error {
	if runtime.GOOS == "windows" {
		return nil
	}
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	if err := d.Sync(); err != nil {
		d.Close()
		return err
	}
	return d.Close()
}
