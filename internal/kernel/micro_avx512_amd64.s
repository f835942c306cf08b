//go:build !purego

// AVX-512F GEMM micro-kernels (see tile.go for the contract and micro_amd64.go for the
// wrappers that check the slice lengths before calling them).
//
// Each kernel keeps an mr×nr block of C in 2·mr zmm accumulators (two vectors per row),
// and for each k-step p loads one row of the B panel (two vectors), broadcasts the mr
// entries of one column of the A panel one by one, and does 2·mr fused multiply-adds.
// The k-loop is unrolled 4 times; a one-step loop takes the remaining kc % 4 steps.
// Accumulation order per entry: s = Σ_p a·b (fused, in order of p), then c = c + s.

#include "textflag.h"

// func gemmTileAVX512F32(kc int, a, b, c *float32, ldc int)
//
// 12×32 tile, AVX-512F, float32: c[i*ldc+j] += Σ_p a[p*12+i]·b[p*32+j].
//
// Registers:
//	Z0..Z23  acc[i][h] = Z(2i+h): the sums for c[i*ldc + h*16 : h*16+16], i < 12, h < 2
//	Z24, Z25  b[p*32+0:16] and b[p*32+16:32], one k-step of the B panel
//	Z26, Z27  a[p*12+i] broadcast to all 16 lanes (alternating rows)
//	SI = &a[p*12], DI = &b[p*32], DX = &c[0], R8 = ldc in bytes, R9 = &c[i*ldc]
//	BX = k-steps left in groups of 4, CX = the k-steps left after them
TEXT ·gemmTileAVX512F32(SB), NOSPLIT, $0-40
	MOVQ kc+0(FP), CX                       // CX = kc
	MOVQ a+8(FP), SI                        // SI = &a[0]
	MOVQ b+16(FP), DI                       // DI = &b[0]
	MOVQ c+24(FP), DX                       // DX = &c[0]
	MOVQ ldc+32(FP), R8                     // R8 = ldc
	SHLQ $2, R8                             // R8 = ldc*4: the byte stride between rows of C
	TESTQ CX, CX                            // kc == 0 adds nothing to c:
	JLE done                                // return at once

	// Fetch the 12 rows of C into cache while the k-loop runs: they are read only at the end.
	MOVQ DX, R9                             // R9 = &c[0*ldc]
	PREFETCHT0 (R9)                         // first cache line of c[0*ldc : 0*ldc+32]
	PREFETCHT0 127(R9)                      // last cache line of c[0*ldc : 0*ldc+32]
	ADDQ R8, R9                             // R9 = &c[1*ldc]
	PREFETCHT0 (R9)                         // first cache line of c[1*ldc : 1*ldc+32]
	PREFETCHT0 127(R9)                      // last cache line of c[1*ldc : 1*ldc+32]
	ADDQ R8, R9                             // R9 = &c[2*ldc]
	PREFETCHT0 (R9)                         // first cache line of c[2*ldc : 2*ldc+32]
	PREFETCHT0 127(R9)                      // last cache line of c[2*ldc : 2*ldc+32]
	ADDQ R8, R9                             // R9 = &c[3*ldc]
	PREFETCHT0 (R9)                         // first cache line of c[3*ldc : 3*ldc+32]
	PREFETCHT0 127(R9)                      // last cache line of c[3*ldc : 3*ldc+32]
	ADDQ R8, R9                             // R9 = &c[4*ldc]
	PREFETCHT0 (R9)                         // first cache line of c[4*ldc : 4*ldc+32]
	PREFETCHT0 127(R9)                      // last cache line of c[4*ldc : 4*ldc+32]
	ADDQ R8, R9                             // R9 = &c[5*ldc]
	PREFETCHT0 (R9)                         // first cache line of c[5*ldc : 5*ldc+32]
	PREFETCHT0 127(R9)                      // last cache line of c[5*ldc : 5*ldc+32]
	ADDQ R8, R9                             // R9 = &c[6*ldc]
	PREFETCHT0 (R9)                         // first cache line of c[6*ldc : 6*ldc+32]
	PREFETCHT0 127(R9)                      // last cache line of c[6*ldc : 6*ldc+32]
	ADDQ R8, R9                             // R9 = &c[7*ldc]
	PREFETCHT0 (R9)                         // first cache line of c[7*ldc : 7*ldc+32]
	PREFETCHT0 127(R9)                      // last cache line of c[7*ldc : 7*ldc+32]
	ADDQ R8, R9                             // R9 = &c[8*ldc]
	PREFETCHT0 (R9)                         // first cache line of c[8*ldc : 8*ldc+32]
	PREFETCHT0 127(R9)                      // last cache line of c[8*ldc : 8*ldc+32]
	ADDQ R8, R9                             // R9 = &c[9*ldc]
	PREFETCHT0 (R9)                         // first cache line of c[9*ldc : 9*ldc+32]
	PREFETCHT0 127(R9)                      // last cache line of c[9*ldc : 9*ldc+32]
	ADDQ R8, R9                             // R9 = &c[10*ldc]
	PREFETCHT0 (R9)                         // first cache line of c[10*ldc : 10*ldc+32]
	PREFETCHT0 127(R9)                      // last cache line of c[10*ldc : 10*ldc+32]
	ADDQ R8, R9                             // R9 = &c[11*ldc]
	PREFETCHT0 (R9)                         // first cache line of c[11*ldc : 11*ldc+32]
	PREFETCHT0 127(R9)                      // last cache line of c[11*ldc : 11*ldc+32]

	// The accumulators start at zero; C is added once, after the k-loop.
	VPXORD Z0, Z0, Z0                       // acc[0][0:16] = 0
	VPXORD Z1, Z1, Z1                       // acc[0][16:32] = 0
	VPXORD Z2, Z2, Z2                       // acc[1][0:16] = 0
	VPXORD Z3, Z3, Z3                       // acc[1][16:32] = 0
	VPXORD Z4, Z4, Z4                       // acc[2][0:16] = 0
	VPXORD Z5, Z5, Z5                       // acc[2][16:32] = 0
	VPXORD Z6, Z6, Z6                       // acc[3][0:16] = 0
	VPXORD Z7, Z7, Z7                       // acc[3][16:32] = 0
	VPXORD Z8, Z8, Z8                       // acc[4][0:16] = 0
	VPXORD Z9, Z9, Z9                       // acc[4][16:32] = 0
	VPXORD Z10, Z10, Z10                    // acc[5][0:16] = 0
	VPXORD Z11, Z11, Z11                    // acc[5][16:32] = 0
	VPXORD Z12, Z12, Z12                    // acc[6][0:16] = 0
	VPXORD Z13, Z13, Z13                    // acc[6][16:32] = 0
	VPXORD Z14, Z14, Z14                    // acc[7][0:16] = 0
	VPXORD Z15, Z15, Z15                    // acc[7][16:32] = 0
	VPXORD Z16, Z16, Z16                    // acc[8][0:16] = 0
	VPXORD Z17, Z17, Z17                    // acc[8][16:32] = 0
	VPXORD Z18, Z18, Z18                    // acc[9][0:16] = 0
	VPXORD Z19, Z19, Z19                    // acc[9][16:32] = 0
	VPXORD Z20, Z20, Z20                    // acc[10][0:16] = 0
	VPXORD Z21, Z21, Z21                    // acc[10][16:32] = 0
	VPXORD Z22, Z22, Z22                    // acc[11][0:16] = 0
	VPXORD Z23, Z23, Z23                    // acc[11][16:32] = 0

	MOVQ CX, BX                             // BX = kc
	SHRQ $2, BX                             // BX = kc / 4
	ANDQ $3, CX                             // CX = kc % 4
	TESTQ BX, BX                            // kc < 4:
	JZ tail                                 // no groups of steps, go to the tail

