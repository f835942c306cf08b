package kernel

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"testing"
)

// withSplit runs f with GOMAXPROCS procs and, if tiny, with thresholds that
// split any work of more than a few elements into parts of a few elements.
func withSplit(procs int, tiny bool, f func()) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
	if tiny {
		defer func(w, c, p int) { splitWarmCost, splitColdCost, splitPartCost = w, c, p }(splitWarmCost, splitColdCost, splitPartCost)
		splitWarmCost, splitColdCost, splitPartCost = 2, 4, 1
	}
	f()
}

// serially runs f with thresholds that split nothing.
func serially(f func()) {
	defer func(w int) { splitWarmCost = w }(splitWarmCost)
	splitWarmCost = math.MaxInt
	f()
}

// splitCase is one kernel call: run computes into a fresh output from fixed
// inputs and returns the output's bits (and any int results).
type splitCase struct {
	name string
	run  func() []uint64
}

// bits64 returns the bits of xs, for float32 or float64.
func bits64[T Float](xs []T) []uint64 {
	out := make([]uint64, len(xs))
	for i, x := range xs {
		out[i] = math.Float64bits(float64(x))
	}
	return out
}

// messySlice returns n numbers drawn from r, with some ties, zeros of both
// signs and (if nan) a few NaNs.
func messySlice[T Float](r *rand.Rand, n int, nan bool) []T {
	xs := make([]T, n)
	for i := range xs {
		switch k := r.IntN(40); {
		case k == 0:
			xs[i] = T(math.Copysign(0, -1))
		case k == 1:
			xs[i] = 1 // ties
		case k == 2 && nan:
			xs[i] = T(math.NaN())
		default:
			xs[i] = T(r.NormFloat64())
		}
	}
	return xs
}

