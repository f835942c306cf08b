//go:build !purego

// AVX2+FMA GEMM micro-kernels (see tile.go for the contract and micro_amd64.go for the
// wrappers that check the slice lengths before calling them).
//
// Each kernel keeps an mr×nr block of C in 2·mr ymm accumulators (two vectors per row),
// and for each k-step p loads one row of the B panel (two vectors), broadcasts the mr
// entries of one column of the A panel one by one, and does 2·mr fused multiply-adds.
// The k-loop is unrolled 4 times; a one-step loop takes the remaining kc % 4 steps.
// Accumulation order per entry: s = Σ_p a·b (fused, in order of p), then c = c + s.

#include "textflag.h"

// func gemmTileAVX2F32(kc int, a, b, c *float32, ldc int)
//
// 6×16 tile, AVX2+FMA, float32: c[i*ldc+j] += Σ_p a[p*6+i]·b[p*16+j].
//
// Registers:
//	Y0..Y11  acc[i][h] = Y(2i+h): the sums for c[i*ldc + h*8 : h*8+8], i < 6, h < 2
//	Y12, Y13  b[p*16+0:8] and b[p*16+8:16], one k-step of the B panel
//	Y14, Y15  a[p*6+i] broadcast to all 8 lanes (alternating rows)
//	SI = &a[p*6], DI = &b[p*16], DX = &c[0], R8 = ldc in bytes, R9 = &c[i*ldc]
//	BX = k-steps left in groups of 4, CX = the k-steps left after them
TEXT ·gemmTileAVX2F32(SB), NOSPLIT, $0-40
	MOVQ kc+0(FP), CX                       // CX = kc
	MOVQ a+8(FP), SI                        // SI = &a[0]
	MOVQ b+16(FP), DI                       // DI = &b[0]
	MOVQ c+24(FP), DX                       // DX = &c[0]
	MOVQ ldc+32(FP), R8                     // R8 = ldc
	SHLQ $2, R8                             // R8 = ldc*4: the byte stride between rows of C
	TESTQ CX, CX                            // kc == 0 adds nothing to c:
	JLE done                                // return at once

	// Fetch the 6 rows of C into cache while the k-loop runs: they are read only at the end.
	MOVQ DX, R9                             // R9 = &c[0*ldc]
	PREFETCHT0 (R9)                         // first cache line of c[0*ldc : 0*ldc+16]
	PREFETCHT0 63(R9)                       // last cache line of c[0*ldc : 0*ldc+16]
	ADDQ R8, R9                             // R9 = &c[1*ldc]
	PREFETCHT0 (R9)                         // first cache line of c[1*ldc : 1*ldc+16]
	PREFETCHT0 63(R9)                       // last cache line of c[1*ldc : 1*ldc+16]
	ADDQ R8, R9                             // R9 = &c[2*ldc]
	PREFETCHT0 (R9)                         // first cache line of c[2*ldc : 2*ldc+16]
	PREFETCHT0 63(R9)                       // last cache line of c[2*ldc : 2*ldc+16]
	ADDQ R8, R9                             // R9 = &c[3*ldc]
	PREFETCHT0 (R9)                         // first cache line of c[3*ldc : 3*ldc+16]
	PREFETCHT0 63(R9)                       // last cache line of c[3*ldc : 3*ldc+16]
	ADDQ R8, R9                             // R9 = &c[4*ldc]
	PREFETCHT0 (R9)                         // first cache line of c[4*ldc : 4*ldc+16]
	PREFETCHT0 63(R9)                       // last cache line of c[4*ldc : 4*ldc+16]
	ADDQ R8, R9                             // R9 = &c[5*ldc]
	PREFETCHT0 (R9)                         // first cache line of c[5*ldc : 5*ldc+16]
	PREFETCHT0 63(R9)                       // last cache line of c[5*ldc : 5*ldc+16]

	// The accumulators start at zero; C is added once, after the k-loop.
	VXORPS Y0, Y0, Y0                       // acc[0][0:8] = 0
	VXORPS Y1, Y1, Y1                       // acc[0][8:16] = 0
	VXORPS Y2, Y2, Y2                       // acc[1][0:8] = 0
	VXORPS Y3, Y3, Y3                       // acc[1][8:16] = 0
	VXORPS Y4, Y4, Y4                       // acc[2][0:8] = 0
	VXORPS Y5, Y5, Y5                       // acc[2][8:16] = 0
	VXORPS Y6, Y6, Y6                       // acc[3][0:8] = 0
	VXORPS Y7, Y7, Y7                       // acc[3][8:16] = 0
	VXORPS Y8, Y8, Y8                       // acc[4][0:8] = 0
	VXORPS Y9, Y9, Y9                       // acc[4][8:16] = 0
	VXORPS Y10, Y10, Y10                    // acc[5][0:8] = 0
	VXORPS Y11, Y11, Y11                    // acc[5][8:16] = 0

	MOVQ CX, BX                             // BX = kc
	SHRQ $2, BX                             // BX = kc / 4
	ANDQ $3, CX                             // CX = kc % 4
	TESTQ BX, BX                            // kc < 4:
	JZ tail                                 // no groups of steps, go to the tail