loop4:
	// k-steps p, p+1, ..., p+3
	VMOVUPS (DI), Z24                       // Z24 = b[p*32+0:16]
	VMOVUPS 64(DI), Z25                     // Z25 = b[p*32+16:32]
	VBROADCASTSS (SI), Z26                  // Z26 = a[p*12+0] in every lane
	VFMADD231PS Z24, Z26, Z0                // acc[0][0:16] += a[p*12+0] * b[p*32+0:16]
	VFMADD231PS Z25, Z26, Z1                // acc[0][16:32] += a[p*12+0] * b[p*32+16:32]
	VBROADCASTSS 4(SI), Z27                 // Z27 = a[p*12+1] in every lane
	VFMADD231PS Z24, Z27, Z2                // acc[1][0:16] += a[p*12+1] * b[p*32+0:16]
	VFMADD231PS Z25, Z27, Z3                // acc[1][16:32] += a[p*12+1] * b[p*32+16:32]
	VBROADCASTSS 8(SI), Z26                 // Z26 = a[p*12+2] in every lane
	VFMADD231PS Z24, Z26, Z4                // acc[2][0:16] += a[p*12+2] * b[p*32+0:16]
	VFMADD231PS Z25, Z26, Z5                // acc[2][16:32] += a[p*12+2] * b[p*32+16:32]
	VBROADCASTSS 12(SI), Z27                // Z27 = a[p*12+3] in every lane
	VFMADD231PS Z24, Z27, Z6                // acc[3][0:16] += a[p*12+3] * b[p*32+0:16]
	VFMADD231PS Z25, Z27, Z7                // acc[3][16:32] += a[p*12+3] * b[p*32+16:32]
	VBROADCASTSS 16(SI), Z26                // Z26 = a[p*12+4] in every lane
	VFMADD231PS Z24, Z26, Z8                // acc[4][0:16] += a[p*12+4] * b[p*32+0:16]
	VFMADD231PS Z25, Z26, Z9                // acc[4][16:32] += a[p*12+4] * b[p*32+16:32]
	VBROADCASTSS 20(SI), Z27                // Z27 = a[p*12+5] in every lane
	VFMADD231PS Z24, Z27, Z10               // acc[5][0:16] += a[p*12+5] * b[p*32+0:16]
	VFMADD231PS Z25, Z27, Z11               // acc[5][16:32] += a[p*12+5] * b[p*32+16:32]
	VBROADCASTSS 24(SI), Z26                // Z26 = a[p*12+6] in every lane
	VFMADD231PS Z24, Z26, Z12               // acc[6][0:16] += a[p*12+6] * b[p*32+0:16]
	VFMADD231PS Z25, Z26, Z13               // acc[6][16:32] += a[p*12+6] * b[p*32+16:32]
	VBROADCASTSS 28(SI), Z27                // Z27 = a[p*12+7] in every lane
	VFMADD231PS Z24, Z27, Z14               // acc[7][0:16] += a[p*12+7] * b[p*32+0:16]
	VFMADD231PS Z25, Z27, Z15               // acc[7][16:32] += a[p*12+7] * b[p*32+16:32]
	VBROADCASTSS 32(SI), Z26                // Z26 = a[p*12+8] in every lane
	VFMADD231PS Z24, Z26, Z16               // acc[8][0:16] += a[p*12+8] * b[p*32+0:16]
	VFMADD231PS Z25, Z26, Z17               // acc[8][16:32] += a[p*12+8] * b[p*32+16:32]
	VBROADCASTSS 36(SI), Z27                // Z27 = a[p*12+9] in every lane
	VFMADD231PS Z24, Z27, Z18               // acc[9][0:16] += a[p*12+9] * b[p*32+0:16]
	VFMADD231PS Z25, Z27, Z19               // acc[9][16:32] += a[p*12+9] * b[p*32+16:32]
	VBROADCASTSS 40(SI), Z26                // Z26 = a[p*12+10] in every lane
	VFMADD231PS Z24, Z26, Z20               // acc[10][0:16] += a[p*12+10] * b[p*32+0:16]
	VFMADD231PS Z25, Z26, Z21               // acc[10][16:32] += a[p*12+10] * b[p*32+16:32]
	VBROADCASTSS 44(SI), Z27                // Z27 = a[p*12+11] in every lane
	VFMADD231PS Z24, Z27, Z22               // acc[11][0:16] += a[p*12+11] * b[p*32+0:16]
	VFMADD231PS Z25, Z27, Z23               // acc[11][16:32] += a[p*12+11] * b[p*32+16:32]
	VMOVUPS 128(DI), Z24                    // Z24 = b[(p+1)*32+0:16]
	VMOVUPS 192(DI), Z25                    // Z25 = b[(p+1)*32+16:32]
	VBROADCASTSS 48(SI), Z26                // Z26 = a[(p+1)*12+0] in every lane
	VFMADD231PS Z24, Z26, Z0                // acc[0][0:16] += a[(p+1)*12+0] * b[(p+1)*32+0:16]
	VFMADD231PS Z25, Z26, Z1                // acc[0][16:32] += a[(p+1)*12+0] * b[(p+1)*32+16:32]
	VBROADCASTSS 52(SI), Z27                // Z27 = a[(p+1)*12+1] in every lane
	VFMADD231PS Z24, Z27, Z2                // acc[1][0:16] += a[(p+1)*12+1] * b[(p+1)*32+0:16]
	VFMADD231PS Z25, Z27, Z3                // acc[1][16:32] += a[(p+1)*12+1] * b[(p+1)*32+16:32]
	VBROADCASTSS 56(SI), Z26                // Z26 = a[(p+1)*12+2] in every lane
	VFMADD231PS Z24, Z26, Z4                // acc[2][0:16] += a[(p+1)*12+2] * b[(p+1)*32+0:16]
	VFMADD231PS Z25, Z26, Z5                // acc[2][16:32] += a[(p+1)*12+2] * b[(p+1)*32+16:32]
	VBROADCASTSS 60(SI), Z27                // Z27 = a[(p+1)*12+3] in every lane
	VFMADD231PS Z24, Z27, Z6                // acc[3][0:16] += a[(p+1)*12+3] * b[(p+1)*32+0:16]
	VFMADD231PS Z25, Z27, Z7                // acc[3][16:32] += a[(p+1)*12+3] * b[(p+1)*32+16:32]
	VBROADCASTSS 64(SI), Z26                // Z26 = a[(p+1)*12+4] in every lane
	VFMADD231PS Z24, Z26, Z8                // acc[4][0:16] += a[(p+1)*12+4] * b[(p+1)*32+0:16]
	VFMADD231PS Z25, Z26, Z9                // acc[4][16:32] += a[(p+1)*12+4] * b[(p+1)*32+16:32]
	VBROADCASTSS 68(SI), Z27                // Z27 = a[(p+1)*12+5] in every lane
	VFMADD231PS Z24, Z27, Z10               // acc[5][0:16] += a[(p+1)*12+5] * b[(p+1)*32+0:16]
	VFMADD231PS Z25, Z27, Z11               // acc[5][16:32] += a[(p+1)*12+5] * b[(p+1)*32+16:32]
	VBROADCASTSS 72(SI), Z26                // Z26 = a[(p+1)*12+6] in every lane
	VFMADD231PS Z24, Z26, Z12               // acc[6][0:16] += a[(p+1)*12+6] * b[(p+1)*32+0:16]
	VFMADD231PS Z25, Z26, Z13               // acc[6][16:32] += a[(p+1)*12+6] * b[(p+1)*32+16:32]
	VBROADCASTSS 76(SI), Z27                // Z27 = a[(p+1)*12+7] in every lane
	VFMADD231PS Z24, Z27, Z14               // acc[7][0:16] += a[(p+1)*12+7] * b[(p+1)*32+0:16]
	VFMADD231PS Z25, Z27, Z15               // acc[7][16:32] += a[(p+1)*12+7] * b[(p+1)*32+16:32]
	VBROADCASTSS 80(SI), Z26                // Z26 = a[(p+1)*12+8] in every lane
	VFMADD231PS Z24, Z26, Z16               // acc[8][0:16] += a[(p+1)*12+8] * b[(p+1)*32+0:16]
	VFMADD231PS Z25, Z26, Z17               // acc[8][16:32] += a[(p+1)*12+8] * b[(p+1)*32+16:32]
	VBROADCASTSS 84(SI), Z27                // Z27 = a[(p+1)*12+9] in every lane
	VFMADD231PS Z24, Z27, Z18               // acc[9][0:16] += a[(p+1)*12+9] * b[(p+1)*32+0:16]
	VFMADD231PS Z25, Z27, Z19               // acc[9][16:32] += a[(p+1)*12+9] * b[(p+1)*32+16:32]
	VBROADCASTSS 88(SI), Z26                // Z26 = a[(p+1)*12+10] in every lane
	VFMADD231PS Z24, Z26, Z20               // acc[10][0:16] += a[(p+1)*12+10] * b[(p+1)*32+0:16]
	VFMADD231PS Z25, Z26, Z21               // acc[10][16:32] += a[(p+1)*12+10] * b[(p+1)*32+16:32]
	VBROADCASTSS 92(SI), Z27                // Z27 = a[(p+1)*12+11] in every lane
	VFMADD231PS Z24, Z27, Z22               // acc[11][0:16] += a[(p+1)*12+11] * b[(p+1)*32+0:16]
	VFMADD231PS Z25, Z27, Z23               // acc[11][16:32] += a[(p+1)*12+11] * b[(p+1)*32+16:32]
	VMOVUPS 256(DI), Z24                    // Z24 = b[(p+2)*32+0:16]
	VMOVUPS 320(DI), Z25                    // Z25 = b[(p+2)*32+16:32]
	VBROADCASTSS 96(SI), Z26                // Z26 = a[(p+2)*12+0] in every lane
	VFMADD231PS Z24, Z26, Z0                // acc[0][0:16] += a[(p+2)*12+0] * b[(p+2)*32+0:16]
	VFMADD231PS Z25, Z26, Z1                // acc[0][16:32] += a[(p+2)*12+0] * b[(p+2)*32+16:32]
	VBROADCASTSS 100(SI), Z27               // Z27 = a[(p+2)*12+1] in every lane
	VFMADD231PS Z24, Z27, Z2                // acc[1][0:16] += a[(p+2)*12+1] * b[(p+2)*32+0:16]
	VFMADD231PS Z25, Z27, Z3                // acc[1][16:32] += a[(p+2)*12+1] * b[(p+2)*32+16:32]
	VBROADCASTSS 104(SI), Z26               // Z26 = a[(p+2)*12+2] in every lane
	VFMADD231PS Z24, Z26, Z4                // acc[2][0:16] += a[(p+2)*12+2] * b[(p+2)*32+0:16]
	VFMADD231PS Z25, Z26, Z5                // acc[2][16:32] += a[(p+2)*12+2] * b[(p+2)*32+16:32]
	VBROADCASTSS 108(SI), Z27               // Z27 = a[(p+2)*12+3] in every lane
	VFMADD231PS Z24, Z27, Z6                // acc[3][0:16] += a[(p+2)*12+3] * b[(p+2)*32+0:16]
	VFMADD231PS Z25, Z27, Z7                // acc[3][16:32] += a[(p+2)*12+3] * b[(p+2)*32+16:32]
	VBROADCASTSS 112(SI), Z26               // Z26 = a[(p+2)*12+4] in every lane
	VFMADD231PS Z24, Z26, Z8                // acc[4][0:16] += a[(p+2)*12+4] * b[(p+2)*32+0:16]
	VFMADD231PS Z25, Z26, Z9                // acc[4][16:32] += a[(p+2)*12+4] * b[(p+2)*32+16:32]
	VBROADCASTSS 116(SI), Z27               // Z27 = a[(p+2)*12+5] in every lane
	VFMADD231PS Z24, Z27, Z10               // acc[5][0:16] += a[(p+2)*12+5] * b[(p+2)*32+0:16]
	VFMADD231PS Z25, Z27, Z11               // acc[5][16:32] += a[(p+2)*12+5] * b[(p+2)*32+16:32]
	VBROADCASTSS 120(SI), Z26               // Z26 = a[(p+2)*12+6] in every lane
	VFMADD231PS Z24, Z26, Z12               // acc[6][0:16] += a[(p+2)*12+6] * b[(p+2)*32+0:16]
	VFMADD231PS Z25, Z26, Z13               // acc[6][16:32] += a[(p+2)*12+6] * b[(p+2)*32+16:32]
	VBROADCASTSS 124(SI), Z27               // Z27 = a[(p+2)*12+7] in every lane
	VFMADD231PS Z24, Z27, Z14               // acc[7][0:16] += a[(p+2)*12+7] * b[(p+2)*32+0:16]
	VFMADD231PS Z25, Z27, Z15               // acc[7][16:32] += a[(p+2)*12+7] * b[(p+2)*32+16:32]
	VBROADCASTSS 128(SI), Z26               // Z26 = a[(p+2)*12+8] in every lane
	VFMADD231PS Z24, Z26, Z16               // acc[8][0:16] += a[(p+2)*12+8] * b[(p+2)*32+0:16]
	VFMADD231PS Z25, Z26, Z17               // acc[8][16:32] += a[(p+2)*12+8] * b[(p+2)*32+16:32]
	VBROADCASTSS 132(SI), Z27               // Z27 = a[(p+2)*12+9] in every lane
	VFMADD231PS Z24, Z27, Z18               // acc[9][0:16] += a[(p+2)*12+9] * b[(p+2)*32+0:16]
	VFMADD231PS Z25, Z27, Z19               // acc[9][16:32] += a[(p+2)*12+9] * b[(p+2)*32+16:32]
	VBROADCASTSS 136(SI), Z26               // Z26 = a[(p+2)*12+10] in every lane
	VFMADD231PS Z24, Z26, Z20               // acc[10][0:16] += a[(p+2)*12+10] * b[(p+2)*32+0:16]
	VFMADD231PS Z25, Z26, Z21               // acc[10][16:32] += a[(p+2)*12+10] * b[(p+2)*32+16:32]
	VBROADCASTSS 140(SI), Z27               // Z27 = a[(p+2)*12+11] in every lane
	VFMADD231PS Z24, Z27, Z22               // acc[11][0:16] += a[(p+2)*12+11] * b[(p+2)*32+0:16]
	VFMADD231PS Z25, Z27, Z23               // acc[11][16:32] += a[(p+2)*12+11] * b[(p+2)*32+16:32]
	VMOVUPS 384(DI), Z24                    // Z24 = b[(p+3)*32+0:16]
	VMOVUPS 448(DI), Z25                    // Z25 = b[(p+3)*32+16:32]
	VBROADCASTSS 144(SI), Z26               // Z26 = a[(p+3)*12+0] in every lane
	VFMADD231PS Z24, Z26, Z0                // acc[0][0:16] += a[(p+3)*12+0] * b[(p+3)*32+0:16]
	VFMADD231PS Z25, Z26, Z1                // acc[0][16:32] += a[(p+3)*12+0] * b[(p+3)*32+16:32]
	VBROADCASTSS 148(SI), Z27               // Z27 = a[(p+3)*12+1] in every lane
	VFMADD231PS Z24, Z27, Z2                // acc[1][0:16] += a[(p+3)*12+1] * b[(p+3)*32+0:16]
	VFMADD231PS Z25, Z27, Z3                // acc[1][16:32] += a[(p+3)*12+1] * b[(p+3)*32+16:32]
	VBROADCASTSS 152(SI), Z26               // Z26 = a[(p+3)*12+2] in every lane
	VFMADD231PS Z24, Z26, Z4                // acc[2][0:16] += a[(p+3)*12+2] * b[(p+3)*32+0:16]
	VFMADD231PS Z25, Z26, Z5                // acc[2][16:32] += a[(p+3)*12+2] * b[(p+3)*32+16:32]
	VBROADCASTSS 156(SI), Z27               // Z27 = a[(p+3)*12+3] in every lane
	VFMADD231PS Z24, Z27, Z6                // acc[3][0:16] += a[(p+3)*12+3] * b[(p+3)*32+0:16]
	VFMADD231PS Z25, Z27, Z7                // acc[3][16:32] += a[(p+3)*12+3] * b[(p+3)*32+16:32]
	VBROADCASTSS 160(SI), Z26               // Z26 = a[(p+3)*12+4] in every lane
	VFMADD231PS Z24, Z26, Z8                // acc[4][0:16] += a[(p+3)*12+4] * b[(p+3)*32+0:16]
	VFMADD231PS Z25, Z26, Z9                // acc[4][16:32] += a[(p+3)*12+4] * b[(p+3)*32+16:32]
	VBROADCASTSS 164(SI), Z27               // Z27 = a[(p+3)*12+5] in every lane
	VFMADD231PS Z24, Z27, Z10               // acc[5][0:16] += a[(p+3)*12+5] * b[(p+3)*32+0:16]
	VFMADD231PS Z25, Z27, Z11               // acc[5][16:32] += a[(p+3)*12+5] * b[(p+3)*32+16:32]
	VBROADCASTSS 168(SI), Z26               // Z26 = a[(p+3)*12+6] in every lane
	VFMADD231PS Z24, Z26, Z12               // acc[6][0:16] += a[(p+3)*12+6] * b[(p+3)*32+0:16]
	VFMADD231PS Z25, Z26, Z13               // acc[6][16:32] += a[(p+3)*12+6] * b[(p+3)*32+16:32]
	VBROADCASTSS 172(SI), Z27               // Z27 = a[(p+3)*12+7] in every lane
	VFMADD231PS Z24, Z27, Z14               // acc[7][0:16] += a[(p+3)*12+7] * b[(p+3)*32+0:16]
	VFMADD231PS Z25, Z27, Z15               // acc[7][16:32] += a[(p+3)*12+7] * b[(p+3)*32+16:32]
	VBROADCASTSS 176(SI), Z26               // Z26 = a[(p+3)*12+8] in every lane
	VFMADD231PS Z24, Z26, Z16               // acc[8][0:16] += a[(p+3)*12+8] * b[(p+3)*32+0:16]
	VFMADD231PS Z25, Z26, Z17               // acc[8][16:32] += a[(p+3)*12+8] * b[(p+3)*32+16:32]
	VBROADCASTSS 180(SI), Z27               // Z27 = a[(p+3)*12+9] in every lane
	VFMADD231PS Z24, Z27, Z18               // acc[9][0:16] += a[(p+3)*12+9] * b[(p+3)*32+0:16]
	VFMADD231PS Z25, Z27, Z19               // acc[9][16:32] += a[(p+3)*12+9] * b[(p+3)*32+16:32]
	VBROADCASTSS 184(SI), Z26               // Z26 = a[(p+3)*12+10] in every lane
	VFMADD231PS Z24, Z26, Z20               // acc[10][0:16] += a[(p+3)*12+10] * b[(p+3)*32+0:16]
	VFMADD231PS Z25, Z26, Z21               // acc[10][16:32] += a[(p+3)*12+10] * b[(p+3)*32+16:32]
	VBROADCASTSS 188(SI), Z27               // Z27 = a[(p+3)*12+11] in every lane
	VFMADD231PS Z24, Z27, Z22               // acc[11][0:16] += a[(p+3)*12+11] * b[(p+3)*32+0:16]
	VFMADD231PS Z25, Z27, Z23               // acc[11][16:32] += a[(p+3)*12+11] * b[(p+3)*32+16:32]
	ADDQ $192, SI                           // SI = &a[(p+4)*12]
	ADDQ $512, DI                           // DI = &b[(p+4)*32]
	DECQ BX                                 // one group of 4 k-steps done
	JNZ loop4                               // while groups are left

