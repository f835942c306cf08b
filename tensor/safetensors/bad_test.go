package safetensors

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"runtime"
	"strings"
	"testing"
)

// good is a valid header for one F64 tensor "a" of shape [2] (16 bytes).
const good = `{"a":{"dtype":"F64","shape":[2],"data_offsets":[0,16]}}`

// sixteen is 16 bytes of data: the float64s 1 and 2.
var sixteen = f64Bytes(1, 2)

// lengthOnly returns an 8-byte header length n followed by tail.
func lengthOnly(n uint64, tail string) []byte {
	return append(binary.LittleEndian.AppendUint64(nil, n), tail...)
}

// badFiles are malformed files and a fragment of the error each must give.
var badFiles = []struct {
	name    string
	file    []byte
	wantErr string
}{
	{"empty input", nil, "reading header length: unexpected EOF"},
	{"truncated header length", []byte{16, 0, 0}, "reading header length: unexpected EOF"},
	{"header length beyond file", lengthOnly(100, `{"a":1}`), "header length is 100 bytes but only 7 follow"},
	{"header length over the limit", lengthOnly(1<<62, "{}"), "exceeds the limit"},
	{"header length max uint64", lengthOnly(^uint64(0), "{}"), "exceeds the limit"},
	{"zero header length", lengthOnly(0, ""), "does not start with '{'"},
	{"header not an object", rawFile(`[]`, nil), "does not start with '{'"},
	{"bad JSON", rawFile(`{"a":`, nil), "JSON ends early"},
	{"bad JSON syntax", rawFile(`{"a" 1}`, nil), "invalid character"},
	{"trailing garbage", rawFile(`{}x`, nil), "after the header object"},
	{"second object", rawFile(`{}{}`, nil), "after the header object"},
	{"padding with NUL", rawFile("{}\x00\x00", nil), "after the header object"},
	{"invalid UTF-8", rawFile("{\"a\xff\":{}}", nil), "not valid UTF-8"},
	{"tensor not an object", rawFile(`{"a":5}`, nil), `tensor "a": want "{", got number 5`},
	{"missing dtype", rawFile(`{"a":{"shape":[2],"data_offsets":[0,16]}}`, sixteen), `tensor "a": missing field "dtype"`},
	{"missing shape", rawFile(`{"a":{"dtype":"F64","data_offsets":[0,16]}}`, sixteen), `tensor "a": missing field "shape"`},
	{"missing offsets", rawFile(`{"a":{"dtype":"F64","shape":[2]}}`, sixteen), `tensor "a": missing field "data_offsets"`},
	{"unknown field", rawFile(`{"a":{"dtype":"F64","shape":[2],"data_offsets":[0,16],"x":1}}`, sixteen), `tensor "a": unknown field "x"`},
	{"duplicate field", rawFile(`{"a":{"dtype":"F64","dtype":"F64","shape":[2],"data_offsets":[0,16]}}`, sixteen), `tensor "a": duplicate field "dtype"`},
	{"dtype F16", rawFile(`{"a":{"dtype":"F16","shape":[8],"data_offsets":[0,16]}}`, sixteen), `tensor "a": unsupported dtype "F16"`},
	{"dtype BF16", rawFile(`{"a":{"dtype":"BF16","shape":[8],"data_offsets":[0,16]}}`, sixteen), `tensor "a": unsupported dtype "BF16"`},
	{"dtype I64", rawFile(`{"a":{"dtype":"I64","shape":[2],"data_offsets":[0,16]}}`, sixteen), `tensor "a": unsupported dtype "I64"`},
	{"dtype lower case", rawFile(`{"a":{"dtype":"f64","shape":[2],"data_offsets":[0,16]}}`, sixteen), `unsupported dtype "f64"`},
	{"dtype not a string", rawFile(`{"a":{"dtype":64,"shape":[2],"data_offsets":[0,16]}}`, sixteen), `tensor "a": dtype: want a string, got number 64`},
	{"shape not a list", rawFile(`{"a":{"dtype":"F64","shape":2,"data_offsets":[0,16]}}`, sixteen), `tensor "a": shape: want "[", got number 2`},
	{"negative dim", rawFile(`{"a":{"dtype":"F64","shape":[-2],"data_offsets":[0,16]}}`, sixteen), `tensor "a": shape: negative number -2`},
	{"fractional dim", rawFile(`{"a":{"dtype":"F64","shape":[2.0],"data_offsets":[0,16]}}`, sixteen), `tensor "a": shape: number 2.0 is not an integer`},
	{"exponent dim", rawFile(`{"a":{"dtype":"F64","shape":[2e0],"data_offsets":[0,16]}}`, sixteen), "not an integer"},
	{"string dim", rawFile(`{"a":{"dtype":"F64","shape":["2"],"data_offsets":[0,16]}}`, sixteen), `shape: want a number, got string "2"`},
	{"too many dims", rawFile(`{"a":{"dtype":"F64","shape":[`+strings.Repeat("1,", 64)+`1],"data_offsets":[0,8]}}`, sixteen[:8]), "shape: more than 64 numbers"},
	{"null dim", rawFile(`{"a":{"dtype":"F64","shape":[null],"data_offsets":[0,16]}}`, sixteen), "shape: want a number, got null"},
	{"huge dim", rawFile(`{"a":{"dtype":"F64","shape":[99999999999999999999],"data_offsets":[0,16]}}`, sixteen), "number 99999999999999999999 is too large"},
	{"overflowing shape", rawFile(`{"a":{"dtype":"F64","shape":[4294967296,4294967296,4294967296],"data_offsets":[0,16]}}`, sixteen), `tensor "a": shape [4294967296 4294967296 4294967296] is too large`},
	{"overflowing bytes", rawFile(`{"a":{"dtype":"F64","shape":[4611686018427387904],"data_offsets":[0,16]}}`, sixteen), "is too large"},
	{"size mismatch", rawFile(`{"a":{"dtype":"F64","shape":[3],"data_offsets":[0,16]}}`, sixteen), `tensor "a": shape [3] needs 24 bytes, data_offsets [0 16] give 16`},
	{"size mismatch F32", rawFile(`{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,16]}}`, sixteen), `tensor "a": shape [2] needs 8 bytes`},
	{"one offset", rawFile(`{"a":{"dtype":"F64","shape":[2],"data_offsets":[16]}}`, sixteen), "data_offsets: want 2 numbers, got 1"},
	{"three offsets", rawFile(`{"a":{"dtype":"F64","shape":[2],"data_offsets":[0,16,16]}}`, sixteen), "data_offsets: more than 2 numbers"},
	{"negative offset", rawFile(`{"a":{"dtype":"F64","shape":[2],"data_offsets":[-16,0]}}`, sixteen), "data_offsets: negative number -16"},
	{"reversed offsets", rawFile(`{"a":{"dtype":"F64","shape":[0],"data_offsets":[16,0]}}`, sixteen), "end before they begin"},
	{"offsets beyond data", rawFile(`{"a":{"dtype":"F64","shape":[3],"data_offsets":[0,24]}}`, sixteen), `tensor "a": reading data [0 24): unexpected EOF`},
	{"huge claimed tensor", rawFile(`{"a":{"dtype":"F64","shape":[1099511627776],"data_offsets":[0,8796093022208]}}`, sixteen), `tensor "a": reading data`},
	{"huge offset", rawFile(`{"a":{"dtype":"F64","shape":[2],"data_offsets":[0,99999999999999999999]}}`, sixteen), "too large"},
	{"overlap", rawFile(`{"a":{"dtype":"F64","shape":[2],"data_offsets":[0,16]},"b":{"dtype":"F64","shape":[2],"data_offsets":[8,24]}}`, f64Bytes(1, 2, 3)), `tensor "b": data_offsets [8 24] overlap the previous tensor, which ends at 16`},
	{"same range twice", rawFile(`{"a":{"dtype":"F64","shape":[2],"data_offsets":[0,16]},"b":{"dtype":"F64","shape":[2],"data_offsets":[0,16]}}`, sixteen), "overlap"},
	{"gap at start", rawFile(`{"a":{"dtype":"F64","shape":[1],"data_offsets":[8,16]}}`, sixteen), `tensor "a": data_offsets [8 16] leave a gap: bytes [0 8) belong to no tensor`},
	{"gap between", rawFile(`{"a":{"dtype":"F64","shape":[1],"data_offsets":[0,8]},"b":{"dtype":"F64","shape":[1],"data_offsets":[16,24]}}`, f64Bytes(1, 2, 3)), `tensor "b": data_offsets [16 24] leave a gap`},
	{"bytes after data", rawFile(good, f64Bytes(1, 2, 3)), "data section has bytes after offset 16 that belong to no tensor"},
	{"data without tensors", rawFile(`{}`, []byte{1}), "after offset 0"},
	{"duplicate name", rawFile(`{"a":{"dtype":"F64","shape":[1],"data_offsets":[0,8]},"a":{"dtype":"F64","shape":[1],"data_offsets":[8,16]}}`, sixteen), `header: duplicate tensor name "a"`},
	{"duplicate metadata", rawFile(`{"__metadata__":{},"__metadata__":{}}`, nil), `duplicate key "__metadata__"`},
	{"metadata not an object", rawFile(`{"__metadata__":"x"}`, nil), `__metadata__: want "{", got string "x"`},
	{"metadata null", rawFile(`{"__metadata__":null}`, nil), `__metadata__: want "{", got null`},
	{"metadata number value", rawFile(`{"__metadata__":{"k":1}}`, nil), `__metadata__: value of "k": want a string, got number 1`},
	{"metadata object value", rawFile(`{"__metadata__":{"attrs":{"axis":1}}}`, nil), `__metadata__: value of "attrs": want a string, got "{"`},
	{"metadata duplicate key", rawFile(`{"__metadata__":{"k":"1","k":"2"}}`, nil), `__metadata__: duplicate key "k"`},
}