loop4:
	// k-steps p, p+1, ..., p+3
	VMOVUPS (DI), Y12                       // Y12 = b[p*16+0:8]
	VMOVUPS 32(DI), Y13                     // Y13 = b[p*16+8:16]
	VBROADCASTSS (SI), Y14                  // Y14 = a[p*6+0] in every lane
	VFMADD231PS Y12, Y14, Y0                // acc[0][0:8] += a[p*6+0] * b[p*16+0:8]
	VFMADD231PS Y13, Y14, Y1                // acc[0][8:16] += a[p*6+0] * b[p*16+8:16]
	VBROADCASTSS 4(SI), Y15                 // Y15 = a[p*6+1] in every lane
	VFMADD231PS Y12, Y15, Y2                // acc[1][0:8] += a[p*6+1] * b[p*16+0:8]
	VFMADD231PS Y13, Y15, Y3                // acc[1][8:16] += a[p*6+1] * b[p*16+8:16]
	VBROADCASTSS 8(SI), Y14                 // Y14 = a[p*6+2] in every lane
	VFMADD231PS Y12, Y14, Y4                // acc[2][0:8] += a[p*6+2] * b[p*16+0:8]
	VFMADD231PS Y13, Y14, Y5                // acc[2][8:16] += a[p*6+2] * b[p*16+8:16]
	VBROADCASTSS 12(SI), Y15                // Y15 = a[p*6+3] in every lane
	VFMADD231PS Y12, Y15, Y6                // acc[3][0:8] += a[p*6+3] * b[p*16+0:8]
	VFMADD231PS Y13, Y15, Y7                // acc[3][8:16] += a[p*6+3] * b[p*16+8:16]
	VBROADCASTSS 16(SI), Y14                // Y14 = a[p*6+4] in every lane
	VFMADD231PS Y12, Y14, Y8                // acc[4][0:8] += a[p*6+4] * b[p*16+0:8]
	VFMADD231PS Y13, Y14, Y9                // acc[4][8:16] += a[p*6+4] * b[p*16+8:16]
	VBROADCASTSS 20(SI), Y15                // Y15 = a[p*6+5] in every lane
	VFMADD231PS Y12, Y15, Y10               // acc[5][0:8] += a[p*6+5] * b[p*16+0:8]
	VFMADD231PS Y13, Y15, Y11               // acc[5][8:16] += a[p*6+5] * b[p*16+8:16]
	VMOVUPS 64(DI), Y12                     // Y12 = b[(p+1)*16+0:8]
	VMOVUPS 96(DI), Y13                     // Y13 = b[(p+1)*16+8:16]
	VBROADCASTSS 24(SI), Y14                // Y14 = a[(p+1)*6+0] in every lane
	VFMADD231PS Y12, Y14, Y0                // acc[0][0:8] += a[(p+1)*6+0] * b[(p+1)*16+0:8]
	VFMADD231PS Y13, Y14, Y1                // acc[0][8:16] += a[(p+1)*6+0] * b[(p+1)*16+8:16]
	VBROADCASTSS 28(SI), Y15                // Y15 = a[(p+1)*6+1] in every lane
	VFMADD231PS Y12, Y15, Y2                // acc[1][0:8] += a[(p+1)*6+1] * b[(p+1)*16+0:8]
	VFMADD231PS Y13, Y15, Y3                // acc[1][8:16] += a[(p+1)*6+1] * b[(p+1)*16+8:16]
	VBROADCASTSS 32(SI), Y14                // Y14 = a[(p+1)*6+2] in every lane
	VFMADD231PS Y12, Y14, Y4                // acc[2][0:8] += a[(p+1)*6+2] * b[(p+1)*16+0:8]
	VFMADD231PS Y13, Y14, Y5                // acc[2][8:16] += a[(p+1)*6+2] * b[(p+1)*16+8:16]
	VBROADCASTSS 36(SI), Y15                // Y15 = a[(p+1)*6+3] in every lane
	VFMADD231PS Y12, Y15, Y6                // acc[3][0:8] += a[(p+1)*6+3] * b[(p+1)*16+0:8]
	VFMADD231PS Y13, Y15, Y7                // acc[3][8:16] += a[(p+1)*6+3] * b[(p+1)*16+8:16]
	VBROADCASTSS 40(SI), Y14                // Y14 = a[(p+1)*6+4] in every lane
	VFMADD231PS Y12, Y14, Y8                // acc[4][0:8] += a[(p+1)*6+4] * b[(p+1)*16+0:8]
	VFMADD231PS Y13, Y14, Y9                // acc[4][8:16] += a[(p+1)*6+4] * b[(p+1)*16+8:16]
	VBROADCASTSS 44(SI), Y15                // Y15 = a[(p+1)*6+5] in every lane
	VFMADD231PS Y12, Y15, Y10               // acc[5][0:8] += a[(p+1)*6+5] * b[(p+1)*16+0:8]
	VFMADD231PS Y13, Y15, Y11               // acc[5][8:16] += a[(p+1)*6+5] * b[(p+1)*16+8:16]
	VMOVUPS 128(DI), Y12                    // Y12 = b[(p+2)*16+0:8]
	VMOVUPS 160(DI), Y13                    // Y13 = b[(p+2)*16+8:16]
	VBROADCASTSS 48(SI), Y14                // Y14 = a[(p+2)*6+0] in every lane
	VFMADD231PS Y12, Y14, Y0                // acc[0][0:8] += a[(p+2)*6+0] * b[(p+2)*16+0:8]
	VFMADD231PS Y13, Y14, Y1                // acc[0][8:16] += a[(p+2)*6+0] * b[(p+2)*16+8:16]
	VBROADCASTSS 52(SI), Y15                // Y15 = a[(p+2)*6+1] in every lane
	VFMADD231PS Y12, Y15, Y2                // acc[1][0:8] += a[(p+2)*6+1] * b[(p+2)*16+0:8]
	VFMADD231PS Y13, Y15, Y3                // acc[1][8:16] += a[(p+2)*6+1] * b[(p+2)*16+8:16]
	VBROADCASTSS 56(SI), Y14                // Y14 = a[(p+2)*6+2] in every lane
	VFMADD231PS Y12, Y14, Y4                // acc[2][0:8] += a[(p+2)*6+2] * b[(p+2)*16+0:8]
	VFMADD231PS Y13, Y14, Y5                // acc[2][8:16] += a[(p+2)*6+2] * b[(p+2)*16+8:16]
	VBROADCASTSS 60(SI), Y15                // Y15 = a[(p+2)*6+3] in every lane
	VFMADD231PS Y12, Y15, Y6                // acc[3][0:8] += a[(p+2)*6+3] * b[(p+2)*16+0:8]
	VFMADD231PS Y13, Y15, Y7                // acc[3][8:16] += a[(p+2)*6+3] * b[(p+2)*16+8:16]
	VBROADCASTSS 64(SI), Y14                // Y14 = a[(p+2)*6+4] in every lane
	VFMADD231PS Y12, Y14, Y8                // acc[4][0:8] += a[(p+2)*6+4] * b[(p+2)*16+0:8]
	VFMADD231PS Y13, Y14, Y9                // acc[4][8:16] += a[(p+2)*6+4] * b[(p+2)*16+8:16]
	VBROADCASTSS 68(SI), Y15                // Y15 = a[(p+2)*6+5] in every lane
	VFMADD231PS Y12, Y15, Y10               // acc[5][0:8] += a[(p+2)*6+5] * b[(p+2)*16+0:8]
	VFMADD231PS Y13, Y15, Y11               // acc[5][8:16] += a[(p+2)*6+5] * b[(p+2)*16+8:16]
	VMOVUPS 192(DI), Y12                    // Y12 = b[(p+3)*16+0:8]
	VMOVUPS 224(DI), Y13                    // Y13 = b[(p+3)*16+8:16]
	VBROADCASTSS 72(SI), Y14                // Y14 = a[(p+3)*6+0] in every lane
	VFMADD231PS Y12, Y14, Y0                // acc[0][0:8] += a[(p+3)*6+0] * b[(p+3)*16+0:8]
	VFMADD231PS Y13, Y14, Y1                // acc[0][8:16] += a[(p+3)*6+0] * b[(p+3)*16+8:16]
	VBROADCASTSS 76(SI), Y15                // Y15 = a[(p+3)*6+1] in every lane
	VFMADD231PS Y12, Y15, Y2                // acc[1][0:8] += a[(p+3)*6+1] * b[(p+3)*16+0:8]
	VFMADD231PS Y13, Y15, Y3                // acc[1][8:16] += a[(p+3)*6+1] * b[(p+3)*16+8:16]
	VBROADCASTSS 80(SI), Y14                // Y14 = a[(p+3)*6+2] in every lane
	VFMADD231PS Y12, Y14, Y4                // acc[2][0:8] += a[(p+3)*6+2] * b[(p+3)*16+0:8]
	VFMADD231PS Y13, Y14, Y5                // acc[2][8:16] += a[(p+3)*6+2] * b[(p+3)*16+8:16]
	VBROADCASTSS 84(SI), Y15                // Y15 = a[(p+3)*6+3] in every lane
	VFMADD231PS Y12, Y15, Y6                // acc[3][0:8] += a[(p+3)*6+3] * b[(p+3)*16+0:8]
	VFMADD231PS Y13, Y15, Y7                // acc[3][8:16] += a[(p+3)*6+3] * b[(p+3)*16+8:16]
	VBROADCASTSS 88(SI), Y14                // Y14 = a[(p+3)*6+4] in every lane
	VFMADD231PS Y12, Y14, Y8                // acc[4][0:8] += a[(p+3)*6+4] * b[(p+3)*16+0:8]
	VFMADD231PS Y13, Y14, Y9                // acc[4][8:16] += a[(p+3)*6+4] * b[(p+3)*16+8:16]
	VBROADCASTSS 92(SI), Y15                // Y15 = a[(p+3)*6+5] in every lane
	VFMADD231PS Y12, Y15, Y10               // acc[5][0:8] += a[(p+3)*6+5] * b[(p+3)*16+0:8]
	VFMADD231PS Y13, Y15, Y11               // acc[5][8:16] += a[(p+3)*6+5] * b[(p+3)*16+8:16]
	ADDQ $96, SI                            // SI = &a[(p+4)*6]
	ADDQ $256, DI                           // DI = &b[(p+4)*16]
	DECQ BX                                 // one group of 4 k-steps done
	JNZ loop4                               // while groups are left