tail:
	TESTQ CX, CX                            // kc % 4 == 0:
	JZ store                                // no k-steps left, go to the store

loop1:
	// k-step p
	VMOVUPS (DI), Z24                       // Z24 = b[p*32+0:16]
	VMOVUPS 64(DI), Z25                     // Z25 = b[p*32+16:32]
	VBROADCASTSS (SI), Z26                  // Z26 = a[p*12+0] in every lane
	VFMADD231PS Z24, Z26, Z0                // acc[0][0:16] += a[p*12+0] * b[p*32+0:16]
	VFMADD231PS Z25, Z26, Z1                // acc[0][16:32] += a[p*12+0] * b[p*32+16:32]
	VBROADCASTSS 4(SI), Z27                 // Z27 = a[p*12+1] in every lane
	VFMADD231PS Z24, Z27, Z2                // acc[1][0:16] += a[p*12+1] * b[p*32+0:16]
	VFMADD231PS Z25, Z27, Z3                // acc[1][16:32] += a[p*12+1] * b[p*32+16:32]
	VBROADCASTSS 8(SI), Z26                 // Z26 = a[p*12+2] in every lane
	VFMADD231PS Z24, Z26, Z4                // acc[2][0:16] += a[p*12+2] * b[p*32+0:16]
	VFMADD231PS Z25, Z26, Z5                // acc[2][16:32] += a[p*12+2] * b[p*32+16:32]
	VBROADCASTSS 12(SI), Z27                // Z27 = a[p*12+3] in every lane
	VFMADD231PS Z24, Z27, Z6                // acc[3][0:16] += a[p*12+3] * b[p*32+0:16]
	VFMADD231PS Z25, Z27, Z7                // acc[3][16:32] += a[p*12+3] * b[p*32+16:32]
	VBROADCASTSS 16(SI), Z26                // Z26 = a[p*12+4] in every lane
	VFMADD231PS Z24, Z26, Z8                // acc[4][0:16] += a[p*12+4] * b[p*32+0:16]
	VFMADD231PS Z25, Z26, Z9                // acc[4][16:32] += a[p*12+4] * b[p*32+16:32]
	VBROADCASTSS 20(SI), Z27                // Z27 = a[p*12+5] in every lane
	VFMADD231PS Z24, Z27, Z10               // acc[5][0:16] += a[p*12+5] * b[p*32+0:16]
	VFMADD231PS Z25, Z27, Z11               // acc[5][16:32] += a[p*12+5] * b[p*32+16:32]
	VBROADCASTSS 24(SI), Z26                // Z26 = a[p*12+6] in every lane
	VFMADD231PS Z24, Z26, Z12               // acc[6][0:16] += a[p*12+6] * b[p*32+0:16]
	VFMADD231PS Z25, Z26, Z13               // acc[6][16:32] += a[p*12+6] * b[p*32+16:32]
	VBROADCASTSS 28(SI), Z27                // Z27 = a[p*12+7] in every lane
	VFMADD231PS Z24, Z27, Z14               // acc[7][0:16] += a[p*12+7] * b[p*32+0:16]
	VFMADD231PS Z25, Z27, Z15               // acc[7][16:32] += a[p*12+7] * b[p*32+16:32]
	VBROADCASTSS 32(SI), Z26                // Z26 = a[p*12+8] in every lane
	VFMADD231PS Z24, Z26, Z16               // acc[8][0:16] += a[p*12+8] * b[p*32+0:16]
	VFMADD231PS Z25, Z26, Z17               // acc[8][16:32] += a[p*12+8] * b[p*32+16:32]
	VBROADCASTSS 36(SI), Z27                // Z27 = a[p*12+9] in every lane
	VFMADD231PS Z24, Z27, Z18               // acc[9][0:16] += a[p*12+9] * b[p*32+0:16]
	VFMADD231PS Z25, Z27, Z19               // acc[9][16:32] += a[p*12+9] * b[p*32+16:32]
	VBROADCASTSS 40(SI), Z26                // Z26 = a[p*12+10] in every lane
	VFMADD231PS Z24, Z26, Z20               // acc[10][0:16] += a[p*12+10] * b[p*32+0:16]
	VFMADD231PS Z25, Z26, Z21               // acc[10][16:32] += a[p*12+10] * b[p*32+16:32]
	VBROADCASTSS 44(SI), Z27                // Z27 = a[p*12+11] in every lane
	VFMADD231PS Z24, Z27, Z22               // acc[11][0:16] += a[p*12+11] * b[p*32+0:16]
	VFMADD231PS Z25, Z27, Z23               // acc[11][16:32] += a[p*12+11] * b[p*32+16:32]
	ADDQ $48, SI                            // SI = &a[(p+1)*12]
	ADDQ $128, DI                           // DI = &b[(p+1)*32]
	DECQ CX                                 // one k-step done
	JNZ loop1                               // while k-steps are left

