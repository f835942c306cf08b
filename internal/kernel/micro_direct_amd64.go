//go:build !purego

package kernel

import (
	"unsafe"

	"golang.org/x/sys/cpu"
)

// The AVX-512F direct kernels (micro_direct_avx512_amd64.s, written by micro_gen.go):
// 12×32 for float32, 12×16 for float64, one assembly function per row count. Columns
// past cols are masked off: not read from B or C, not written.
var (
	avx512Direct32 = asmDirect("avx512-direct-12x32", 12, 32, &directAVX512F32)
	avx512Direct64 = asmDirect("avx512-direct-12x16", 12, 16, &directAVX512F64)
)

func init() {
	if cpu.X86.HasAVX512F {
		direct32, direct64 = avx512Direct32, avx512Direct64
	}
}

// asmDirect wraps the assembly direct kernels, kernels[v-1][r] for r rows of v
// vectors (nr/2 columns each), as a direct: for at most nr/2 columns it calls the
// one-vector kernels, which do half the multiply-adds. Its fn checks the bounds
// (checkDirect) before any assembly runs.
func asmDirect[T Float](name string, mr, nr int, kernels *[2][13]func(kc int, a *T, rsA, csA int, b *T, ldb int, c *T, ldc int, alpha T, mask uint64, over bool)) direct[T] {
	fn := func(rows, cols, kc int, a []T, rsA, csA int, b []T, ldb int, c []T, ldc int, alpha T, over bool) {
		checkDirect(name, mr, nr, rows, cols, kc, len(a), rsA, csA, len(b), ldb, len(c), ldc)
		if kc == 0 {
			return
		}
		v := 1
		if cols > nr/2 {
			v = 2
		}
		kernels[v-1][rows](kc, unsafe.SliceData(a), rsA, csA, unsafe.SliceData(b), ldb, unsafe.SliceData(c), ldc, alpha, 1<<cols-1, over)
	}
	return direct[T]{name: name, mr: mr, nr: nr, fn: fn}
}