tail:
	TESTQ CX, CX                            // kc % 4 == 0:
	JZ store                                // no k-steps left, go to the store

loop1:
	// k-step p
	VMOVUPS (DI), Y12                       // Y12 = b[p*16+0:8]
	VMOVUPS 32(DI), Y13                     // Y13 = b[p*16+8:16]
	VBROADCASTSS (SI), Y14                  // Y14 = a[p*6+0] in every lane
	VFMADD231PS Y12, Y14, Y0                // acc[0][0:8] += a[p*6+0] * b[p*16+0:8]
	VFMADD231PS Y13, Y14, Y1                // acc[0][8:16] += a[p*6+0] * b[p*16+8:16]
	VBROADCASTSS 4(SI), Y15                 // Y15 = a[p*6+1] in every lane
	VFMADD231PS Y12, Y15, Y2                // acc[1][0:8] += a[p*6+1] * b[p*16+0:8]
	VFMADD231PS Y13, Y15, Y3                // acc[1][8:16] += a[p*6+1] * b[p*16+8:16]
	VBROADCASTSS 8(SI), Y14                 // Y14 = a[p*6+2] in every lane
	VFMADD231PS Y12, Y14, Y4                // acc[2][0:8] += a[p*6+2] * b[p*16+0:8]
	VFMADD231PS Y13, Y14, Y5                // acc[2][8:16] += a[p*6+2] * b[p*16+8:16]
	VBROADCASTSS 12(SI), Y15                // Y15 = a[p*6+3] in every lane
	VFMADD231PS Y12, Y15, Y6                // acc[3][0:8] += a[p*6+3] * b[p*16+0:8]
	VFMADD231PS Y13, Y15, Y7                // acc[3][8:16] += a[p*6+3] * b[p*16+8:16]
	VBROADCASTSS 16(SI), Y14                // Y14 = a[p*6+4] in every lane
	VFMADD231PS Y12, Y14, Y8                // acc[4][0:8] += a[p*6+4] * b[p*16+0:8]
	VFMADD231PS Y13, Y14, Y9                // acc[4][8:16] += a[p*6+4] * b[p*16+8:16]
	VBROADCASTSS 20(SI), Y15                // Y15 = a[p*6+5] in every lane
	VFMADD231PS Y12, Y15, Y10               // acc[5][0:8] += a[p*6+5] * b[p*16+0:8]
	VFMADD231PS Y13, Y15, Y11               // acc[5][8:16] += a[p*6+5] * b[p*16+8:16]
	ADDQ $24, SI                            // SI = &a[(p+1)*6]
	ADDQ $64, DI                            // DI = &b[(p+1)*16]
	DECQ CX                                 // one k-step done
	JNZ loop1                               // while k-steps are left