store:
	// c[i*ldc+j] += acc[i][j], row by row
	MOVQ DX, R9                             // R9 = &c[0*ldc]
	VADDPS (R9), Z0, Z0                     // acc[0][0:16] += c[0*ldc+0:16]
	VMOVUPS Z0, (R9)                        // c[0*ldc+0:16] = acc[0][0:16]
	VADDPS 64(R9), Z1, Z1                   // acc[0][16:32] += c[0*ldc+16:32]
	VMOVUPS Z1, 64(R9)                      // c[0*ldc+16:32] = acc[0][16:32]
	ADDQ R8, R9                             // R9 = &c[1*ldc]
	VADDPS (R9), Z2, Z2                     // acc[1][0:16] += c[1*ldc+0:16]
	VMOVUPS Z2, (R9)                        // c[1*ldc+0:16] = acc[1][0:16]
	VADDPS 64(R9), Z3, Z3                   // acc[1][16:32] += c[1*ldc+16:32]
	VMOVUPS Z3, 64(R9)                      // c[1*ldc+16:32] = acc[1][16:32]
	ADDQ R8, R9                             // R9 = &c[2*ldc]
	VADDPS (R9), Z4, Z4                     // acc[2][0:16] += c[2*ldc+0:16]
	VMOVUPS Z4, (R9)                        // c[2*ldc+0:16] = acc[2][0:16]
	VADDPS 64(R9), Z5, Z5                   // acc[2][16:32] += c[2*ldc+16:32]
	VMOVUPS Z5, 64(R9)                      // c[2*ldc+16:32] = acc[2][16:32]
	ADDQ R8, R9                             // R9 = &c[3*ldc]
	VADDPS (R9), Z6, Z6                     // acc[3][0:16] += c[3*ldc+0:16]
	VMOVUPS Z6, (R9)                        // c[3*ldc+0:16] = acc[3][0:16]
	VADDPS 64(R9), Z7, Z7                   // acc[3][16:32] += c[3*ldc+16:32]
	VMOVUPS Z7, 64(R9)                      // c[3*ldc+16:32] = acc[3][16:32]
	ADDQ R8, R9                             // R9 = &c[4*ldc]
	VADDPS (R9), Z8, Z8                     // acc[4][0:16] += c[4*ldc+0:16]
	VMOVUPS Z8, (R9)                        // c[4*ldc+0:16] = acc[4][0:16]
	VADDPS 64(R9), Z9, Z9                   // acc[4][16:32] += c[4*ldc+16:32]
	VMOVUPS Z9, 64(R9)                      // c[4*ldc+16:32] = acc[4][16:32]
	ADDQ R8, R9                             // R9 = &c[5*ldc]
	VADDPS (R9), Z10, Z10                   // acc[5][0:16] += c[5*ldc+0:16]
	VMOVUPS Z10, (R9)                       // c[5*ldc+0:16] = acc[5][0:16]
	VADDPS 64(R9), Z11, Z11                 // acc[5][16:32] += c[5*ldc+16:32]
	VMOVUPS Z11, 64(R9)                     // c[5*ldc+16:32] = acc[5][16:32]
	ADDQ R8, R9                             // R9 = &c[6*ldc]
	VADDPS (R9), Z12, Z12                   // acc[6][0:16] += c[6*ldc+0:16]
	VMOVUPS Z12, (R9)                       // c[6*ldc+0:16] = acc[6][0:16]
	VADDPS 64(R9), Z13, Z13                 // acc[6][16:32] += c[6*ldc+16:32]
	VMOVUPS Z13, 64(R9)                     // c[6*ldc+16:32] = acc[6][16:32]
	ADDQ R8, R9                             // R9 = &c[7*ldc]
	VADDPS (R9), Z14, Z14                   // acc[7][0:16] += c[7*ldc+0:16]
	VMOVUPS Z14, (R9)                       // c[7*ldc+0:16] = acc[7][0:16]
	VADDPS 64(R9), Z15, Z15                 // acc[7][16:32] += c[7*ldc+16:32]
	VMOVUPS Z15, 64(R9)                     // c[7*ldc+16:32] = acc[7][16:32]
	ADDQ R8, R9                             // R9 = &c[8*ldc]
	VADDPS (R9), Z16, Z16                   // acc[8][0:16] += c[8*ldc+0:16]
	VMOVUPS Z16, (R9)                       // c[8*ldc+0:16] = acc[8][0:16]
	VADDPS 64(R9), Z17, Z17                 // acc[8][16:32] += c[8*ldc+16:32]
	VMOVUPS Z17, 64(R9)                     // c[8*ldc+16:32] = acc[8][16:32]
	ADDQ R8, R9                             // R9 = &c[9*ldc]
	VADDPS (R9), Z18, Z18                   // acc[9][0:16] += c[9*ldc+0:16]
	VMOVUPS Z18, (R9)                       // c[9*ldc+0:16] = acc[9][0:16]
	VADDPS 64(R9), Z19, Z19                 // acc[9][16:32] += c[9*ldc+16:32]
	VMOVUPS Z19, 64(R9)                     // c[9*ldc+16:32] = acc[9][16:32]
	ADDQ R8, R9                             // R9 = &c[10*ldc]
	VADDPS (R9), Z20, Z20                   // acc[10][0:16] += c[10*ldc+0:16]
	VMOVUPS Z20, (R9)                       // c[10*ldc+0:16] = acc[10][0:16]
	VADDPS 64(R9), Z21, Z21                 // acc[10][16:32] += c[10*ldc+16:32]
	VMOVUPS Z21, 64(R9)                     // c[10*ldc+16:32] = acc[10][16:32]
	ADDQ R8, R9                             // R9 = &c[11*ldc]
	VADDPS (R9), Z22, Z22                   // acc[11][0:16] += c[11*ldc+0:16]
	VMOVUPS Z22, (R9)                       // c[11*ldc+0:16] = acc[11][0:16]
	VADDPS 64(R9), Z23, Z23                 // acc[11][16:32] += c[11*ldc+16:32]
	VMOVUPS Z23, 64(R9)                     // c[11*ldc+16:32] = acc[11][16:32]
	VZEROUPPER                              // leave the upper vector halves clean for SSE code

