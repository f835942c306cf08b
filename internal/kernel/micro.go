package kernel

// The plain-Go GEMM micro-kernels: always built, the portable fallback and the
// oracle the assembly tiles are tested against.
//
// Both are 4×2: eight scalar accumulators, four values of A and two of B per step,
// 14 of the 15 XMM registers the Go compiler hands out on amd64. Candidates measured
// alone on panels in L1 (Zen 5, one core, kc = 256, best of 6 runs, GFLOP/s f32/f64):
// 4×2 unrolled by four 11.2/10.9; 4×2 not unrolled 7.3/6.4; 2×4 unrolled 11.1/10.9;
// 3×2 unrolled 10.9/11.1; 4×3 unrolled 6.9/6.9; 4×4 3.6/3.8; 6×2 4.4/4.0 (the last
// three spill accumulators to the stack). In the driver, n = 512: 10.9/10.4 on one
// core, 20.9/20.3 on two.
//
// Why unroll: the compiler's scheduler places values with uses inside the loop body
// first, so in the last step of the body it computes all eight products before the
// eight accumulating adds and runs out of registers; in the earlier steps each product
// is added at once. Unrolling by four spills in one step of four instead of every one,
// and pays the slice bookkeeping once per four steps.
var (
	goTile32 = tile[float32]{name: "go4x2", mr: 4, nr: 2, fn: goKernel4x2[float32]}
	goTile64 = tile[float64]{name: "go4x2", mr: 4, nr: 2, fn: goKernel4x2[float64]}
)

// goKernel4x2 is the 4×2 tile:
//
//	c[i*ldc+j] += Σ_{p<kc} a[p*4+i] · b[p*2+j]    for 0 ≤ i < 4, 0 ≤ j < 2.
//
// The sum over p runs in order p = 0, 1, ..., kc-1 into an accumulator that starts at
// zero and is added to c once at the end.
func goKernel4x2[T Float](kc int, a, b, c []T, ldc int) {
	// Exact lengths up front: with len(a) ≥ 16 and len(b) ≥ 8 tested in the loop
	// condition, the constant indices below need no bounds checks.
	a = a[:4*kc]
	b = b[:2*kc]
	var c00, c01, c10, c11, c20, c21, c30, c31 T
	for len(a) >= 16 && len(b) >= 8 {
		// p
		b0, b1 := b[0], b[1]
		a0, a1, a2, a3 := a[0], a[1], a[2], a[3]
		c00 += a0 * b0
		c01 += a0 * b1
		c10 += a1 * b0
		c11 += a1 * b1
		c20 += a2 * b0
		c21 += a2 * b1
		c30 += a3 * b0
		c31 += a3 * b1
		// p+1
		b0, b1 = b[2], b[3]
		a0, a1, a2, a3 = a[4], a[5], a[6], a[7]
		c00 += a0 * b0
		c01 += a0 * b1
		c10 += a1 * b0
		c11 += a1 * b1
		c20 += a2 * b0
		c21 += a2 * b1
		c30 += a3 * b0
		c31 += a3 * b1
		// p+2
		b0, b1 = b[4], b[5]
		a0, a1, a2, a3 = a[8], a[9], a[10], a[11]
		c00 += a0 * b0
		c01 += a0 * b1
		c10 += a1 * b0
		c11 += a1 * b1
		c20 += a2 * b0
		c21 += a2 * b1
		c30 += a3 * b0
		c31 += a3 * b1
		// p+3
		b0, b1 = b[6], b[7]
		a0, a1, a2, a3 = a[12], a[13], a[14], a[15]
		c00 += a0 * b0
		c01 += a0 * b1
		c10 += a1 * b0
		c11 += a1 * b1
		c20 += a2 * b0
		c21 += a2 * b1
		c30 += a3 * b0
		c31 += a3 * b1
		a, b = a[16:], b[8:]
	}
	// The last kc mod 4 steps.
	for len(a) >= 4 && len(b) >= 2 {
		b0, b1 := b[0], b[1]
		a0, a1, a2, a3 := a[0], a[1], a[2], a[3]
		c00 += a0 * b0
		c01 += a0 * b1
		c10 += a1 * b0
		c11 += a1 * b1
		c20 += a2 * b0
		c21 += a2 * b1
		c30 += a3 * b0
		c31 += a3 * b1
		a, b = a[4:], b[2:]
	}
	row := c[0:2]
	row[0] += c00
	row[1] += c01
	row = c[ldc : ldc+2]
	row[0] += c10
	row[1] += c11
	row = c[2*ldc : 2*ldc+2]
	row[0] += c20
	row[1] += c21
	row = c[3*ldc : 3*ldc+2]
	row[0] += c30
	row[1] += c31
}