store:
	// c[i*ldc+j] += acc[i][j], row by row
	MOVQ DX, R9                             // R9 = &c[0*ldc]
	VADDPS (R9), Y0, Y0                     // acc[0][0:8] += c[0*ldc+0:8]
	VMOVUPS Y0, (R9)                        // c[0*ldc+0:8] = acc[0][0:8]
	VADDPS 32(R9), Y1, Y1                   // acc[0][8:16] += c[0*ldc+8:16]
	VMOVUPS Y1, 32(R9)                      // c[0*ldc+8:16] = acc[0][8:16]
	ADDQ R8, R9                             // R9 = &c[1*ldc]
	VADDPS (R9), Y2, Y2                     // acc[1][0:8] += c[1*ldc+0:8]
	VMOVUPS Y2, (R9)                        // c[1*ldc+0:8] = acc[1][0:8]
	VADDPS 32(R9), Y3, Y3                   // acc[1][8:16] += c[1*ldc+8:16]
	VMOVUPS Y3, 32(R9)                      // c[1*ldc+8:16] = acc[1][8:16]
	ADDQ R8, R9                             // R9 = &c[2*ldc]
	VADDPS (R9), Y4, Y4                     // acc[2][0:8] += c[2*ldc+0:8]
	VMOVUPS Y4, (R9)                        // c[2*ldc+0:8] = acc[2][0:8]
	VADDPS 32(R9), Y5, Y5                   // acc[2][8:16] += c[2*ldc+8:16]
	VMOVUPS Y5, 32(R9)                      // c[2*ldc+8:16] = acc[2][8:16]
	ADDQ R8, R9                             // R9 = &c[3*ldc]
	VADDPS (R9), Y6, Y6                     // acc[3][0:8] += c[3*ldc+0:8]
	VMOVUPS Y6, (R9)                        // c[3*ldc+0:8] = acc[3][0:8]
	VADDPS 32(R9), Y7, Y7                   // acc[3][8:16] += c[3*ldc+8:16]
	VMOVUPS Y7, 32(R9)                      // c[3*ldc+8:16] = acc[3][8:16]
	ADDQ R8, R9                             // R9 = &c[4*ldc]
	VADDPS (R9), Y8, Y8                     // acc[4][0:8] += c[4*ldc+0:8]
	VMOVUPS Y8, (R9)                        // c[4*ldc+0:8] = acc[4][0:8]
	VADDPS 32(R9), Y9, Y9                   // acc[4][8:16] += c[4*ldc+8:16]
	VMOVUPS Y9, 32(R9)                      // c[4*ldc+8:16] = acc[4][8:16]
	ADDQ R8, R9                             // R9 = &c[5*ldc]
	VADDPS (R9), Y10, Y10                   // acc[5][0:8] += c[5*ldc+0:8]
	VMOVUPS Y10, (R9)                       // c[5*ldc+0:8] = acc[5][0:8]
	VADDPS 32(R9), Y11, Y11                 // acc[5][8:16] += c[5*ldc+8:16]
	VMOVUPS Y11, 32(R9)                     // c[5*ldc+8:16] = acc[5][8:16]
	VZEROUPPER                              // leave the upper vector halves clean for SSE code

