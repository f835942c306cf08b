package kernel

// The reference twins of the locally connected kernels share one definition:
// the layer is the set of taps, index triples (y, w, x) into y [N, O, HO, WO],
// w [HO, WO, O, C, KH, KW] and the unpadded x [N, C, H, W] with
//
//	y[n, o, i, j] ∋ w[i, j, o, c, a, e] · x[n, c, i·SH + a − PH, j·SW + e − PW],
//
// for every tap whose x index falls inside the image (padding taps are zero).

// LocallyConnected2DRef is the reference twin of LocallyConnected2D: the
// definition, y[t.y] = b[o, i, j] + Σ_taps w[t.w]·x[t.x], summed in order of
// (c, a, e).
func LocallyConnected2DRef[T Float](y, x, w, b []T, d ConvDims) {
	p := d.HO * d.WO
	for n := range d.N {
		for o := range d.O {
			for at := range p {
				var s T
				if b != nil {
					s = b[o*p+at]
				}
				y[(n*d.O+o)*p+at] = s
			}
		}
	}
	localTaps(d, func(yi, wi, xi int) { y[yi] += w[wi] * x[xi] })
}

// LocallyConnected2DInputRef is the reference twin of LocallyConnected2DInput:
// the definition, dx[t.x] = Σ_taps g[t.y]·w[t.w].
func LocallyConnected2DInputRef[T Float](dx, g, w []T, d ConvDims) {
	clear(dx[:d.N*d.C*d.H*d.W])
	localTaps(d, func(yi, wi, xi int) { dx[xi] += g[yi] * w[wi] })
}

// LocallyConnected2DWeightRef is the reference twin of LocallyConnected2DWeight:
// the definition, dw[t.w] = Σ_taps g[t.y]·x[t.x], summed in order of n.
func LocallyConnected2DWeightRef[T Float](dw, x, g []T, d ConvDims) {
	clear(dw[:d.HO*d.WO*d.O*d.C*d.KH*d.KW])
	localTaps(d, func(yi, wi, xi int) { dw[wi] += g[yi] * x[xi] })
}

// localTaps calls f(y, w, x) for every tap of the locally connected layer d
// in the order of (n, o, i, j, c, a, e), the last varying fastest: the taps
// of the convolution d (convTaps), each output position (i, j) reading its own
// filters, w = (i·WO + j)·O·C·KH·KW + (the convolution's weight index).
func localTaps(d ConvDims, f func(y, w, x int)) {
	positions, filters := d.HO*d.WO, d.O*d.C*d.KH*d.KW
	convTaps(d, func(yi, wi, xi int) { f(yi, yi%positions*filters+wi, xi) })
}
