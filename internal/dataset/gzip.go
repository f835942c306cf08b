package dataset

import (
	"bufio"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
)

// maybeGunzip returns a reader of r's content, decompressed if r starts with
// the gzip magic bytes 1f 8b. Neither IDX (which starts with 00 00) nor the
// digits CSV (which starts with a digit) can start with those bytes, so the
// test is unambiguous. Only one gzip member is read; after the reader
// returns io.EOF, trailing reports any bytes left after it.
func maybeGunzip(r io.Reader) (content io.Reader, trailing func() error, err error) {
	br := bufio.NewReader(r)
	magic, _ := br.Peek(2) // a short or failing stream shows up at the first real read
	if len(magic) < 2 || magic[0] != 0x1f || magic[1] != 0x8b {
		return br, func() error { return nil }, nil
	}
	zr, err := gzip.NewReader(br)
	if err != nil {
		return nil, nil, fmt.Errorf("gzip header: %w", err)
	}
	zr.Multistream(false)
	trailing = func() error {
		switch _, err := br.Peek(1); {
		case err == nil:
			return errors.New("trailing bytes after the end of the gzip stream")
		case err != io.EOF:
			return fmt.Errorf("after the gzip stream: %w", err)
		}
		return nil
	}
	return zr, trailing, nil
}
