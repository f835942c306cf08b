//go:build !purego

package kernel

import (
	"fmt"

	"golang.org/x/sys/cpu"
)

// The assembly micro-kernels (micro_avx512_amd64.s, micro_avx2_amd64.s). Each one computes
//
//	c[i*ldc+j] += Σ_{p<kc} a[p*mr+i] · b[p*nr+j]    for 0 ≤ i < mr, 0 ≤ j < nr
//
// for its own mr×nr, reading kc·mr values from a, kc·nr from b, and rows of nr values
// ldc apart from c. They trust their arguments: call them only through asmTile, which
// checks the slice lengths first.

// gemmTileAVX512F32 is the 12×32 float32 tile for AVX-512F.
//
//go:noescape
func gemmTileAVX512F32(kc int, a, b, c *float32, ldc int)

// gemmTileAVX512F64 is the 12×16 float64 tile for AVX-512F.
//
//go:noescape
func gemmTileAVX512F64(kc int, a, b, c *float64, ldc int)

// gemmTileAVX2F32 is the 6×16 float32 tile for AVX2 and FMA.
//
//go:noescape
func gemmTileAVX2F32(kc int, a, b, c *float32, ldc int)

// gemmTileAVX2F64 is the 6×8 float64 tile for AVX2 and FMA.
//
//go:noescape
func gemmTileAVX2F64(kc int, a, b, c *float64, ldc int)

// The assembly tiles, whether or not this CPU can run them (tests call them directly).
var (
	avx512Tile32 = asmTile("avx512-12x32", 12, 32, gemmTileAVX512F32)
	avx512Tile64 = asmTile("avx512-12x16", 12, 16, gemmTileAVX512F64)
	avx2Tile32   = asmTile("avx2-6x16", 6, 16, gemmTileAVX2F32)
	avx2Tile64   = asmTile("avx2-6x8", 6, 8, gemmTileAVX2F64)
)

func init() {
	tile32, tile64 = pickTiles(cpu.X86.HasAVX512F, cpu.X86.HasAVX2 && cpu.X86.HasFMA)
}

// pickTiles returns the fastest tiles the CPU supports: AVX-512F, else AVX2+FMA, else
// the plain-Go ones. (x/sys/cpu reports AVX-512F and AVX2 only when the OS saves the
// vector registers on context switches.)
func pickTiles(hasAVX512F, hasAVX2FMA bool) (tile[float32], tile[float64]) {
	switch {
	case hasAVX512F:
		return avx512Tile32, avx512Tile64
	case hasAVX2FMA:
		return avx2Tile32, avx2Tile64
	}
	return goTile32, goTile64
}

// asmTile wraps an assembly kernel of size mr×nr as a tile. Its fn checks the tile
// contract (kc ≥ 0, len(a) ≥ kc·mr, len(b) ≥ kc·nr, ldc ≥ nr, len(c) ≥ (mr-1)·ldc+nr; mr ≥ 2)
// and panics when it is broken, so the assembly never reads or writes out of bounds.
func asmTile[T Float](name string, mr, nr int, kernel func(kc int, a, b, c *T, ldc int)) tile[T] {
	fn := func(kc int, a, b, c []T, ldc int) {
		// Written with divisions so that no product can overflow.
		ok := kc >= 0 && kc <= len(a)/mr && kc <= len(b)/nr &&
			ldc >= nr && len(c) >= nr && ldc <= (len(c)-nr)/(mr-1)
		if !ok {
			panic(tileContractError(name, mr, nr, kc, len(a), len(b), len(c), ldc))
		}
		if kc == 0 {
			return
		}
		kernel(kc, &a[0], &b[0], &c[0], ldc)
	}
	return tile[T]{name: name, mr: mr, nr: nr, fn: fn}
}

// tileContractError describes a call that breaks the tile contract of tile.go.
func tileContractError(name string, mr, nr, kc, lenA, lenB, lenC, ldc int) string {
	return fmt.Sprintf("kernel: tile %s: kc=%d ldc=%d with len(a)=%d len(b)=%d len(c)=%d; "+
		"want kc ≥ 0, len(a) ≥ kc·%d, len(b) ≥ kc·%d, ldc ≥ %d, len(c) ≥ %d·ldc+%d",
		name, kc, ldc, lenA, lenB, lenC, mr, nr, nr, mr-1, nr)
}
