package safetensors

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
)

// chunkBytes is how many data bytes Read decodes at a time, so that it
// never allocates more than it has actually read plus one chunk.
const chunkBytes = 64 << 10

// Read parses a safetensors file from r. It validates the whole file (see
// the package documentation) and returns an error starting with
// "safetensors:" and naming the tensor at fault, where there is one. Reading
// stops at the end of the data section, which must also be the end of r.
func Read(r io.Reader) (*File, error) {
	f, err := read(r)
	if err != nil {
		return nil, fmt.Errorf("safetensors: %w", err)
	}
	return f, nil
}

// ReadFile reads the safetensors file at path; see Read.
func ReadFile(path string) (*File, error) {
	file, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("safetensors: %w", err)
	}
	defer file.Close()
	f, err := read(bufio.NewReader(file))
	if err != nil {
		return nil, fmt.Errorf("safetensors: %s: %w", path, err)
	}
	return f, nil
}

// read does the work of Read, with errors not yet prefixed.
func read(r io.Reader) (*File, error) {
	var lenBytes [8]byte
	if _, err := io.ReadFull(r, lenBytes[:]); err != nil {
		return nil, fmt.Errorf("reading header length: %w", noEOF(err))
	}
	n := binary.LittleEndian.Uint64(lenBytes[:])
	if n > maxHeaderLen {
		return nil, fmt.Errorf("header length %d exceeds the limit of %d bytes", n, maxHeaderLen)
	}
	// ReadAll through a LimitReader grows with what is actually there,
	// instead of trusting n for the allocation.
	raw, err := io.ReadAll(io.LimitReader(r, int64(n)))
	if err != nil {
		return nil, fmt.Errorf("reading header: %w", err)
	}
	if uint64(len(raw)) != n {
		return nil, fmt.Errorf("header length is %d bytes but only %d follow: %w", n, len(raw), io.ErrUnexpectedEOF)
	}
	h, err := parseHeader(raw)
	if err != nil {
		return nil, fmt.Errorf("header: %w", err)
	}
	f := &File{Metadata: h.metadata, Tensors: make([]Tensor, 0, len(h.entries))}
	buf := make([]byte, min(h.dataLen, chunkBytes))
	for _, e := range h.entries {
		t := Tensor{Name: e.name, Shape: e.shape}
		switch e.dtype {
		case F32:
			t.Data, err = readElems(r, (e.end-e.begin)/4, 4, buf, func(b []byte) float32 {
				return math.Float32frombits(binary.LittleEndian.Uint32(b))
			})
		case F64:
			t.Data, err = readElems(r, (e.end-e.begin)/8, 8, buf, func(b []byte) float64 {
				return math.Float64frombits(binary.LittleEndian.Uint64(b))
			})
		}
		if err != nil {
			return nil, fmt.Errorf("tensor %q: reading data [%d %d): %w", e.name, e.begin, e.end, noEOF(err))
		}
		f.Tensors = append(f.Tensors, t)
	}
	var extra [1]byte
	if k, err := io.ReadFull(r, extra[:]); k > 0 {
		return nil, fmt.Errorf("data section has bytes after offset %d that belong to no tensor", h.dataLen)
	} else if err != io.EOF {
		return nil, fmt.Errorf("reading after the data section: %w", err)
	}
	return f, nil
}

// readElems reads n elements of size bytes each from r, decoding them with
// decode, a chunk of buf at a time.
func readElems[T float32 | float64](r io.Reader, n, size int, buf []byte, decode func([]byte) T) ([]T, error) {
	perChunk := len(buf) / size
	out := make([]T, 0, min(n, perChunk))
	for len(out) < n {
		k := min(n-len(out), perChunk)
		chunk := buf[:k*size]
		if _, err := io.ReadFull(r, chunk); err != nil {
			return nil, err
		}
		for i := 0; i < len(chunk); i += size {
			out = append(out, decode(chunk[i:i+size]))
		}
	}
	return out, nil
}

// noEOF turns io.EOF into io.ErrUnexpectedEOF: wherever Read expects
// bytes, running out of them is a truncated file.
func noEOF(err error) error {
	if errors.Is(err, io.EOF) {
		return io.ErrUnexpectedEOF
	}
	return err
}