done:
	RET

// func gemmTileAVX2F64(kc int, a, b, c *float64, ldc int)
//
// 6×8 tile, AVX2+FMA, float64: c[i*ldc+j] += Σ_p a[p*6+i]·b[p*8+j].
//
// Registers:
//	Y0..Y11  acc[i][h] = Y(2i+h): the sums for c[i*ldc + h*4 : h*4+4], i < 6, h < 2
//	Y12, Y13  b[p*8+0:4] and b[p*8+4:8], one k-step of the B panel
//	Y14, Y15  a[p*6+i] broadcast to all 4 lanes (alternating rows)
//	SI = &a[p*6], DI = &b[p*8], DX = &c[0], R8 = ldc in bytes, R9 = &c[i*ldc]
//	BX = k-steps left in groups of 4, CX = the k-steps left after them
TEXT ·gemmTileAVX2F64(SB), NOSPLIT, $0-40
	MOVQ kc+0(FP), CX                       // CX = kc
	MOVQ a+8(FP), SI                        // SI = &a[0]
	MOVQ b+16(FP), DI                       // DI = &b[0]
	MOVQ c+24(FP), DX                       // DX = &c[0]
	MOVQ ldc+32(FP), R8                     // R8 = ldc
	SHLQ $3, R8                             // R8 = ldc*8: the byte stride between rows of C
	TESTQ CX, CX                            // kc == 0 adds nothing to c:
	JLE done                                // return at once

	// Fetch the 6 rows of C into cache while the k-loop runs: they are read only at the end.
	MOVQ DX, R9                             // R9 = &c[0*ldc]
	PREFETCHT0 (R9)                         // first cache line of c[0*ldc : 0*ldc+8]
	PREFETCHT0 63(R9)                       // last cache line of c[0*ldc : 0*ldc+8]
	ADDQ R8, R9                             // R9 = &c[1*ldc]
	PREFETCHT0 (R9)                         // first cache line of c[1*ldc : 1*ldc+8]
	PREFETCHT0 63(R9)                       // last cache line of c[1*ldc : 1*ldc+8]
	ADDQ R8, R9                             // R9 = &c[2*ldc]
	PREFETCHT0 (R9)                         // first cache line of c[2*ldc : 2*ldc+8]
	PREFETCHT0 63(R9)                       // last cache line of c[2*ldc : 2*ldc+8]
	ADDQ R8, R9                             // R9 = &c[3*ldc]
	PREFETCHT0 (R9)                         // first cache line of c[3*ldc : 3*ldc+8]
	PREFETCHT0 63(R9)                       // last cache line of c[3*ldc : 3*ldc+8]
	ADDQ R8, R9                             // R9 = &c[4*ldc]
	PREFETCHT0 (R9)                         // first cache line of c[4*ldc : 4*ldc+8]
	PREFETCHT0 63(R9)                       // last cache line of c[4*ldc : 4*ldc+8]
	ADDQ R8, R9                             // R9 = &c[5*ldc]
	PREFETCHT0 (R9)                         // first cache line of c[5*ldc : 5*ldc+8]
	PREFETCHT0 63(R9)                       // last cache line of c[5*ldc : 5*ldc+8]

	// The accumulators start at zero; C is added once, after the k-loop.
	VXORPD Y0, Y0, Y0                       // acc[0][0:4] = 0
	VXORPD Y1, Y1, Y1                       // acc[0][4:8] = 0
	VXORPD Y2, Y2, Y2                       // acc[1][0:4] = 0
	VXORPD Y3, Y3, Y3                       // acc[1][4:8] = 0
	VXORPD Y4, Y4, Y4                       // acc[2][0:4] = 0
	VXORPD Y5, Y5, Y5                       // acc[2][4:8] = 0
	VXORPD Y6, Y6, Y6                       // acc[3][0:4] = 0
	VXORPD Y7, Y7, Y7                       // acc[3][4:8] = 0
	VXORPD Y8, Y8, Y8                       // acc[4][0:4] = 0
	VXORPD Y9, Y9, Y9                       // acc[4][4:8] = 0
	VXORPD Y10, Y10, Y10                    // acc[5][0:4] = 0
	VXORPD Y11, Y11, Y11                    // acc[5][4:8] = 0

	MOVQ CX, BX                             // BX = kc
	SHRQ $2, BX                             // BX = kc / 4
	ANDQ $3, CX                             // CX = kc % 4
	TESTQ BX, BX                            // kc < 4:
	JZ tail                                 // no groups of steps, go to the tail