// splitCases lists a call of every split kernel on inputs of about n
// elements (odd shapes: nothing divides evenly).
func splitCases[T Float](n int) []splitCase {
	r := rand.New(rand.NewPCG(uint64(n), 7))
	a, b := messySlice[T](r, n, true), messySlice[T](r, n, false)
	pos := make([]T, n)
	for i := range pos {
		pos[i] = T(math.Abs(float64(b[i])) + 0.5)
	}
	var cases []splitCase
	for op := Add; op <= Gate; op++ {
		for _, st := range [][2]int{{1, 1}, {0, 1}, {1, 0}} {
			cases = append(cases, splitCase{fmt.Sprintf("Binary(%d, sa=%d, sb=%d)", op, st[0], st[1]), func() []uint64 {
				dst := make([]T, n)
				Binary(op, dst, a, st[0], pos, st[1])
				return bits64(dst)
			}})
		}
	}
	for _, op := range []BinaryOp{Add, Mul, Pow} {
		cases = append(cases, splitCase{fmt.Sprintf("BinaryScalar(%d)", op), func() []uint64 {
			dst := make([]T, n)
			BinaryScalar(op, dst, pos, 1.3)
			return bits64(dst)
		}})
	}
	for op := Neg; op <= Softplus; op++ {
		cases = append(cases, splitCase{fmt.Sprintf("Unary(%d)", op), func() []uint64 {
			dst := slices.Clone(a)
			Unary(op, dst, dst) // in place
			return bits64(dst)
		}})
	}
	cases = append(cases,
		splitCase{"Fill", func() []uint64 { dst := make([]T, n); Fill(dst, 2.5); return bits64(dst) }},
		splitCase{"Axpy", func() []uint64 { y := slices.Clone(b); Axpy(-0.3, a, y); return bits64(y) }},
		splitCase{"Scale", func() []uint64 { x := slices.Clone(a); Scale(1.7, x); return bits64(x) }},
		splitCase{"Sum", func() []uint64 { return bits64([]T{Sum(b), Sum(b[:n/3])}) }},
	)
	// Reductions along an axis: n ≈ outer·m·inner for several splits of it.
	for _, s := range [][3]int{{1, n, 1}, {n / 7, 7, 1}, {1, 5, n / 5}, {3, 9, n / 27}, {n / 51, 3, 17}, {n / 4, 4, 1}} {
		outer, m, inner := s[0], s[1], s[2]
		src := a[:outer*m*inner]
		cases = append(cases,
			splitCase{fmt.Sprintf("SumAxis%v", s), func() []uint64 {
				dst := make([]T, outer*inner)
				SumAxis(dst, b[:outer*m*inner], outer, m, inner)
				return bits64(dst)
			}},
			splitCase{fmt.Sprintf("MaxAxis%v", s), func() []uint64 {
				dst, arg := make([]T, outer*inner), make([]int, outer*inner)
				MaxAxis(dst, arg, src, outer, m, inner)
				out := bits64(dst)
				for _, j := range arg {
					out = append(out, uint64(j))
				}
				return out
			}},
			splitCase{fmt.Sprintf("SumOuterInner%v", s), func() []uint64 {
				dst := make([]T, m)
				SumOuterInner(dst, b[:outer*m*inner], outer, m, inner)
				return bits64(dst)
			}},
			splitCase{fmt.Sprintf("LogSumExpAxis%v", s), func() []uint64 {
				dst := make([]T, outer*inner)
				LogSumExpAxis(dst, b[:outer*m*inner], outer, m, inner)
				return bits64(dst)
			}},
		)
	}
	// Broadcasting: [p, q, s] op [p, 1, s] and [1, q, 1] op [p, q, s].
	p, q, s := 3, 7, max(n/21, 1)
	ba, bb := messySlice[T](r, p*q*s, false), messySlice[T](r, p*q*s, false)
	cases = append(cases,
		splitCase{"BinaryBroadcast[p q s]·[p 1 s]", func() []uint64 {
			dst := make([]T, p*q*s)
			BinaryBroadcast(Mul, dst, ba, bb, []int{p, q, s}, []int{q * s, s, 1}, []int{s, 0, 1})
			return bits64(dst)
		}},
		splitCase{"BinaryBroadcast[1 q 1]−[p q s]", func() []uint64 {
			dst := make([]T, p*q*s)
			BinaryBroadcast(Sub, dst, ba, bb, []int{p, q, s}, []int{0, 1, 0}, []int{q * s, s, 1})
			return bits64(dst)
		}},
	)
	// Batched im2col and col2im: images of c channels, 9×8, 3×3 windows.
	c := max(n/(9*8*9)/3, 1)
	img, cols := messySlice[T](r, 3*c*9*8, false), messySlice[T](r, 3*c*9*8*9, false)
	for _, win := range [][6]int{{3, 3, 1, 1, 1, 1}, {3, 2, 2, 3, 0, 1}} {
		kh, kw, sh, sw, ph, pw := win[0], win[1], win[2], win[3], win[4], win[5]
		ho, wo := (9+2*ph-kh)/sh+1, (8+2*pw-kw)/sw+1
		cases = append(cases,
			splitCase{fmt.Sprintf("Im2ColBatch%v", win), func() []uint64 {
				out := make([]T, 3*c*kh*kw*ho*wo)
				Im2ColBatch(out, img, 3, c, 9, 8, kh, kw, sh, sw, ph, pw, ho, wo)
				return bits64(out)
			}},
			splitCase{fmt.Sprintf("Col2ImBatch%v", win), func() []uint64 {
				out := slices.Clone(img)
				Col2ImBatch(out, cols, 3, c, 9, 8, kh, kw, sh, sw, ph, pw, ho, wo)
				return bits64(out)
			}},
		)
	}
	return cases
}

// checkSplit runs every case of splitCases(n) on one goroutine, then split
// with each GOMAXPROCS of procs, and demands the same bits.
func checkSplit[T Float](t *testing.T, n int, tiny bool, procs []int) {
	t.Helper()
	for _, c := range splitCases[T](n) {
		var want []uint64
		serially(func() { want = c.run() })
		for _, p := range procs {
			var got []uint64
			withSplit(p, tiny, func() { got = c.run() })
			if !slices.Equal(got, want) {
				t.Errorf("%T n=%d GOMAXPROCS %d: %s differs from the serial result", T(0), n, p, c.name)
			}
		}
	}
}

// TestSplitSmallParts cuts small odd-sized work into parts of a few elements
// (thresholds lowered) and checks every kernel against its serial run.
func TestSplitSmallParts(t *testing.T) {
	for _, n := range []int{1, 2, 63, 65, 1000, 4099} {
		checkSplit[float32](t, n, true, []int{2, 3, 8})
		checkSplit[float64](t, n, true, []int{2, 8})
	}
}