done:
	RET

// func gemmTileAVX512F64(kc int, a, b, c *float64, ldc int)
//
// 12×16 tile, AVX-512F, float64: c[i*ldc+j] += Σ_p a[p*12+i]·b[p*16+j].
//
// Registers:
//	Z0..Z23  acc[i][h] = Z(2i+h): the sums for c[i*ldc + h*8 : h*8+8], i < 12, h < 2
//	Z24, Z25  b[p*16+0:8] and b[p*16+8:16], one k-step of the B panel
//	Z26, Z27  a[p*12+i] broadcast to all 8 lanes (alternating rows)
//	SI = &a[p*12], DI = &b[p*16], DX = &c[0], R8 = ldc in bytes, R9 = &c[i*ldc]
//	BX = k-steps left in groups of 4, CX = the k-steps left after them
TEXT ·gemmTileAVX512F64(SB), NOSPLIT, $0-40
	MOVQ kc+0(FP), CX                       // CX = kc
	MOVQ a+8(FP), SI                        // SI = &a[0]
	MOVQ b+16(FP), DI                       // DI = &b[0]
	MOVQ c+24(FP), DX                       // DX = &c[0]
	MOVQ ldc+32(FP), R8                     // R8 = ldc
	SHLQ $3, R8                             // R8 = ldc*8: the byte stride between rows of C
	TESTQ CX, CX                            // kc == 0 adds nothing to c:
	JLE done                                // return at once

	// Fetch the 12 rows of C into cache while the k-loop runs: they are read only at the end.
	MOVQ DX, R9                             // R9 = &c[0*ldc]
	PREFETCHT0 (R9)                         // first cache line of c[0*ldc : 0*ldc+16]
	PREFETCHT0 127(R9)                      // last cache line of c[0*ldc : 0*ldc+16]
	ADDQ R8, R9                             // R9 = &c[1*ldc]
	PREFETCHT0 (R9)                         // first cache line of c[1*ldc : 1*ldc+16]
	PREFETCHT0 127(R9)                      // last cache line of c[1*ldc : 1*ldc+16]
	ADDQ R8, R9                             // R9 = &c[2*ldc]
	PREFETCHT0 (R9)                         // first cache line of c[2*ldc : 2*ldc+16]
	PREFETCHT0 127(R9)                      // last cache line of c[2*ldc : 2*ldc+16]
	ADDQ R8, R9                             // R9 = &c[3*ldc]
	PREFETCHT0 (R9)                         // first cache line of c[3*ldc : 3*ldc+16]
	PREFETCHT0 127(R9)                      // last cache line of c[3*ldc : 3*ldc+16]
	ADDQ R8, R9                             // R9 = &c[4*ldc]
	PREFETCHT0 (R9)                         // first cache line of c[4*ldc : 4*ldc+16]
	PREFETCHT0 127(R9)                      // last cache line of c[4*ldc : 4*ldc+16]
	ADDQ R8, R9                             // R9 = &c[5*ldc]
	PREFETCHT0 (R9)                         // first cache line of c[5*ldc : 5*ldc+16]
	PREFETCHT0 127(R9)                      // last cache line of c[5*ldc : 5*ldc+16]
	ADDQ R8, R9                             // R9 = &c[6*ldc]
	PREFETCHT0 (R9)                         // first cache line of c[6*ldc : 6*ldc+16]
	PREFETCHT0 127(R9)                      // last cache line of c[6*ldc : 6*ldc+16]
	ADDQ R8, R9                             // R9 = &c[7*ldc]
	PREFETCHT0 (R9)                         // first cache line of c[7*ldc : 7*ldc+16]
	PREFETCHT0 127(R9)                      // last cache line of c[7*ldc : 7*ldc+16]
	ADDQ R8, R9                             // R9 = &c[8*ldc]
	PREFETCHT0 (R9)                         // first cache line of c[8*ldc : 8*ldc+16]
	PREFETCHT0 127(R9)                      // last cache line of c[8*ldc : 8*ldc+16]
	ADDQ R8, R9                             // R9 = &c[9*ldc]
	PREFETCHT0 (R9)                         // first cache line of c[9*ldc : 9*ldc+16]
	PREFETCHT0 127(R9)                      // last cache line of c[9*ldc : 9*ldc+16]
	ADDQ R8, R9                             // R9 = &c[10*ldc]
	PREFETCHT0 (R9)                         // first cache line of c[10*ldc : 10*ldc+16]
	PREFETCHT0 127(R9)                      // last cache line of c[10*ldc : 10*ldc+16]
	ADDQ R8, R9                             // R9 = &c[11*ldc]
	PREFETCHT0 (R9)                         // first cache line of c[11*ldc : 11*ldc+16]
	PREFETCHT0 127(R9)                      // last cache line of c[11*ldc : 11*ldc+16]

	// The accumulators start at zero; C is added once, after the k-loop.
	VPXORD Z0, Z0, Z0                       // acc[0][0:8] = 0
	VPXORD Z1, Z1, Z1                       // acc[0][8:16] = 0
	VPXORD Z2, Z2, Z2                       // acc[1][0:8] = 0
	VPXORD Z3, Z3, Z3                       // acc[1][8:16] = 0
	VPXORD Z4, Z4, Z4                       // acc[2][0:8] = 0
	VPXORD Z5, Z5, Z5                       // acc[2][8:16] = 0
	VPXORD Z6, Z6, Z6                       // acc[3][0:8] = 0
	VPXORD Z7, Z7, Z7                       // acc[3][8:16] = 0
	VPXORD Z8, Z8, Z8                       // acc[4][0:8] = 0
	VPXORD Z9, Z9, Z9                       // acc[4][8:16] = 0
	VPXORD Z10, Z10, Z10                    // acc[5][0:8] = 0
	VPXORD Z11, Z11, Z11                    // acc[5][8:16] = 0
	VPXORD Z12, Z12, Z12                    // acc[6][0:8] = 0
	VPXORD Z13, Z13, Z13                    // acc[6][8:16] = 0
	VPXORD Z14, Z14, Z14                    // acc[7][0:8] = 0
	VPXORD Z15, Z15, Z15                    // acc[7][8:16] = 0
	VPXORD Z16, Z16, Z16                    // acc[8][0:8] = 0
	VPXORD Z17, Z17, Z17                    // acc[8][8:16] = 0
	VPXORD Z18, Z18, Z18                    // acc[9][0:8] = 0
	VPXORD Z19, Z19, Z19                    // acc[9][8:16] = 0
	VPXORD Z20, Z20, Z20                    // acc[10][0:8] = 0
	VPXORD Z21, Z21, Z21                    // acc[10][8:16] = 0
	VPXORD Z22, Z22, Z22                    // acc[11][0:8] = 0
	VPXORD Z23, Z23, Z23                    // acc[11][8:16] = 0

	MOVQ CX, BX                             // BX = kc
	SHRQ $2, BX                             // BX = kc / 4
	ANDQ $3, CX                             // CX = kc % 4
	TESTQ BX, BX                            // kc < 4:
	JZ tail                                 // no groups of steps, go to the tail

