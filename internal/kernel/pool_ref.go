package kernel

// The pooling reference twins share one definition: the taps of a pooling,
// index pairs (o, a) into an output plane [HO, WO] and an input plane [H, W]
// with a = (i·SH + p)·W + (j·SW + q) for o = i·WO + j, in order of
// (l, i, j, p, q), the last varying fastest (see poolTaps).

// MaxPool2DRef is the reference twin of MaxPool2D: the definition, a scan of
// each window's taps in order keeping the first strict maximum, or the first
// NaN and nothing after it. arg may be nil.
func MaxPool2DRef[T Float](y []T, arg []int32, x []T, d PoolDims) {
	poolTaps(d, func(l, o, a, tap int) {
		in, out := l*d.H*d.W, l*d.HO*d.WO
		best := y[out+o]
		if v := x[in+a]; tap == 0 || best == best && (v > best || v != v) {
			y[out+o] = v
			if arg != nil {
				arg[out+o] = int32(a)
			}
		}
	})
}

// MaxPool2DScatterRef is the reference twin of MaxPool2DScatter: the
// definition, dx[l, arg[l, o]] += g[l, o] in order of (l, o) into a zeroed dx.
func MaxPool2DScatterRef[T Float](dx, g []T, arg []int32, d PoolDims) {
	in, out := d.H*d.W, d.HO*d.WO
	clear(dx[:d.Planes*in])
	for l := range d.Planes {
		for o := range out {
			dx[l*in+int(arg[l*out+o])] += g[l*out+o]
		}
	}
}

// AvgPool2DRef is the reference twin of AvgPool2D: the definition, each
// window's taps summed in order, the sum multiplied by 1/(KH·KW).
func AvgPool2DRef[T Float](y, x []T, d PoolDims) {
	inv := 1 / T(d.KH*d.KW)
	poolTaps(d, func(l, o, a, tap int) {
		in, out := l*d.H*d.W, l*d.HO*d.WO
		if tap == 0 {
			y[out+o] = x[in+a]
		} else {
			y[out+o] += x[in+a]
		}
		if tap == d.KH*d.KW-1 {
			y[out+o] *= inv
		}
	})
}

// AvgPool2DAdjointRef is the reference twin of AvgPool2DAdjoint: the
// definition, dx[l, a] += g[l, o]·(1/(KH·KW)) over the taps in order of
// (p, q, i, j) into a zeroed dx.
func AvgPool2DAdjointRef[T Float](dx, g []T, d PoolDims) {
	inv := 1 / T(d.KH*d.KW)
	in, out := d.H*d.W, d.HO*d.WO
	clear(dx[:d.Planes*in])
	for l := range d.Planes {
		for p := range d.KH {
			for q := range d.KW {
				for i := range d.HO {
					for j := range d.WO {
						dx[l*in+(i*d.SH+p)*d.W+j*d.SW+q] += g[l*out+i*d.WO+j] * inv
					}
				}
			}
		}
	}
}

// poolTaps calls f(l, o, a, tap) for every tap of the pooling d in order of
// (l, i, j, p, q): o = i·WO + j indexes output plane l, a = (i·SH + p)·W +
// (j·SW + q) input plane l, and tap = p·KW + q counts the window's taps.
func poolTaps(d PoolDims, f func(l, o, a, tap int)) {
	for l := range d.Planes {
		for i := range d.HO {
			for j := range d.WO {
				for p := range d.KH {
					for q := range d.KW {
						f(l, i*d.WO+j, (i*d.SH+p)*d.W+j*d.SW+q, p*d.KW+q)
					}
				}
			}
		}
	}
}
