package kernel

// A tile is a GEMM micro-kernel: it updates one mr×nr block of C from packed panels,
//
//	c[i*ldc+j] += Σ_{p<kc} a[p*mr+i] · b[p*nr+j]    for 0 ≤ i < mr, 0 ≤ j < nr.
//
// a holds kc·mr values (the mr entries of one column of the A panel are adjacent),
// b holds kc·nr values (the nr entries of one row of the B panel are adjacent).
// The GEMM driver (gemm.go) packs the panels, pads edges with zeros, and calls fn for
// full tiles only; every micro-kernel, plain Go or assembly, is one of these.
type tile[T Float] struct {
	name   string // for benchmarks and tests, e.g. "go4x2", "avx512-12x32"
	mr, nr int
	fn     func(kc int, a, b, c []T, ldc int)
}

// tile32 and tile64 are the micro-kernels the driver uses. They start as the
// plain-Go tiles (micro.go); on amd64 without the purego tag, micro_amd64.go
// replaces them at start-up with an assembly tile chosen from the CPU's features.
var (
	tile32 = goTile32
	tile64 = goTile64
)

// A direct is a GEMM micro-kernel that reads A and B where they lie, through strides,
// instead of from packed panels: for rows ≤ mr rows and cols ≤ nr columns,
//
//	c[i*ldc+j] ← alpha·acc_ij + c[i*ldc+j],   acc_ij = Σ_{p<kc} a[i*rsA+p*csA] · b[p*ldb+j],
//
// the sum in order of p into an accumulator that starts at zero; with over set,
// c[i*ldc+j] ← alpha·acc_ij, without reading C. Every entry is
// computed the same way wherever its tile lies, so the result does not depend on how
// C is cut into tiles. gemm_direct.go drives it; fn is nil where there is no fast one.
type direct[T Float] struct {
	name   string // for benchmarks and tests, e.g. "avx512-direct-12x32"
	mr, nr int
	fn     func(rows, cols, kc int, a []T, rsA, csA int, b []T, ldb int, c []T, ldc int, alpha T, over bool)
}

// direct32 and direct64 are the direct kernels the driver uses: none in plain Go (the
// packed 4×2 tile is faster there), the AVX-512F ones on CPUs that have it
// (micro_direct_amd64.go).
var (
	direct32 direct[float32]
	direct64 direct[float64]
)
