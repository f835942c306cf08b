package safetensors

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// maxRank bounds the number of dimensions of a tensor (NumPy's limit), so
// that a long shape list in a header cannot make Read allocate a lot.
const maxRank = 64

// metadataKey is the reserved header key of the string→string metadata.
const metadataKey = "__metadata__"

// entry is one tensor's description in the header.
type entry struct {
	name       string
	dtype      DType
	shape      []int
	begin, end int
}

// header is a parsed and validated header.
type header struct {
	metadata map[string]string
	entries  []entry // sorted by data offset
	dataLen  int     // length of the data section the entries cover
}

// parseHeader decodes the JSON header and checks everything that can be
// checked without the data: structure, duplicate keys, dtypes, shapes
// against offsets, and that the tensors tile [0, dataLen) exactly.
func parseHeader(raw []byte) (*header, error) {
	if !utf8.Valid(raw) {
		return nil, errors.New("not valid UTF-8")
	}
	if len(raw) == 0 || raw[0] != '{' {
		return nil, errors.New("does not start with '{'")
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := expectDelim(dec, '{'); err != nil {
		return nil, err
	}
	h := &header{}
	seen := make(map[string]bool)
	for dec.More() {
		key, err := readString(dec)
		if err != nil {
			return nil, err
		}
		if seen[key] {
			if key == metadataKey {
				return nil, fmt.Errorf("duplicate key %q", key)
			}
			return nil, fmt.Errorf("duplicate tensor name %q", key)
		}
		seen[key] = true
		if key == metadataKey {
			if h.metadata, err = parseMetadata(dec); err != nil {
				return nil, err
			}
			continue
		}
		e, err := parseEntry(dec, key)
		if err != nil {
			return nil, fmt.Errorf("tensor %q: %w", key, err)
		}
		h.entries = append(h.entries, e)
	}
	if err := expectDelim(dec, '}'); err != nil {
		return nil, err
	}
	if tok, err := dec.Token(); err != io.EOF {
		if err != nil {
			return nil, fmt.Errorf("after the header object: %w", err)
		}
		return nil, fmt.Errorf("unexpected %v after the header object", tok)
	}
	if len(h.metadata) == 0 {
		h.metadata = nil
	}
	if err := h.checkLayout(); err != nil {
		return nil, err
	}
	return h, nil
}

// checkLayout sorts the entries by offset (stably, so zero-size tensors at
// the same offset keep their header order) and checks that they cover the
// data section contiguously from 0 without gaps or overlaps.
func (h *header) checkLayout() error {
	slices.SortStableFunc(h.entries, func(a, b entry) int {
		return cmp.Or(cmp.Compare(a.begin, b.begin), cmp.Compare(a.end, b.end))
	})
	next := 0
	for _, e := range h.entries {
		switch {
		case e.begin > next:
			return fmt.Errorf("tensor %q: data_offsets [%d %d] leave a gap: bytes [%d %d) belong to no tensor", e.name, e.begin, e.end, next, e.begin)
		case e.begin < next:
			return fmt.Errorf("tensor %q: data_offsets [%d %d] overlap the previous tensor, which ends at %d", e.name, e.begin, e.end, next)
		}
		next = e.end
	}
	h.dataLen = next
	return nil
}

// parseMetadata decodes the "__metadata__" object: string keys, string values, no duplicates.
func parseMetadata(dec *json.Decoder) (map[string]string, error) {
	if err := expectDelim(dec, '{'); err != nil {
		return nil, fmt.Errorf("%s: %w", metadataKey, err)
	}
	meta := make(map[string]string)
	for dec.More() {
		key, err := readString(dec)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", metadataKey, err)
		}
		if _, dup := meta[key]; dup {
			return nil, fmt.Errorf("%s: duplicate key %q", metadataKey, key)
		}
		value, err := readString(dec)
		if err != nil {
			return nil, fmt.Errorf("%s: value of %q: %w", metadataKey, key, err)
		}
		meta[key] = value
	}
	if err := expectDelim(dec, '}'); err != nil {
		return nil, fmt.Errorf("%s: %w", metadataKey, err)
	}
	return meta, nil
}

