// Package kernel holds the loops of deeptheory: plain functions over flat slices
// (GEMM, elementwise maps, reductions, im2col). It knows nothing of shapes beyond
// the sizes and strides it is handed, and it allocates nothing the caller did not ask for.
//
// Each fast kernel has a reference twin whose body is the definition; the tests run
// both over many sizes and offsets and demand agreement.
package kernel

// Float is the set of element types the kernels work on.
type Float interface{ ~float32 | ~float64 }