loop4:
	// k-steps p, p+1, ..., p+3
	VMOVUPD (DI), Y12                       // Y12 = b[p*8+0:4]
	VMOVUPD 32(DI), Y13                     // Y13 = b[p*8+4:8]
	VBROADCASTSD (SI), Y14                  // Y14 = a[p*6+0] in every lane
	VFMADD231PD Y12, Y14, Y0                // acc[0][0:4] += a[p*6+0] * b[p*8+0:4]
	VFMADD231PD Y13, Y14, Y1                // acc[0][4:8] += a[p*6+0] * b[p*8+4:8]
	VBROADCASTSD 8(SI), Y15                 // Y15 = a[p*6+1] in every lane
	VFMADD231PD Y12, Y15, Y2                // acc[1][0:4] += a[p*6+1] * b[p*8+0:4]
	VFMADD231PD Y13, Y15, Y3                // acc[1][4:8] += a[p*6+1] * b[p*8+4:8]
	VBROADCASTSD 16(SI), Y14                // Y14 = a[p*6+2] in every lane
	VFMADD231PD Y12, Y14, Y4                // acc[2][0:4] += a[p*6+2] * b[p*8+0:4]
	VFMADD231PD Y13, Y14, Y5                // acc[2][4:8] += a[p*6+2] * b[p*8+4:8]
	VBROADCASTSD 24(SI), Y15                // Y15 = a[p*6+3] in every lane
	VFMADD231PD Y12, Y15, Y6                // acc[3][0:4] += a[p*6+3] * b[p*8+0:4]
	VFMADD231PD Y13, Y15, Y7                // acc[3][4:8] += a[p*6+3] * b[p*8+4:8]
	VBROADCASTSD 32(SI), Y14                // Y14 = a[p*6+4] in every lane
	VFMADD231PD Y12, Y14, Y8                // acc[4][0:4] += a[p*6+4] * b[p*8+0:4]
	VFMADD231PD Y13, Y14, Y9                // acc[4][4:8] += a[p*6+4] * b[p*8+4:8]
	VBROADCASTSD 40(SI), Y15                // Y15 = a[p*6+5] in every lane
	VFMADD231PD Y12, Y15, Y10               // acc[5][0:4] += a[p*6+5] * b[p*8+0:4]
	VFMADD231PD Y13, Y15, Y11               // acc[5][4:8] += a[p*6+5] * b[p*8+4:8]
	VMOVUPD 64(DI), Y12                     // Y12 = b[(p+1)*8+0:4]
	VMOVUPD 96(DI), Y13                     // Y13 = b[(p+1)*8+4:8]
	VBROADCASTSD 48(SI), Y14                // Y14 = a[(p+1)*6+0] in every lane
	VFMADD231PD Y12, Y14, Y0                // acc[0][0:4] += a[(p+1)*6+0] * b[(p+1)*8+0:4]
	VFMADD231PD Y13, Y14, Y1                // acc[0][4:8] += a[(p+1)*6+0] * b[(p+1)*8+4:8]
	VBROADCASTSD 56(SI), Y15                // Y15 = a[(p+1)*6+1] in every lane
	VFMADD231PD Y12, Y15, Y2                // acc[1][0:4] += a[(p+1)*6+1] * b[(p+1)*8+0:4]
	VFMADD231PD Y13, Y15, Y3                // acc[1][4:8] += a[(p+1)*6+1] * b[(p+1)*8+4:8]
	VBROADCASTSD 64(SI), Y14                // Y14 = a[(p+1)*6+2] in every lane
	VFMADD231PD Y12, Y14, Y4                // acc[2][0:4] += a[(p+1)*6+2] * b[(p+1)*8+0:4]
	VFMADD231PD Y13, Y14, Y5                // acc[2][4:8] += a[(p+1)*6+2] * b[(p+1)*8+4:8]
	VBROADCASTSD 72(SI), Y15                // Y15 = a[(p+1)*6+3] in every lane
	VFMADD231PD Y12, Y15, Y6                // acc[3][0:4] += a[(p+1)*6+3] * b[(p+1)*8+0:4]
	VFMADD231PD Y13, Y15, Y7                // acc[3][4:8] += a[(p+1)*6+3] * b[(p+1)*8+4:8]
	VBROADCASTSD 80(SI), Y14                // Y14 = a[(p+1)*6+4] in every lane
	VFMADD231PD Y12, Y14, Y8                // acc[4][0:4] += a[(p+1)*6+4] * b[(p+1)*8+0:4]
	VFMADD231PD Y13, Y14, Y9                // acc[4][4:8] += a[(p+1)*6+4] * b[(p+1)*8+4:8]
	VBROADCASTSD 88(SI), Y15                // Y15 = a[(p+1)*6+5] in every lane
	VFMADD231PD Y12, Y15, Y10               // acc[5][0:4] += a[(p+1)*6+5] * b[(p+1)*8+0:4]
	VFMADD231PD Y13, Y15, Y11               // acc[5][4:8] += a[(p+1)*6+5] * b[(p+1)*8+4:8]
	VMOVUPD 128(DI), Y12                    // Y12 = b[(p+2)*8+0:4]
	VMOVUPD 160(DI), Y13                    // Y13 = b[(p+2)*8+4:8]
	VBROADCASTSD 96(SI), Y14                // Y14 = a[(p+2)*6+0] in every lane
	VFMADD231PD Y12, Y14, Y0                // acc[0][0:4] += a[(p+2)*6+0] * b[(p+2)*8+0:4]
	VFMADD231PD Y13, Y14, Y1                // acc[0][4:8] += a[(p+2)*6+0] * b[(p+2)*8+4:8]
	VBROADCASTSD 104(SI), Y15               // Y15 = a[(p+2)*6+1] in every lane
	VFMADD231PD Y12, Y15, Y2                // acc[1][0:4] += a[(p+2)*6+1] * b[(p+2)*8+0:4]
	VFMADD231PD Y13, Y15, Y3                // acc[1][4:8] += a[(p+2)*6+1] * b[(p+2)*8+4:8]
	VBROADCASTSD 112(SI), Y14               // Y14 = a[(p+2)*6+2] in every lane
	VFMADD231PD Y12, Y14, Y4                // acc[2][0:4] += a[(p+2)*6+2] * b[(p+2)*8+0:4]
	VFMADD231PD Y13, Y14, Y5                // acc[2][4:8] += a[(p+2)*6+2] * b[(p+2)*8+4:8]
	VBROADCASTSD 120(SI), Y15               // Y15 = a[(p+2)*6+3] in every lane
	VFMADD231PD Y12, Y15, Y6                // acc[3][0:4] += a[(p+2)*6+3] * b[(p+2)*8+0:4]
	VFMADD231PD Y13, Y15, Y7                // acc[3][4:8] += a[(p+2)*6+3] * b[(p+2)*8+4:8]
	VBROADCASTSD 128(SI), Y14               // Y14 = a[(p+2)*6+4] in every lane
	VFMADD231PD Y12, Y14, Y8                // acc[4][0:4] += a[(p+2)*6+4] * b[(p+2)*8+0:4]
	VFMADD231PD Y13, Y14, Y9                // acc[4][4:8] += a[(p+2)*6+4] * b[(p+2)*8+4:8]
	VBROADCASTSD 136(SI), Y15               // Y15 = a[(p+2)*6+5] in every lane
	VFMADD231PD Y12, Y15, Y10               // acc[5][0:4] += a[(p+2)*6+5] * b[(p+2)*8+0:4]
	VFMADD231PD Y13, Y15, Y11               // acc[5][4:8] += a[(p+2)*6+5] * b[(p+2)*8+4:8]
	VMOVUPD 192(DI), Y12                    // Y12 = b[(p+3)*8+0:4]
	VMOVUPD 224(DI), Y13                    // Y13 = b[(p+3)*8+4:8]
	VBROADCASTSD 144(SI), Y14               // Y14 = a[(p+3)*6+0] in every lane
	VFMADD231PD Y12, Y14, Y0                // acc[0][0:4] += a[(p+3)*6+0] * b[(p+3)*8+0:4]
	VFMADD231PD Y13, Y14, Y1                // acc[0][4:8] += a[(p+3)*6+0] * b[(p+3)*8+4:8]
	VBROADCASTSD 152(SI), Y15               // Y15 = a[(p+3)*6+1] in every lane
	VFMADD231PD Y12, Y15, Y2                // acc[1][0:4] += a[(p+3)*6+1] * b[(p+3)*8+0:4]
	VFMADD231PD Y13, Y15, Y3                // acc[1][4:8] += a[(p+3)*6+1] * b[(p+3)*8+4:8]
	VBROADCASTSD 160(SI), Y14               // Y14 = a[(p+3)*6+2] in every lane
	VFMADD231PD Y12, Y14, Y4                // acc[2][0:4] += a[(p+3)*6+2] * b[(p+3)*8+0:4]
	VFMADD231PD Y13, Y14, Y5                // acc[2][4:8] += a[(p+3)*6+2] * b[(p+3)*8+4:8]
	VBROADCASTSD 168(SI), Y15               // Y15 = a[(p+3)*6+3] in every lane
	VFMADD231PD Y12, Y15, Y6                // acc[3][0:4] += a[(p+3)*6+3] * b[(p+3)*8+0:4]
	VFMADD231PD Y13, Y15, Y7                // acc[3][4:8] += a[(p+3)*6+3] * b[(p+3)*8+4:8]
	VBROADCASTSD 176(SI), Y14               // Y14 = a[(p+3)*6+4] in every lane
	VFMADD231PD Y12, Y14, Y8                // acc[4][0:4] += a[(p+3)*6+4] * b[(p+3)*8+0:4]
	VFMADD231PD Y13, Y14, Y9                // acc[4][4:8] += a[(p+3)*6+4] * b[(p+3)*8+4:8]
	VBROADCASTSD 184(SI), Y15               // Y15 = a[(p+3)*6+5] in every lane
	VFMADD231PD Y12, Y15, Y10               // acc[5][0:4] += a[(p+3)*6+5] * b[(p+3)*8+0:4]
	VFMADD231PD Y13, Y15, Y11               // acc[5][4:8] += a[(p+3)*6+5] * b[(p+3)*8+4:8]
	ADDQ $192, SI                           // SI = &a[(p+4)*6]
	ADDQ $256, DI                           // DI = &b[(p+4)*8]
	DECQ BX                                 // one group of 4 k-steps done
	JNZ loop4                               // while groups are left

