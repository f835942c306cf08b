// Package safetensors reads and writes tensors in the safetensors format.
//
// A safetensors file is
//
//	N      8 bytes, little-endian uint64: the length of the header
//	header N bytes of UTF-8 JSON
//	data   the tensors' raw little-endian bytes, one after another
//
// The header is a JSON object mapping each tensor's name to
// {"dtype": "F64", "shape": [2, 3], "data_offsets": [begin, end]}, where the
// offsets are byte positions relative to the start of the data section, plus
// an optional "__metadata__" object whose values are all strings.
//
// Only the dtypes F32 ([]float32) and F64 ([]float64) are supported; any
// other dtype (F16, BF16, I64, ...) is reported as unsupported.
//
// Read treats its input as untrusted: it checks the header's length, its JSON
// structure, duplicate keys, dtypes, shapes and offsets (the tensors must
// exactly tile the data section, without gaps or overlaps) and allocates only
// in proportion to the bytes actually read. It accepts headers of up to
// 100 MiB and tensors of up to 64 dimensions.
//
// Write is deterministic: the header lists "__metadata__" first (keys sorted,
// omitted when there is no metadata), then the tensors in File.Tensors order,
// with data offsets assigned in that order, and is padded with spaces so that
// the data section starts at a multiple of 8 bytes, as the reference writer
// does. Hence Write(Read(Write(f))) is byte-identical to Write(f).
package safetensors