// TestSplitGOMAXPROCS runs every kernel at sizes above the real thresholds
// (a Sum of several chunks) with GOMAXPROCS 1, 2 and 8: the same bits.
func TestSplitGOMAXPROCS(t *testing.T) {
	n := 300_007
	if testing.Short() {
		n = 70_001
	}
	checkSplit[float32](t, n, false, []int{1, 2, 8})
	checkSplit[float64](t, 70_001, false, []int{1, 2})
}

// TestSerialMatchesRef checks the serial loops of the split kernels against
// their definitions on odd shapes: MaxAxis's row-wise loop (first maximum,
// NaN wins, ties and signed zeros), SumAxis's order, Sum's chunks, and the
// batched im2col and col2im against their one-image twins.
func TestSerialMatchesRef(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for _, s := range [][3]int{{1, 1, 1}, {2, 3, 1}, {3, 1, 9}, {2, 4, 7}, {5, 3, 33}, {1, 17, 8}, {2, 2, 100}} {
		outer, n, inner := s[0], s[1], s[2]
		src := messySlice[float64](r, outer*n*inner, true)
		got, arg := make([]float64, outer*inner), make([]int, outer*inner)
		sum := make([]float64, outer*inner)
		serially(func() {
			MaxAxis(got, arg, src, outer, n, inner)
			SumAxis(sum, src, outer, n, inner)
		})
		for o := range outer {
			for i := range inner {
				best, at, total := src[o*n*inner+i], 0, src[o*n*inner+i]
				for j := range n {
					v := src[(o*n+j)*inner+i]
					if j > 0 {
						total += v
					}
					if !math.IsNaN(best) && (v > best || math.IsNaN(v)) {
						best, at = v, j
					}
				}
				k := o*inner + i
				if math.Float64bits(got[k]) != math.Float64bits(best) || arg[k] != at {
					t.Fatalf("MaxAxis %v at (%d, %d): %v at %d, want %v at %d", s, o, i, got[k], arg[k], best, at)
				}
				if math.Float64bits(sum[k]) != math.Float64bits(total) && !(math.IsNaN(sum[k]) && math.IsNaN(total)) {
					t.Fatalf("SumAxis %v at (%d, %d): %v, want %v", s, o, i, sum[k], total)
				}
			}
		}
	}
	for _, s := range [][3]int{{1, 1, 1}, {3, 5, 7}, {2, 300, 1}, {1, 2, 2 * sumChunk}} {
		outer, kept, inner := s[0], s[1], s[2]
		src := messySlice[float32](r, outer*kept*inner, false)
		got := make([]float32, kept)
		withSplit(2, true, func() { SumOuterInner(got, src, outer, kept, inner) })
		for k := range kept {
			var want float32
			for a := range outer {
				want += SumRef(src[(a*kept+k)*inner : (a*kept+k+1)*inner])
			}
			if got[k] != want {
				t.Fatalf("SumOuterInner %v at %d: %v, want %v", s, k, got[k], want)
			}
		}
	}
	for _, n := range []int{0, 7, sumChunk - 1, sumChunk, sumChunk + 9, 3*sumChunk + 5} {
		x := messySlice[float32](r, n, false)
		var got float32
		serially(func() { got = Sum(x) })
		if want := SumRef(x); got != want {
			t.Fatalf("Sum of %d: %v, SumRef %v", n, got, want)
		}
	}
	for _, win := range convWindows() {
		kh, kw, sh, sw, ph, pw := win[0], win[1], win[2], win[3], win[4], win[5]
		const batch, c, h, w = 3, 2, 5, 7
		ho, wo := (h+2*ph-kh)/sh+1, (w+2*pw-kw)/sw+1
		if ho < 1 || wo < 1 {
			continue
		}
		img, cl := c*h*w, c*kh*kw*ho*wo
		x, cols := messySlice[float64](r, batch*img, false), messySlice[float64](r, batch*cl, false)
		gotCols, wantCols := make([]float64, batch*cl), make([]float64, batch*cl)
		gotImg, wantImg := slices.Clone(x), slices.Clone(x)
		withSplit(2, true, func() {
			Im2ColBatch(gotCols, x, batch, c, h, w, kh, kw, sh, sw, ph, pw, ho, wo)
			Col2ImBatch(gotImg, cols, batch, c, h, w, kh, kw, sh, sw, ph, pw, ho, wo)
		})
		for i := range batch {
			Im2ColRef(wantCols[i*cl:(i+1)*cl], x[i*img:(i+1)*img], c, h, w, kh, kw, sh, sw, ph, pw, ho, wo)
			Col2ImRef(wantImg[i*img:(i+1)*img], cols[i*cl:(i+1)*cl], c, h, w, kh, kw, sh, sw, ph, pw, ho, wo)
		}
		if !slices.Equal(bits64(gotCols), bits64(wantCols)) || !slices.Equal(bits64(gotImg), bits64(wantImg)) {
			t.Fatalf("window %v: the batched im2col or col2im differs from the reference", win)
		}
	}
}