tail:
	TESTQ CX, CX                            // kc % 4 == 0:
	JZ store                                // no k-steps left, go to the store

loop1:
	// k-step p
	VMOVUPD (DI), Y12                       // Y12 = b[p*8+0:4]
	VMOVUPD 32(DI), Y13                     // Y13 = b[p*8+4:8]
	VBROADCASTSD (SI), Y14                  // Y14 = a[p*6+0] in every lane
	VFMADD231PD Y12, Y14, Y0                // acc[0][0:4] += a[p*6+0] * b[p*8+0:4]
	VFMADD231PD Y13, Y14, Y1                // acc[0][4:8] += a[p*6+0] * b[p*8+4:8]
	VBROADCASTSD 8(SI), Y15                 // Y15 = a[p*6+1] in every lane
	VFMADD231PD Y12, Y15, Y2                // acc[1][0:4] += a[p*6+1] * b[p*8+0:4]
	VFMADD231PD Y13, Y15, Y3                // acc[1][4:8] += a[p*6+1] * b[p*8+4:8]
	VBROADCASTSD 16(SI), Y14                // Y14 = a[p*6+2] in every lane
	VFMADD231PD Y12, Y14, Y4                // acc[2][0:4] += a[p*6+2] * b[p*8+0:4]
	VFMADD231PD Y13, Y14, Y5                // acc[2][4:8] += a[p*6+2] * b[p*8+4:8]
	VBROADCASTSD 24(SI), Y15                // Y15 = a[p*6+3] in every lane
	VFMADD231PD Y12, Y15, Y6                // acc[3][0:4] += a[p*6+3] * b[p*8+0:4]
	VFMADD231PD Y13, Y15, Y7                // acc[3][4:8] += a[p*6+3] * b[p*8+4:8]
	VBROADCASTSD 32(SI), Y14                // Y14 = a[p*6+4] in every lane
	VFMADD231PD Y12, Y14, Y8                // acc[4][0:4] += a[p*6+4] * b[p*8+0:4]
	VFMADD231PD Y13, Y14, Y9                // acc[4][4:8] += a[p*6+4] * b[p*8+4:8]
	VBROADCASTSD 40(SI), Y15                // Y15 = a[p*6+5] in every lane
	VFMADD231PD Y12, Y15, Y10               // acc[5][0:4] += a[p*6+5] * b[p*8+0:4]
	VFMADD231PD Y13, Y15, Y11               // acc[5][4:8] += a[p*6+5] * b[p*8+4:8]
	ADDQ $48, SI                            // SI = &a[(p+1)*6]
	ADDQ $64, DI                            // DI = &b[(p+1)*8]
	DECQ CX                                 // one k-step done
	JNZ loop1                               // while k-steps are left

