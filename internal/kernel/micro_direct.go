package kernel

import "fmt"

// goDirect is the plain-Go twin of the assembly direct kernels (see direct in tile.go),
// for mr×nr tiles: the oracle they are tested against, and a kernel for the driver's
// tests under -tags purego.
func goDirect[T Float](mr, nr int) direct[T] {
	name := fmt.Sprintf("go-direct-%dx%d", mr, nr)
	fn := func(rows, cols, kc int, a []T, rsA, csA int, b []T, ldb int, c []T, ldc int, alpha T, over bool) {
		checkDirect(name, mr, nr, rows, cols, kc, len(a), rsA, csA, len(b), ldb, len(c), ldc)
		if kc == 0 {
			return // as the assembly: C untouched
		}
		if over {
			for i := range rows {
				clear(c[i*ldc:][:cols])
			}
		}
		for i := range rows {
			for j := range cols {
				var acc T
				for p := range kc {
					acc += a[i*rsA+p*csA] * b[p*ldb+j]
				}
				c[i*ldc+j] += alpha * acc
			}
		}
	}
	return direct[T]{name: name, mr: mr, nr: nr, fn: fn}
}

// checkDirect panics unless a direct kernel call reads and writes inside its slices:
// 1 ≤ rows ≤ mr, 1 ≤ cols ≤ nr, kc ≥ 0, strides ≥ 0, and
//
//	(rows-1)·rsA + (kc-1)·csA < lenA,  (kc-1)·ldb + cols ≤ lenB,  (rows-1)·ldc + cols ≤ lenC
//
// (A and B are not read when kc = 0).
func checkDirect(name string, mr, nr, rows, cols, kc, lenA, rsA, csA, lenB, ldb, lenC, ldc int) {
	ok := rows >= 1 && rows <= mr && cols >= 1 && cols <= nr && kc >= 0 &&
		rsA >= 0 && csA >= 0 && ldb >= 0 && ldc >= 0
	// Below 2³¹ every product below fits in an int64 (the usual case: no divisions).
	const small = 1 << 31
	if ok && kc < small && rsA < small && csA < small && ldb < small && ldc < small {
		ok = (kc == 0 || (rows-1)*rsA+(kc-1)*csA < lenA && (kc-1)*ldb+cols <= lenB) &&
			(rows-1)*ldc+cols <= lenC
	} else if ok {
		if kc > 0 {
			ra, okA1 := reach(rows, rsA, lenA)
			ca, okA2 := reach(kc, csA, lenA)
			rb, okB := reach(kc, ldb, lenB)
			ok = okA1 && okA2 && ra+ca < lenA && okB && rb <= lenB-cols
		}
		rc, okC := reach(rows, ldc, lenC)
		ok = ok && okC && rc <= lenC-cols
	}
	if !ok {
		panic(fmt.Sprintf("kernel: direct %s: rows=%d cols=%d kc=%d rsA=%d csA=%d ldb=%d ldc=%d "+
			"with len(a)=%d len(b)=%d len(c)=%d", name, rows, cols, kc, rsA, csA, ldb, ldc, lenA, lenB, lenC))
	}
}

// reach returns (count-1)·stride for count ≥ 1 and reports whether it is below length,
// without overflow.
func reach(count, stride, length int) (int, bool) {
	if count-1 == 0 || stride == 0 {
		return 0, length > 0
	}
	if count-1 > (length-1)/stride {
		return 0, false
	}
	return (count - 1) * stride, true
}