// parseEntry decodes one tensor's {"dtype", "shape", "data_offsets"} object
// and checks the shape against the offsets.
func parseEntry(dec *json.Decoder, name string) (entry, error) {
	e := entry{name: name}
	if err := expectDelim(dec, '{'); err != nil {
		return e, err
	}
	var haveDType, haveShape, haveOffsets bool
	for dec.More() {
		field, err := readString(dec)
		if err != nil {
			return e, err
		}
		switch field {
		case "dtype":
			if haveDType {
				return e, errors.New(`duplicate field "dtype"`)
			}
			haveDType = true
			s, err := readString(dec)
			if err != nil {
				return e, fmt.Errorf("dtype: %w", err)
			}
			e.dtype = DType(s)
			if e.dtype.size() == 0 {
				return e, fmt.Errorf("unsupported dtype %q (only F32 and F64 are supported)", s)
			}
		case "shape":
			if haveShape {
				return e, errors.New(`duplicate field "shape"`)
			}
			haveShape = true
			if e.shape, err = readInts(dec, maxRank); err != nil {
				return e, fmt.Errorf("shape: %w", err)
			}
		case "data_offsets":
			if haveOffsets {
				return e, errors.New(`duplicate field "data_offsets"`)
			}
			haveOffsets = true
			offsets, err := readInts(dec, 2)
			if err != nil {
				return e, fmt.Errorf("data_offsets: %w", err)
			}
			if len(offsets) != 2 {
				return e, fmt.Errorf("data_offsets: want 2 numbers, got %d", len(offsets))
			}
			e.begin, e.end = offsets[0], offsets[1]
		default:
			return e, fmt.Errorf("unknown field %q", field)
		}
	}
	if err := expectDelim(dec, '}'); err != nil {
		return e, err
	}
	switch {
	case !haveDType:
		return e, errors.New(`missing field "dtype"`)
	case !haveShape:
		return e, errors.New(`missing field "shape"`)
	case !haveOffsets:
		return e, errors.New(`missing field "data_offsets"`)
	}
	if e.begin > e.end {
		return e, fmt.Errorf("data_offsets [%d %d] end before they begin", e.begin, e.end)
	}
	n, ok := numElements(e.shape)
	if !ok || n > maxInt/e.dtype.size() {
		return e, fmt.Errorf("shape %v is too large", e.shape)
	}
	if need, have := n*e.dtype.size(), e.end-e.begin; need != have {
		return e, fmt.Errorf("shape %v needs %d bytes, data_offsets [%d %d] give %d", e.shape, need, e.begin, e.end, have)
	}
	return e, nil
}

// nextToken returns the next JSON token, turning a premature io.EOF into
// io.ErrUnexpectedEOF.
func nextToken(dec *json.Decoder) (json.Token, error) {
	tok, err := dec.Token()
	if err == io.EOF {
		return nil, fmt.Errorf("JSON ends early: %w", io.ErrUnexpectedEOF)
	}
	return tok, err
}

// expectDelim consumes the delimiter want.
func expectDelim(dec *json.Decoder, want json.Delim) error {
	tok, err := nextToken(dec)
	if err != nil {
		return err
	}
	if d, ok := tok.(json.Delim); !ok || d != want {
		return fmt.Errorf("want %q, got %s", string(want), describe(tok))
	}
	return nil
}

// readString consumes a JSON string (a value or an object key).
func readString(dec *json.Decoder) (string, error) {
	tok, err := nextToken(dec)
	if err != nil {
		return "", err
	}
	s, ok := tok.(string)
	if !ok {
		return "", fmt.Errorf("want a string, got %s", describe(tok))
	}
	return s, nil
}

// readInts consumes a JSON array of at most limit non-negative integers
// that fit in an int.
func readInts(dec *json.Decoder, limit int) ([]int, error) {
	if err := expectDelim(dec, '['); err != nil {
		return nil, err
	}
	ints := []int{}
	for dec.More() {
		tok, err := nextToken(dec)
		if err != nil {
			return nil, err
		}
		num, ok := tok.(json.Number)
		if !ok {
			return nil, fmt.Errorf("want a number, got %s", describe(tok))
		}
		s := string(num)
		if strings.HasPrefix(s, "-") {
			return nil, fmt.Errorf("negative number %s", s)
		}
		v, err := strconv.Atoi(s)
		if err != nil {
			if errors.Is(err, strconv.ErrRange) {
				return nil, fmt.Errorf("number %s is too large", s)
			}
			return nil, fmt.Errorf("number %s is not an integer", s)
		}
		if len(ints) == limit {
			return nil, fmt.Errorf("more than %d numbers", limit)
		}
		ints = append(ints, v)
	}
	if err := expectDelim(dec, ']'); err != nil {
		return nil, err
	}
	return ints, nil
}

// describe names a JSON token for an error message.
func describe(tok json.Token) string {
	switch v := tok.(type) {
	case json.Delim:
		return fmt.Sprintf("%q", string(v))
	case string:
		return fmt.Sprintf("string %q", v)
	case json.Number:
		return "number " + string(v)
	case bool:
		return fmt.Sprintf("%t", v)
	case nil:
		return "null"
	}
	return fmt.Sprintf("%v", tok)
}