loop4:
	// k-steps p, p+1, ..., p+3
	VMOVUPD (DI), Z24                       // Z24 = b[p*16+0:8]
	VMOVUPD 64(DI), Z25                     // Z25 = b[p*16+8:16]
	VBROADCASTSD (SI), Z26                  // Z26 = a[p*12+0] in every lane
	VFMADD231PD Z24, Z26, Z0                // acc[0][0:8] += a[p*12+0] * b[p*16+0:8]
	VFMADD231PD Z25, Z26, Z1                // acc[0][8:16] += a[p*12+0] * b[p*16+8:16]
	VBROADCASTSD 8(SI), Z27                 // Z27 = a[p*12+1] in every lane
	VFMADD231PD Z24, Z27, Z2                // acc[1][0:8] += a[p*12+1] * b[p*16+0:8]
	VFMADD231PD Z25, Z27, Z3                // acc[1][8:16] += a[p*12+1] * b[p*16+8:16]
	VBROADCASTSD 16(SI), Z26                // Z26 = a[p*12+2] in every lane
	VFMADD231PD Z24, Z26, Z4                // acc[2][0:8] += a[p*12+2] * b[p*16+0:8]
	VFMADD231PD Z25, Z26, Z5                // acc[2][8:16] += a[p*12+2] * b[p*16+8:16]
	VBROADCASTSD 24(SI), Z27                // Z27 = a[p*12+3] in every lane
	VFMADD231PD Z24, Z27, Z6                // acc[3][0:8] += a[p*12+3] * b[p*16+0:8]
	VFMADD231PD Z25, Z27, Z7                // acc[3][8:16] += a[p*12+3] * b[p*16+8:16]
	VBROADCASTSD 32(SI), Z26                // Z26 = a[p*12+4] in every lane
	VFMADD231PD Z24, Z26, Z8                // acc[4][0:8] += a[p*12+4] * b[p*16+0:8]
	VFMADD231PD Z25, Z26, Z9                // acc[4][8:16] += a[p*12+4] * b[p*16+8:16]
	VBROADCASTSD 40(SI), Z27                // Z27 = a[p*12+5] in every lane
	VFMADD231PD Z24, Z27, Z10               // acc[5][0:8] += a[p*12+5] * b[p*16+0:8]
	VFMADD231PD Z25, Z27, Z11               // acc[5][8:16] += a[p*12+5] * b[p*16+8:16]
	VBROADCASTSD 48(SI), Z26                // Z26 = a[p*12+6] in every lane
	VFMADD231PD Z24, Z26, Z12               // acc[6][0:8] += a[p*12+6] * b[p*16+0:8]
	VFMADD231PD Z25, Z26, Z13               // acc[6][8:16] += a[p*12+6] * b[p*16+8:16]
	VBROADCASTSD 56(SI), Z27                // Z27 = a[p*12+7] in every lane
	VFMADD231PD Z24, Z27, Z14               // acc[7][0:8] += a[p*12+7] * b[p*16+0:8]
	VFMADD231PD Z25, Z27, Z15               // acc[7][8:16] += a[p*12+7] * b[p*16+8:16]
	VBROADCASTSD 64(SI), Z26                // Z26 = a[p*12+8] in every lane
	VFMADD231PD Z24, Z26, Z16               // acc[8][0:8] += a[p*12+8] * b[p*16+0:8]
	VFMADD231PD Z25, Z26, Z17               // acc[8][8:16] += a[p*12+8] * b[p*16+8:16]
	VBROADCASTSD 72(SI), Z27                // Z27 = a[p*12+9] in every lane
	VFMADD231PD Z24, Z27, Z18               // acc[9][0:8] += a[p*12+9] * b[p*16+0:8]
	VFMADD231PD Z25, Z27, Z19               // acc[9][8:16] += a[p*12+9] * b[p*16+8:16]
	VBROADCASTSD 80(SI), Z26                // Z26 = a[p*12+10] in every lane
	VFMADD231PD Z24, Z26, Z20               // acc[10][0:8] += a[p*12+10] * b[p*16+0:8]
	VFMADD231PD Z25, Z26, Z21               // acc[10][8:16] += a[p*12+10] * b[p*16+8:16]
	VBROADCASTSD 88(SI), Z27                // Z27 = a[p*12+11] in every lane
	VFMADD231PD Z24, Z27, Z22               // acc[11][0:8] += a[p*12+11] * b[p*16+0:8]
	VFMADD231PD Z25, Z27, Z23               // acc[11][8:16] += a[p*12+11] * b[p*16+8:16]
	VMOVUPD 128(DI), Z24                    // Z24 = b[(p+1)*16+0:8]
	VMOVUPD 192(DI), Z25                    // Z25 = b[(p+1)*16+8:16]
	VBROADCASTSD 96(SI), Z26                // Z26 = a[(p+1)*12+0] in every lane
	VFMADD231PD Z24, Z26, Z0                // acc[0][0:8] += a[(p+1)*12+0] * b[(p+1)*16+0:8]
	VFMADD231PD Z25, Z26, Z1                // acc[0][8:16] += a[(p+1)*12+0] * b[(p+1)*16+8:16]
	VBROADCASTSD 104(SI), Z27               // Z27 = a[(p+1)*12+1] in every lane
	VFMADD231PD Z24, Z27, Z2                // acc[1][0:8] += a[(p+1)*12+1] * b[(p+1)*16+0:8]
	VFMADD231PD Z25, Z27, Z3                // acc[1][8:16] += a[(p+1)*12+1] * b[(p+1)*16+8:16]
	VBROADCASTSD 112(SI), Z26               // Z26 = a[(p+1)*12+2] in every lane
	VFMADD231PD Z24, Z26, Z4                // acc[2][0:8] += a[(p+1)*12+2] * b[(p+1)*16+0:8]
	VFMADD231PD Z25, Z26, Z5                // acc[2][8:16] += a[(p+1)*12+2] * b[(p+1)*16+8:16]
	VBROADCASTSD 120(SI), Z27               // Z27 = a[(p+1)*12+3] in every lane
	VFMADD231PD Z24, Z27, Z6                // acc[3][0:8] += a[(p+1)*12+3] * b[(p+1)*16+0:8]
	VFMADD231PD Z25, Z27, Z7                // acc[3][8:16] += a[(p+1)*12+3] * b[(p+1)*16+8:16]
	VBROADCASTSD 128(SI), Z26               // Z26 = a[(p+1)*12+4] in every lane
	VFMADD231PD Z24, Z26, Z8                // acc[4][0:8] += a[(p+1)*12+4] * b[(p+1)*16+0:8]
	VFMADD231PD Z25, Z26, Z9                // acc[4][8:16] += a[(p+1)*12+4] * b[(p+1)*16+8:16]
	VBROADCASTSD 136(SI), Z27               // Z27 = a[(p+1)*12+5] in every lane
	VFMADD231PD Z24, Z27, Z10               // acc[5][0:8] += a[(p+1)*12+5] * b[(p+1)*16+0:8]
	VFMADD231PD Z25, Z27, Z11               // acc[5][8:16] += a[(p+1)*12+5] * b[(p+1)*16+8:16]
	VBROADCASTSD 144(SI), Z26               // Z26 = a[(p+1)*12+6] in every lane
	VFMADD231PD Z24, Z26, Z12               // acc[6][0:8] += a[(p+1)*12+6] * b[(p+1)*16+0:8]
	VFMADD231PD Z25, Z26, Z13               // acc[6][8:16] += a[(p+1)*12+6] * b[(p+1)*16+8:16]
	VBROADCASTSD 152(SI), Z27               // Z27 = a[(p+1)*12+7] in every lane
	VFMADD231PD Z24, Z27, Z14               // acc[7][0:8] += a[(p+1)*12+7] * b[(p+1)*16+0:8]
	VFMADD231PD Z25, Z27, Z15               // acc[7][8:16] += a[(p+1)*12+7] * b[(p+1)*16+8:16]
	VBROADCASTSD 160(SI), Z26               // Z26 = a[(p+1)*12+8] in every lane
	VFMADD231PD Z24, Z26, Z16               // acc[8][0:8] += a[(p+1)*12+8] * b[(p+1)*16+0:8]
	VFMADD231PD Z25, Z26, Z17               // acc[8][8:16] += a[(p+1)*12+8] * b[(p+1)*16+8:16]
	VBROADCASTSD 168(SI), Z27               // Z27 = a[(p+1)*12+9] in every lane
	VFMADD231PD Z24, Z27, Z18               // acc[9][0:8] += a[(p+1)*12+9] * b[(p+1)*16+0:8]
	VFMADD231PD Z25, Z27, Z19               // acc[9][8:16] += a[(p+1)*12+9] * b[(p+1)*16+8:16]
	VBROADCASTSD 176(SI), Z26               // Z26 = a[(p+1)*12+10] in every lane
	VFMADD231PD Z24, Z26, Z20               // acc[10][0:8] += a[(p+1)*12+10] * b[(p+1)*16+0:8]
	VFMADD231PD Z25, Z26, Z21               // acc[10][8:16] += a[(p+1)*12+10] * b[(p+1)*16+8:16]
	VBROADCASTSD 184(SI), Z27               // Z27 = a[(p+1)*12+11] in every lane
	VFMADD231PD Z24, Z27, Z22               // acc[11][0:8] += a[(p+1)*12+11] * b[(p+1)*16+0:8]
	VFMADD231PD Z25, Z27, Z23               // acc[11][8:16] += a[(p+1)*12+11] * b[(p+1)*16+8:16]
	VMOVUPD 256(DI), Z24                    // Z24 = b[(p+2)*16+0:8]
	VMOVUPD 320(DI), Z25                    // Z25 = b[(p+2)*16+8:16]
	VBROADCASTSD 192(SI), Z26               // Z26 = a[(p+2)*12+0] in every lane
	VFMADD231PD Z24, Z26, Z0                // acc[0][0:8] += a[(p+2)*12+0] * b[(p+2)*16+0:8]
	VFMADD231PD Z25, Z26, Z1                // acc[0][8:16] += a[(p+2)*12+0] * b[(p+2)*16+8:16]
	VBROADCASTSD 200(SI), Z27               // Z27 = a[(p+2)*12+1] in every lane
	VFMADD231PD Z24, Z27, Z2                // acc[1][0:8] += a[(p+2)*12+1] * b[(p+2)*16+0:8]
	VFMADD231PD Z25, Z27, Z3                // acc[1][8:16] += a[(p+2)*12+1] * b[(p+2)*16+8:16]
	VBROADCASTSD 208(SI), Z26               // Z26 = a[(p+2)*12+2] in every lane
	VFMADD231PD Z24, Z26, Z4                // acc[2][0:8] += a[(p+2)*12+2] * b[(p+2)*16+0:8]
	VFMADD231PD Z25, Z26, Z5                // acc[2][8:16] += a[(p+2)*12+2] * b[(p+2)*16+8:16]
	VBROADCASTSD 216(SI), Z27               // Z27 = a[(p+2)*12+3] in every lane
	VFMADD231PD Z24, Z27, Z6                // acc[3][0:8] += a[(p+2)*12+3] * b[(p+2)*16+0:8]
	VFMADD231PD Z25, Z27, Z7                // acc[3][8:16] += a[(p+2)*12+3] * b[(p+2)*16+8:16]
	VBROADCASTSD 224(SI), Z26               // Z26 = a[(p+2)*12+4] in every lane
	VFMADD231PD Z24, Z26, Z8                // acc[4][0:8] += a[(p+2)*12+4] * b[(p+2)*16+0:8]
	VFMADD231PD Z25, Z26, Z9                // acc[4][8:16] += a[(p+2)*12+4] * b[(p+2)*16+8:16]
	VBROADCASTSD 232(SI), Z27               // Z27 = a[(p+2)*12+5] in every lane
	VFMADD231PD Z24, Z27, Z10               // acc[5][0:8] += a[(p+2)*12+5] * b[(p+2)*16+0:8]
	VFMADD231PD Z25, Z27, Z11               // acc[5][8:16] += a[(p+2)*12+5] * b[(p+2)*16+8:16]
	VBROADCASTSD 240(SI), Z26               // Z26 = a[(p+2)*12+6] in every lane
	VFMADD231PD Z24, Z26, Z12               // acc[6][0:8] += a[(p+2)*12+6] * b[(p+2)*16+0:8]
	VFMADD231PD Z25, Z26, Z13               // acc[6][8:16] += a[(p+2)*12+6] * b[(p+2)*16+8:16]
	VBROADCASTSD 248(SI), Z27               // Z27 = a[(p+2)*12+7] in every lane
	VFMADD231PD Z24, Z27, Z14               // acc[7][0:8] += a[(p+2)*12+7] * b[(p+2)*16+0:8]
	VFMADD231PD Z25, Z27, Z15               // acc[7][8:16] += a[(p+2)*12+7] * b[(p+2)*16+8:16]
	VBROADCASTSD 256(SI), Z26               // Z26 = a[(p+2)*12+8] in every lane
	VFMADD231PD Z24, Z26, Z16               // acc[8][0:8] += a[(p+2)*12+8] * b[(p+2)*16+0:8]
	VFMADD231PD Z25, Z26, Z17               // acc[8][8:16] += a[(p+2)*12+8] * b[(p+2)*16+8:16]
	VBROADCASTSD 264(SI), Z27               // Z27 = a[(p+2)*12+9] in every lane
	VFMADD231PD Z24, Z27, Z18               // acc[9][0:8] += a[(p+2)*12+9] * b[(p+2)*16+0:8]
	VFMADD231PD Z25, Z27, Z19               // acc[9][8:16] += a[(p+2)*12+9] * b[(p+2)*16+8:16]
	VBROADCASTSD 272(SI), Z26               // Z26 = a[(p+2)*12+10] in every lane
	VFMADD231PD Z24, Z26, Z20               // acc[10][0:8] += a[(p+2)*12+10] * b[(p+2)*16+0:8]
	VFMADD231PD Z25, Z26, Z21               // acc[10][8:16] += a[(p+2)*12+10] * b[(p+2)*16+8:16]
	VBROADCASTSD 280(SI), Z27               // Z27 = a[(p+2)*12+11] in every lane
	VFMADD231PD Z24, Z27, Z22               // acc[11][0:8] += a[(p+2)*12+11] * b[(p+2)*16+0:8]
	VFMADD231PD Z25, Z27, Z23               // acc[11][8:16] += a[(p+2)*12+11] * b[(p+2)*16+8:16]
	VMOVUPD 384(DI), Z24                    // Z24 = b[(p+3)*16+0:8]
	VMOVUPD 448(DI), Z25                    // Z25 = b[(p+3)*16+8:16]
	VBROADCASTSD 288(SI), Z26               // Z26 = a[(p+3)*12+0] in every lane
	VFMADD231PD Z24, Z26, Z0                // acc[0][0:8] += a[(p+3)*12+0] * b[(p+3)*16+0:8]
	VFMADD231PD Z25, Z26, Z1                // acc[0][8:16] += a[(p+3)*12+0] * b[(p+3)*16+8:16]
	VBROADCASTSD 296(SI), Z27               // Z27 = a[(p+3)*12+1] in every lane
	VFMADD231PD Z24, Z27, Z2                // acc[1][0:8] += a[(p+3)*12+1] * b[(p+3)*16+0:8]
	VFMADD231PD Z25, Z27, Z3                // acc[1][8:16] += a[(p+3)*12+1] * b[(p+3)*16+8:16]
	VBROADCASTSD 304(SI), Z26               // Z26 = a[(p+3)*12+2] in every lane
	VFMADD231PD Z24, Z26, Z4                // acc[2][0:8] += a[(p+3)*12+2] * b[(p+3)*16+0:8]
	VFMADD231PD Z25, Z26, Z5                // acc[2][8:16] += a[(p+3)*12+2] * b[(p+3)*16+8:16]
	VBROADCASTSD 312(SI), Z27               // Z27 = a[(p+3)*12+3] in every lane
	VFMADD231PD Z24, Z27, Z6                // acc[3][0:8] += a[(p+3)*12+3] * b[(p+3)*16+0:8]
	VFMADD231PD Z25, Z27, Z7                // acc[3][8:16] += a[(p+3)*12+3] * b[(p+3)*16+8:16]
	VBROADCASTSD 320(SI), Z26               // Z26 = a[(p+3)*12+4] in every lane
	VFMADD231PD Z24, Z26, Z8                // acc[4][0:8] += a[(p+3)*12+4] * b[(p+3)*16+0:8]
	VFMADD231PD Z25, Z26, Z9                // acc[4][8:16] += a[(p+3)*12+4] * b[(p+3)*16+8:16]
	VBROADCASTSD 328(SI), Z27               // Z27 = a[(p+3)*12+5] in every lane
	VFMADD231PD Z24, Z27, Z10               // acc[5][0:8] += a[(p+3)*12+5] * b[(p+3)*16+0:8]
	VFMADD231PD Z25, Z27, Z11               // acc[5][8:16] += a[(p+3)*12+5] * b[(p+3)*16+8:16]
	VBROADCASTSD 336(SI), Z26               // Z26 = a[(p+3)*12+6] in every lane
	VFMADD231PD Z24, Z26, Z12               // acc[6][0:8] += a[(p+3)*12+6] * b[(p+3)*16+0:8]
	VFMADD231PD Z25, Z26, Z13               // acc[6][8:16] += a[(p+3)*12+6] * b[(p+3)*16+8:16]
	VBROADCASTSD 344(SI), Z27               // Z27 = a[(p+3)*12+7] in every lane
	VFMADD231PD Z24, Z27, Z14               // acc[7][0:8] += a[(p+3)*12+7] * b[(p+3)*16+0:8]
	VFMADD231PD Z25, Z27, Z15               // acc[7][8:16] += a[(p+3)*12+7] * b[(p+3)*16+8:16]
	VBROADCASTSD 352(SI), Z26               // Z26 = a[(p+3)*12+8] in every lane
	VFMADD231PD Z24, Z26, Z16               // acc[8][0:8] += a[(p+3)*12+8] * b[(p+3)*16+0:8]
	VFMADD231PD Z25, Z26, Z17               // acc[8][8:16] += a[(p+3)*12+8] * b[(p+3)*16+8:16]
	VBROADCASTSD 360(SI), Z27               // Z27 = a[(p+3)*12+9] in every lane
	VFMADD231PD Z24, Z27, Z18               // acc[9][0:8] += a[(p+3)*12+9] * b[(p+3)*16+0:8]
	VFMADD231PD Z25, Z27, Z19               // acc[9][8:16] += a[(p+3)*12+9] * b[(p+3)*16+8:16]
	VBROADCASTSD 368(SI), Z26               // Z26 = a[(p+3)*12+10] in every lane
	VFMADD231PD Z24, Z26, Z20               // acc[10][0:8] += a[(p+3)*12+10] * b[(p+3)*16+0:8]
	VFMADD231PD Z25, Z26, Z21               // acc[10][8:16] += a[(p+3)*12+10] * b[(p+3)*16+8:16]
	VBROADCASTSD 376(SI), Z27               // Z27 = a[(p+3)*12+11] in every lane
	VFMADD231PD Z24, Z27, Z22               // acc[11][0:8] += a[(p+3)*12+11] * b[(p+3)*16+0:8]
	VFMADD231PD Z25, Z27, Z23               // acc[11][8:16] += a[(p+3)*12+11] * b[(p+3)*16+8:16]
	ADDQ $384, SI                           // SI = &a[(p+4)*12]
	ADDQ $512, DI                           // DI = &b[(p+4)*16]
	DECQ BX                                 // one group of 4 k-steps done
	JNZ loop4                               // while groups are left