store:
	// c[i*ldc+j] += acc[i][j], row by row
	MOVQ DX, R9                             // R9 = &c[0*ldc]
	VADDPD (R9), Y0, Y0                     // acc[0][0:4] += c[0*ldc+0:4]
	VMOVUPD Y0, (R9)                        // c[0*ldc+0:4] = acc[0][0:4]
	VADDPD 32(R9), Y1, Y1                   // acc[0][4:8] += c[0*ldc+4:8]
	VMOVUPD Y1, 32(R9)                      // c[0*ldc+4:8] = acc[0][4:8]
	ADDQ R8, R9                             // R9 = &c[1*ldc]
	VADDPD (R9), Y2, Y2                     // acc[1][0:4] += c[1*ldc+0:4]
	VMOVUPD Y2, (R9)                        // c[1*ldc+0:4] = acc[1][0:4]
	VADDPD 32(R9), Y3, Y3                   // acc[1][4:8] += c[1*ldc+4:8]
	VMOVUPD Y3, 32(R9)                      // c[1*ldc+4:8] = acc[1][4:8]
	ADDQ R8, R9                             // R9 = &c[2*ldc]
	VADDPD (R9), Y4, Y4                     // acc[2][0:4] += c[2*ldc+0:4]
	VMOVUPD Y4, (R9)                        // c[2*ldc+0:4] = acc[2][0:4]
	VADDPD 32(R9), Y5, Y5                   // acc[2][4:8] += c[2*ldc+4:8]
	VMOVUPD Y5, 32(R9)                      // c[2*ldc+4:8] = acc[2][4:8]
	ADDQ R8, R9                             // R9 = &c[3*ldc]
	VADDPD (R9), Y6, Y6                     // acc[3][0:4] += c[3*ldc+0:4]
	VMOVUPD Y6, (R9)                        // c[3*ldc+0:4] = acc[3][0:4]
	VADDPD 32(R9), Y7, Y7                   // acc[3][4:8] += c[3*ldc+4:8]
	VMOVUPD Y7, 32(R9)                      // c[3*ldc+4:8] = acc[3][4:8]
	ADDQ R8, R9                             // R9 = &c[4*ldc]
	VADDPD (R9), Y8, Y8                     // acc[4][0:4] += c[4*ldc+0:4]
	VMOVUPD Y8, (R9)                        // c[4*ldc+0:4] = acc[4][0:4]
	VADDPD 32(R9), Y9, Y9                   // acc[4][4:8] += c[4*ldc+4:8]
	VMOVUPD Y9, 32(R9)                      // c[4*ldc+4:8] = acc[4][4:8]
	ADDQ R8, R9                             // R9 = &c[5*ldc]
	VADDPD (R9), Y10, Y10                   // acc[5][0:4] += c[5*ldc+0:4]
	VMOVUPD Y10, (R9)                       // c[5*ldc+0:4] = acc[5][0:4]
	VADDPD 32(R9), Y11, Y11                 // acc[5][4:8] += c[5*ldc+4:8]
	VMOVUPD Y11, 32(R9)                     // c[5*ldc+4:8] = acc[5][4:8]
	VZEROUPPER                              // leave the upper vector halves clean for SSE code

done:
	RET
