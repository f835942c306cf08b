package safetensors

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"maps"
	"math"
	"slices"
	"strconv"
	"unicode/utf8"

	"github.com/deeptheory/deeptheory/internal/atomicfile"
)

// Write writes f to w in the safetensors format. It first validates f
// (names unique, valid UTF-8 and not "__metadata__"; at most 64
// dimensions, all non-negative; Data a []float32 or []float64 whose length
// is the product of Shape; metadata valid UTF-8) and writes nothing if f is
// invalid.
//
// The output is deterministic: the header is {"__metadata__": {...}, name:
// {...}, ...} with metadata keys sorted (the object omitted when empty),
// tensors in f.Tensors order with data offsets assigned in that order, no
// insignificant whitespace, and trailing spaces so that the data starts at
// a multiple of 8 bytes.
func Write(w io.Writer, f *File) error {
	hdr, err := encodeHeader(f)
	if err != nil {
		return fmt.Errorf("safetensors: %w", err)
	}
	bw := bufio.NewWriter(w)
	var lenBytes [8]byte
	binary.LittleEndian.PutUint64(lenBytes[:], uint64(len(hdr)))
	bw.Write(lenBytes[:])
	bw.Write(hdr)
	var elem [8]byte
	for _, t := range f.Tensors {
		switch data := t.Data.(type) {
		case []float32:
			for _, v := range data {
				binary.LittleEndian.PutUint32(elem[:4], math.Float32bits(v))
				bw.Write(elem[:4])
			}
		case []float64:
			for _, v := range data {
				binary.LittleEndian.PutUint64(elem[:], math.Float64bits(v))
				bw.Write(elem[:])
			}
		}
	}
	// bufio.Writer remembers the first write error; Flush reports it.
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("safetensors: %w", err)
	}
	return nil
}

// WriteFile writes f to path atomically (internal/atomicfile): through a
// temporary file in the same directory that is synced and renamed over path
// only once it is complete, then the directory is synced, so that an
// invalid f or a failed write leaves any existing file untouched and no
// temporary file behind. The file gets permissions 0644.
func WriteFile(path string, f *File) error {
	if _, err := encodeHeader(f); err != nil {
		return fmt.Errorf("safetensors: %w", err)
	}
	err := atomicfile.Write(path, 0o644, func(w io.Writer) error { return Write(w, f) })
	if err != nil {
		return fmt.Errorf("safetensors: %w", err)
	}
	return nil
}

// encodeHeader validates f and returns its padded JSON header.
func encodeHeader(f *File) ([]byte, error) {
	if f == nil {
		return nil, errors.New("nil *File")
	}
	var b bytes.Buffer
	b.WriteByte('{')
	if len(f.Metadata) > 0 {
		b.WriteString(`"` + metadataKey + `":{`)
		keys := slices.Sorted(maps.Keys(f.Metadata))
		for i, k := range keys {
			v := f.Metadata[k]
			if !utf8.ValidString(k) || !utf8.ValidString(v) {
				return nil, fmt.Errorf("metadata %q: key or value is not valid UTF-8", k)
			}
			if i > 0 {
				b.WriteByte(',')
			}
			writeString(&b, k)
			b.WriteByte(':')
			writeString(&b, v)
		}
		b.WriteByte('}')
	}
	seen := make(map[string]bool, len(f.Tensors))
	offset := 0
	for i, t := range f.Tensors {
		size, err := checkTensor(t, seen)
		if err != nil {
			return nil, err
		}
		if size > maxInt-offset {
			return nil, fmt.Errorf("tensor %q: data section too large", t.Name)
		}
		if i > 0 || len(f.Metadata) > 0 {
			b.WriteByte(',')
		}
		writeString(&b, t.Name)
		b.WriteString(`:{"dtype":"` + string(t.DType()) + `","shape":[`)
		for j, d := range t.Shape {
			if j > 0 {
				b.WriteByte(',')
			}
			b.WriteString(strconv.Itoa(d))
		}
		b.WriteString(`],"data_offsets":[` + strconv.Itoa(offset) + "," + strconv.Itoa(offset+size) + "]}")
		offset += size
	}
	b.WriteByte('}')
	for b.Len()%8 != 0 {
		b.WriteByte(' ')
	}
	if b.Len() > maxHeaderLen {
		return nil, fmt.Errorf("header of %d bytes exceeds the limit of %d", b.Len(), maxHeaderLen)
	}
	return b.Bytes(), nil
}

// checkTensor validates t (recording its name in seen) and returns its data size in bytes.
func checkTensor(t Tensor, seen map[string]bool) (int, error) {
	switch {
	case t.Name == metadataKey:
		return 0, fmt.Errorf("tensor name %q is reserved", metadataKey)
	case !utf8.ValidString(t.Name):
		return 0, fmt.Errorf("tensor %q: name is not valid UTF-8", t.Name)
	case seen[t.Name]:
		return 0, fmt.Errorf("tensor %q: duplicate name", t.Name)
	}
	seen[t.Name] = true
	dtype := t.DType()
	if dtype == "" {
		return 0, fmt.Errorf("tensor %q: unsupported data type %T (want []float32 or []float64)", t.Name, t.Data)
	}
	if len(t.Shape) > maxRank {
		return 0, fmt.Errorf("tensor %q: %d dimensions, more than the %d Read accepts", t.Name, len(t.Shape), maxRank)
	}
	n, ok := numElements(t.Shape)
	if !ok {
		return 0, fmt.Errorf("tensor %q: invalid shape %v", t.Name, t.Shape)
	}
	var have int
	switch data := t.Data.(type) {
	case []float32:
		have = len(data)
	case []float64:
		have = len(data)
	}
	if n != have {
		return 0, fmt.Errorf("tensor %q: shape %v needs %d elements, Data has %d", t.Name, t.Shape, n, have)
	}
	return n * dtype.size(), nil
}

// writeString appends s, which must be valid UTF-8, to b as a JSON string.
// Only '"', '\\' and control characters are escaped (the latter in their
// shortest form), so the result is never longer than any other JSON
// spelling of s: a header read from a file and written again cannot grow
// past the length limit.
func writeString(b *bytes.Buffer, s string) {
	const hex = "0123456789abcdef"
	b.WriteByte('"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"' || c == '\\':
			b.WriteByte('\\')
			b.WriteByte(c)
		case c == '\b':
			b.WriteString(`\b`)
		case c == '\f':
			b.WriteString(`\f`)
		case c == '\n':
			b.WriteString(`\n`)
		case c == '\r':
			b.WriteString(`\r`)
		case c == '\t':
			b.WriteString(`\t`)
		case c < 0x20:
			b.WriteString(`\u00`)
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&0xf])
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte('"')
}
