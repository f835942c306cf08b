package tensor

// ReshapeInto makes dst a reshaped view of src and returns it: dst shares
// src's data (no copy) under the given shape, which must hold as many
// elements (one dimension may be −1: it is inferred), exactly as
// src.Reshape(shape...) but reusing dst's header and shape storage instead
// of allocating new ones. Whatever dst held before is dropped. It exists for
// buffer pools (the autograd tape reuses its views step after step).
func ReshapeInto[T Float](dst, src *Tensor[T], shape ...int) *Tensor[T] {
	out := append(dst.shape[:0], shape...)
	dst.shape = resolveShape("ReshapeInto", src.shape, len(src.data), out, shape)
	dst.data = src.data
	return dst
}