tail:
	TESTQ CX, CX                            // kc % 4 == 0:
	JZ store                                // no k-steps left, go to the store

loop1:
	// k-step p
	VMOVUPD (DI), Z24                       // Z24 = b[p*16+0:8]
	VMOVUPD 64(DI), Z25                     // Z25 = b[p*16+8:16]
	VBROADCASTSD (SI), Z26                  // Z26 = a[p*12+0] in every lane
	VFMADD231PD Z24, Z26, Z0                // acc[0][0:8] += a[p*12+0] * b[p*16+0:8]
	VFMADD231PD Z25, Z26, Z1                // acc[0][8:16] += a[p*12+0] * b[p*16+8:16]
	VBROADCASTSD 8(SI), Z27                 // Z27 = a[p*12+1] in every lane
	VFMADD231PD Z24, Z27, Z2                // acc[1][0:8] += a[p*12+1] * b[p*16+0:8]
	VFMADD231PD Z25, Z27, Z3                // acc[1][8:16] += a[p*12+1] * b[p*16+8:16]
	VBROADCASTSD 16(SI), Z26                // Z26 = a[p*12+2] in every lane
	VFMADD231PD Z24, Z26, Z4                // acc[2][0:8] += a[p*12+2] * b[p*16+0:8]
	VFMADD231PD Z25, Z26, Z5                // acc[2][8:16] += a[p*12+2] * b[p*16+8:16]
	VBROADCASTSD 24(SI), Z27                // Z27 = a[p*12+3] in every lane
	VFMADD231PD Z24, Z27, Z6                // acc[3][0:8] += a[p*12+3] * b[p*16+0:8]
	VFMADD231PD Z25, Z27, Z7                // acc[3][8:16] += a[p*12+3] * b[p*16+8:16]
	VBROADCASTSD 32(SI), Z26                // Z26 = a[p*12+4] in every lane
	VFMADD231PD Z24, Z26, Z8                // acc[4][0:8] += a[p*12+4] * b[p*16+0:8]
	VFMADD231PD Z25, Z26, Z9                // acc[4][8:16] += a[p*12+4] * b[p*16+8:16]
	VBROADCASTSD 40(SI), Z27                // Z27 = a[p*12+5] in every lane
	VFMADD231PD Z24, Z27, Z10               // acc[5][0:8] += a[p*12+5] * b[p*16+0:8]
	VFMADD231PD Z25, Z27, Z11               // acc[5][8:16] += a[p*12+5] * b[p*16+8:16]
	VBROADCASTSD 48(SI), Z26                // Z26 = a[p*12+6] in every lane
	VFMADD231PD Z24, Z26, Z12               // acc[6][0:8] += a[p*12+6] * b[p*16+0:8]
	VFMADD231PD Z25, Z26, Z13               // acc[6][8:16] += a[p*12+6] * b[p*16+8:16]
	VBROADCASTSD 56(SI), Z27                // Z27 = a[p*12+7] in every lane
	VFMADD231PD Z24, Z27, Z14               // acc[7][0:8] += a[p*12+7] * b[p*16+0:8]
	VFMADD231PD Z25, Z27, Z15               // acc[7][8:16] += a[p*12+7] * b[p*16+8:16]
	VBROADCASTSD 64(SI), Z26                // Z26 = a[p*12+8] in every lane
	VFMADD231PD Z24, Z26, Z16               // acc[8][0:8] += a[p*12+8] * b[p*16+0:8]
	VFMADD231PD Z25, Z26, Z17               // acc[8][8:16] += a[p*12+8] * b[p*16+8:16]
	VBROADCASTSD 72(SI), Z27                // Z27 = a[p*12+9] in every lane
	VFMADD231PD Z24, Z27, Z18               // acc[9][0:8] += a[p*12+9] * b[p*16+0:8]
	VFMADD231PD Z25, Z27, Z19               // acc[9][8:16] += a[p*12+9] * b[p*16+8:16]
	VBROADCASTSD 80(SI), Z26                // Z26 = a[p*12+10] in every lane
	VFMADD231PD Z24, Z26, Z20               // acc[10][0:8] += a[p*12+10] * b[p*16+0:8]
	VFMADD231PD Z25, Z26, Z21               // acc[10][8:16] += a[p*12+10] * b[p*16+8:16]
	VBROADCASTSD 88(SI), Z27                // Z27 = a[p*12+11] in every lane
	VFMADD231PD Z24, Z27, Z22               // acc[11][0:8] += a[p*12+11] * b[p*16+0:8]
	VFMADD231PD Z25, Z27, Z23               // acc[11][8:16] += a[p*12+11] * b[p*16+8:16]
	ADDQ $96, SI                            // SI = &a[(p+1)*12]
	ADDQ $128, DI                           // DI = &b[(p+1)*16]
	DECQ CX                                 // one k-step done
	JNZ loop1                               // while k-steps are left

