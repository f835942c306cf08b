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
