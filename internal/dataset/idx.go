package dataset

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
)

// MaxIDXElements bounds the number of elements ReadIDX accepts, 2^28
// (256 MiB of unsigned bytes; MNIST's largest file holds 47,040,000). A
// header that claims more is rejected before anything is allocated.
const MaxIDXElements = 1 << 28

// maxIDXDims bounds the dimension count of an IDX header. The format allows
// up to 255; the data sets here use 1 (labels) and 3 (images).
const maxIDXDims = 8

// idxDTypeUint8 is the IDX type code of unsigned bytes, the one ReadIDX reads.
const idxDTypeUint8 = 0x08

// firstChunk is how many data bytes ReadIDX asks for first; each later
// read asks for at most as many as have arrived. The buffer so grows only
// as real bytes arrive, and a header that lies about its size costs at most
// about twice the bytes the stream really holds.
const firstChunk = 64 << 10

// IDX is the content of an IDX file (the format of MNIST and Fashion-MNIST)
// holding unsigned bytes: an array of the given shape, row-major.
//
// The file is: two zero bytes; a type code (0x08 for unsigned bytes); the
// dimension count d; d big-endian uint32 sizes; then the product of the
// sizes in elements, nothing after them.
type IDX struct {
	Shape []int
	Data  []uint8 // len(Data) is the product of Shape
}

// ReadIDX reads an IDX file of unsigned bytes from r, gzip-compressed or not
// (compression is recognised by the gzip magic bytes 1f 8b). It checks
// everything against the header: the magic, the type code, a dimension
// count of 1 to 8, at most MaxIDXElements elements, exactly that many data
// bytes (a short stream is "truncated", extra bytes are "trailing data"),
// and for gzip input the checksum. Errors name the byte offset in the
// uncompressed stream and, inside the data, the record (index along the
// first dimension).
func ReadIDX(r io.Reader) (*IDX, error) {
	idx, err := readIDX(r)
	if err != nil {
		return nil, fmt.Errorf("dataset: IDX: %w", err)
	}
	return idx, nil
}

// ReadIDXFile is ReadIDX of the file at path; errors name the file.
func ReadIDXFile(path string) (*IDX, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("dataset: %w", err)
	}
	defer f.Close()
	idx, err := readIDX(f)
	if err != nil {
		return nil, fmt.Errorf("dataset: %s: %w", path, err)
	}
	return idx, nil
}

func readIDX(r io.Reader) (*IDX, error) {
	r, trailing, err := maybeGunzip(r)
	if err != nil {
		return nil, err
	}

	var magic [4]byte
	if n, err := io.ReadFull(r, magic[:]); err != nil {
		return nil, truncated(err, "offset %d: the 4-byte magic number is cut short after %d bytes", n, n)
	}
	if magic[0] != 0 || magic[1] != 0 {
		return nil, fmt.Errorf("offset 0: magic % x does not start with two zero bytes: not an IDX file", magic)
	}
	if magic[2] != idxDTypeUint8 {
		return nil, fmt.Errorf("offset 2: data type 0x%02x (%s) is not supported; want 0x08 (unsigned byte)", magic[2], idxTypeName(magic[2]))
	}
	dims := int(magic[3])
	if dims < 1 || dims > maxIDXDims {
		return nil, fmt.Errorf("offset 3: %d dimensions; want 1 to %d", dims, maxIDXDims)
	}

	sizes := make([]byte, 4*dims)
	if n, err := io.ReadFull(r, sizes); err != nil {
		return nil, truncated(err, "offset %d: the header of %d dimension sizes is cut short after %d bytes", 4+n, dims, n)
	}
	shape := make([]int, dims)
	for i := range shape {
		// Compared as uint32 first: int may be 32 bits wide.
		if size := binary.BigEndian.Uint32(sizes[4*i:]); size <= MaxIDXElements {
			shape[i] = int(size)
		} else {
			return nil, fmt.Errorf("offset %d: size %d of dimension %d is more than the %d elements ReadIDX accepts", 4+4*i, size, i, MaxIDXElements)
		}
	}
	total, ok := product(shape)
	if !ok {
		return nil, fmt.Errorf("offset 4: shape %v: more than the %d elements ReadIDX accepts", shape, MaxIDXElements)
	}
	header := 4 + 4*dims

	data, err := readExactly(r, total)
	if err != nil {
		got := len(data)
		where := ""
		if recordSize := total / max(shape[0], 1); recordSize > 0 {
			where = fmt.Sprintf(", in record %d of %d", got/recordSize, shape[0])
		}
		return nil, truncated(err, "offset %d: data cut short%s: shape %v needs %d bytes after the %d-byte header, the stream has %d",
			header+got, where, shape, total, header, got)
	}
	var extra [1]byte
	switch n, err := io.ReadFull(r, extra[:]); {
	case n > 0:
		return nil, fmt.Errorf("offset %d: trailing data after the %d bytes that shape %v needs", header+total, total, shape)
	case errors.Is(err, io.ErrUnexpectedEOF):
		return nil, fmt.Errorf("truncated: offset %d: the compressed stream ends before its trailer", header+total)
	case err != io.EOF:
		return nil, fmt.Errorf("offset %d: after the data: %w", header+total, err)
	}
	if err := trailing(); err != nil {
		return nil, err
	}
	return &IDX{Shape: shape, Data: data}, nil
}

// readExactly reads n bytes from r, growing its buffer only as bytes arrive
// (each read asks for at most max(firstChunk, bytes so far)). On error it
// returns the bytes read so far.
func readExactly(r io.Reader, n int) ([]byte, error) {
	var data []byte
	for len(data) < n {
		chunk := min(n-len(data), max(firstChunk, len(data)))
		data = append(data, make([]byte, chunk)...)
		got, err := io.ReadFull(r, data[len(data)-chunk:])
		data = data[:len(data)-chunk+got]
		if err != nil {
			return data, err
		}
	}
	return data, nil
}

// product returns the product of sizes, each in 0..MaxIDXElements, and
// false if it exceeds MaxIDXElements (so it never overflows).
func product(sizes []int) (int, bool) {
	if slices.Contains(sizes, 0) {
		return 0, true
	}
	n := 1
	for _, s := range sizes {
		if n > MaxIDXElements/s {
			return 0, false
		}
		n *= s
	}
	return n, true
}

// truncated formats a read error: io.EOF and io.ErrUnexpectedEOF become the
// given message with "truncated" in front; any other error (a gzip checksum,
// a failing disk) is kept and wrapped.
func truncated(err error, format string, args ...any) error {
	msg := fmt.Sprintf(format, args...)
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return errors.New("truncated: " + msg)
	}
	return fmt.Errorf("%s: %w", msg, err)
}

// idxTypeName names an IDX type code.
func idxTypeName(code byte) string {
	switch code {
	case 0x08:
		return "unsigned byte"
	case 0x09:
		return "signed byte"
	case 0x0b:
		return "int16"
	case 0x0c:
		return "int32"
	case 0x0d:
		return "float32"
	case 0x0e:
		return "float64"
	}
	return "not an IDX type"
}