store:
	// c[i*ldc+j] += acc[i][j], row by row
	MOVQ DX, R9                             // R9 = &c[0*ldc]
	VADDPD (R9), Z0, Z0                     // acc[0][0:8] += c[0*ldc+0:8]
	VMOVUPD Z0, (R9)                        // c[0*ldc+0:8] = acc[0][0:8]
	VADDPD 64(R9), Z1, Z1                   // acc[0][8:16] += c[0*ldc+8:16]
	VMOVUPD Z1, 64(R9)                      // c[0*ldc+8:16] = acc[0][8:16]
	ADDQ R8, R9                             // R9 = &c[1*ldc]
	VADDPD (R9), Z2, Z2                     // acc[1][0:8] += c[1*ldc+0:8]
	VMOVUPD Z2, (R9)                        // c[1*ldc+0:8] = acc[1][0:8]
	VADDPD 64(R9), Z3, Z3                   // acc[1][8:16] += c[1*ldc+8:16]
	VMOVUPD Z3, 64(R9)                      // c[1*ldc+8:16] = acc[1][8:16]
	ADDQ R8, R9                             // R9 = &c[2*ldc]
	VADDPD (R9), Z4, Z4                     // acc[2][0:8] += c[2*ldc+0:8]
	VMOVUPD Z4, (R9)                        // c[2*ldc+0:8] = acc[2][0:8]
	VADDPD 64(R9), Z5, Z5                   // acc[2][8:16] += c[2*ldc+8:16]
	VMOVUPD Z5, 64(R9)                      // c[2*ldc+8:16] = acc[2][8:16]
	ADDQ R8, R9                             // R9 = &c[3*ldc]
	VADDPD (R9), Z6, Z6                     // acc[3][0:8] += c[3*ldc+0:8]
	VMOVUPD Z6, (R9)                        // c[3*ldc+0:8] = acc[3][0:8]
	VADDPD 64(R9), Z7, Z7                   // acc[3][8:16] += c[3*ldc+8:16]
	VMOVUPD Z7, 64(R9)                      // c[3*ldc+8:16] = acc[3][8:16]
	ADDQ R8, R9                             // R9 = &c[4*ldc]
	VADDPD (R9), Z8, Z8                     // acc[4][0:8] += c[4*ldc+0:8]
	VMOVUPD Z8, (R9)                        // c[4*ldc+0:8] = acc[4][0:8]
	VADDPD 64(R9), Z9, Z9                   // acc[4][8:16] += c[4*ldc+8:16]
	VMOVUPD Z9, 64(R9)                      // c[4*ldc+8:16] = acc[4][8:16]
	ADDQ R8, R9                             // R9 = &c[5*ldc]
	VADDPD (R9), Z10, Z10                   // acc[5][0:8] += c[5*ldc+0:8]
	VMOVUPD Z10, (R9)                       // c[5*ldc+0:8] = acc[5][0:8]
	VADDPD 64(R9), Z11, Z11                 // acc[5][8:16] += c[5*ldc+8:16]
	VMOVUPD Z11, 64(R9)                     // c[5*ldc+8:16] = acc[5][8:16]
	ADDQ R8, R9                             // R9 = &c[6*ldc]
	VADDPD (R9), Z12, Z12                   // acc[6][0:8] += c[6*ldc+0:8]
	VMOVUPD Z12, (R9)                       // c[6*ldc+0:8] = acc[6][0:8]
	VADDPD 64(R9), Z13, Z13                 // acc[6][8:16] += c[6*ldc+8:16]
	VMOVUPD Z13, 64(R9)                     // c[6*ldc+8:16] = acc[6][8:16]
	ADDQ R8, R9                             // R9 = &c[7*ldc]
	VADDPD (R9), Z14, Z14                   // acc[7][0:8] += c[7*ldc+0:8]
	VMOVUPD Z14, (R9)                       // c[7*ldc+0:8] = acc[7][0:8]
	VADDPD 64(R9), Z15, Z15                 // acc[7][8:16] += c[7*ldc+8:16]
	VMOVUPD Z15, 64(R9)                     // c[7*ldc+8:16] = acc[7][8:16]
	ADDQ R8, R9                             // R9 = &c[8*ldc]
	VADDPD (R9), Z16, Z16                   // acc[8][0:8] += c[8*ldc+0:8]
	VMOVUPD Z16, (R9)                       // c[8*ldc+0:8] = acc[8][0:8]
	VADDPD 64(R9), Z17, Z17                 // acc[8][8:16] += c[8*ldc+8:16]
	VMOVUPD Z17, 64(R9)                     // c[8*ldc+8:16] = acc[8][8:16]
	ADDQ R8, R9                             // R9 = &c[9*ldc]
	VADDPD (R9), Z18, Z18                   // acc[9][0:8] += c[9*ldc+0:8]
	VMOVUPD Z18, (R9)                       // c[9*ldc+0:8] = acc[9][0:8]
	VADDPD 64(R9), Z19, Z19                 // acc[9][8:16] += c[9*ldc+8:16]
	VMOVUPD Z19, 64(R9)                     // c[9*ldc+8:16] = acc[9][8:16]
	ADDQ R8, R9                             // R9 = &c[10*ldc]
	VADDPD (R9), Z20, Z20                   // acc[10][0:8] += c[10*ldc+0:8]
	VMOVUPD Z20, (R9)                       // c[10*ldc+0:8] = acc[10][0:8]
	VADDPD 64(R9), Z21, Z21                 // acc[10][8:16] += c[10*ldc+8:16]
	VMOVUPD Z21, 64(R9)                     // c[10*ldc+8:16] = acc[10][8:16]
	ADDQ R8, R9                             // R9 = &c[11*ldc]
	VADDPD (R9), Z22, Z22                   // acc[11][0:8] += c[11*ldc+0:8]
	VMOVUPD Z22, (R9)                       // c[11*ldc+0:8] = acc[11][0:8]
	VADDPD 64(R9), Z23, Z23                 // acc[11][8:16] += c[11*ldc+8:16]
	VMOVUPD Z23, 64(R9)                     // c[11*ldc+8:16] = acc[11][8:16]
	VZEROUPPER                              // leave the upper vector halves clean for SSE code

done:
	RET