func TestReadBad(t *testing.T) {
	for _, tt := range badFiles {
		t.Run(tt.name, func(t *testing.T) {
			f, err := Read(bytes.NewReader(tt.file))
			if err == nil {
				t.Fatalf("Read succeeded: %+v", f)
			}
			if !strings.HasPrefix(err.Error(), "safetensors: ") || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("Read error = %q, want one containing %q", err, tt.wantErr)
			}
		})
	}
}

// TestReadTruncatedWraps checks that a truncated file reports io.ErrUnexpectedEOF through %w.
func TestReadTruncatedWraps(t *testing.T) {
	full := rawFile(good, sixteen)
	for n := range len(full) {
		_, err := Read(bytes.NewReader(full[:n]))
		if !errors.Is(err, io.ErrUnexpectedEOF) {
			t.Errorf("Read of the first %d of %d bytes: error %v does not wrap io.ErrUnexpectedEOF", n, len(full), err)
		}
	}
	if _, err := Read(bytes.NewReader(full)); err != nil {
		t.Errorf("Read of the whole file: %v", err)
	}
}

// TestReadClaimsDoNotAllocate checks that lengths claimed by a header but
// not backed by bytes are not allocated.
func TestReadClaimsDoNotAllocate(t *testing.T) {
	files := map[string][]byte{
		"header just under the limit": lengthOnly(maxHeaderLen, `{"a":1}`),
		"tensor of 8 TiB":             rawFile(`{"a":{"dtype":"F64","shape":[1099511627776],"data_offsets":[0,8796093022208]}}`, sixteen),
		"tensor of 8 GiB, F32":        rawFile(`{"a":{"dtype":"F32","shape":[2147483648],"data_offsets":[0,8589934592]}}`, sixteen),
	}
	const limit = 4 << 20
	for name, file := range files {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		_, err := Read(bytes.NewReader(file))
		runtime.ReadMemStats(&after)
		if err == nil {
			t.Errorf("%s: Read succeeded", name)
		}
		if got := after.TotalAlloc - before.TotalAlloc; got > limit {
			t.Errorf("%s: Read allocated %d bytes, want at most %d", name, got, limit)
		}
	}
}