// TestBinaryBroadcastMatchesDefinition checks BinaryBroadcast, split into
// small parts, against an element-by-element walk of the index space.
func TestBinaryBroadcastMatchesDefinition(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	shapes := []struct{ dims, sa, sb []int }{
		{nil, nil, nil},
		{[]int{13}, []int{1}, []int{0}},
		{[]int{5, 7}, []int{7, 1}, []int{0, 1}},
		{[]int{5, 7}, []int{1, 0}, []int{7, 1}},
		{[]int{2, 3, 4, 5}, []int{0, 4, 1, 0}, []int{60, 20, 5, 1}},
		{[]int{2, 2, 2, 2, 2, 2, 2, 2, 3}, []int{0, 128, 64, 32, 16, 8, 4, 2, 0}, []int{1, 0, 0, 0, 0, 0, 0, 0, 1}},
	}
	for _, sh := range shapes {
		size := 1
		for _, d := range sh.dims {
			size *= d
		}
		a, b := messySlice[float64](r, 2*size+300, false), messySlice[float64](r, 2*size+300, false)
		want := make([]float64, size)
		for flat := range size {
			ia, ib, rest := 0, 0, flat
			for d := len(sh.dims) - 1; d >= 0; d-- {
				k := rest % sh.dims[d]
				rest /= sh.dims[d]
				ia += k * sh.sa[d]
				ib += k * sh.sb[d]
			}
			want[flat] = a[ia] - b[ib]
		}
		for _, procs := range []int{1, 2, 5} {
			got := make([]float64, size)
			withSplit(procs, true, func() { BinaryBroadcast(Sub, got, a, b, sh.dims, sh.sa, sh.sb) })
			if !slices.Equal(got, want) {
				t.Fatalf("dims %v GOMAXPROCS %d: got %v, want %v", sh.dims, procs, got, want)
			}
		}
	}
}

// TestSplitAllocs checks that the split kernels allocate nothing once their
// pools are warm.
func TestSplitAllocs(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector's sync.Pool drops items: allocation counts are not the program's")
	}
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(2))
	n := 1 << 18
	a, b, dst := make([]float32, n), make([]float32, n), make([]float32, n)
	arg := make([]int, n/4)
	dims, sa, sb := []int{n / 64, 64}, []int{64, 1}, []int{0, 1}
	f := func() {
		Binary(Add, dst, a, 1, b, 1)
		Unary(ReLU, dst, a)
		Axpy(2, a, dst)
		_ = Sum(a)
		MaxAxis(dst[:n/4], arg, a, n/4, 4, 1)
		SumAxis(dst[:64], a, 1, n/64, 64)
		BinaryBroadcast(Mul, dst, a, b, dims, sa, sb)
		Im2ColBatch(dst, a[:16<<10], 16, 1, 32, 32, 3, 3, 1, 1, 1, 1, 32, 32)
	}
	f()
	if allocs := testing.AllocsPerRun(20, f); allocs > 0 {
		t.Errorf("%v allocations per run, want 0", allocs)
	}
}

// TestBinaryScalar: BinaryScalar is Binary with the scalar as a one-element
// operand, bit for bit, below and above the split threshold.
func TestBinaryScalar(t *testing.T) {
	for _, n := range []int{0, 1, 77, 300007} {
		r := rand.New(rand.NewPCG(uint64(n), 9))
		x := messySlice[float64](r, n, false)
		for i := range x {
			x[i] = math.Abs(x[i]) + 0.5
		}
		for _, op := range []BinaryOp{Add, Mul, Pow} {
			got, want := make([]float64, n), make([]float64, n)
			BinaryScalar(op, got, x, 1.3)
			Binary(op, want, x, 1, []float64{1.3}, 0)
			if !slices.Equal(bits64(got), bits64(want)) {
				t.Errorf("n=%d op %d: BinaryScalar differs from Binary", n, op)
			}
		}
	}
}
