package kernel

import (
	"math"
	"runtime"
)

// BatchNormDims describes the input of batch normalization as an [N, C, S]
// block: N samples, C channels, and S values per sample and channel (the
// product of the spatial sizes; 1 for [N, C] input). Channel c's values are
// the N contiguous runs x[(n·C + c)·S : (n·C + c + 1)·S].
type BatchNormDims struct{ N, C, S int }

// count is the number of values per channel, M = N·S.
func (d BatchNormDims) count() int { return d.N * d.S }

// batchNormParallelWork is the number of elements of x below which a batch
// norm pass runs on one goroutine: waking a helper costs about 0.1 ms, the
// time a pass takes over a few hundred thousand values.
const batchNormParallelWork = 1 << 16

// BatchNormForward normalizes each channel c of x by its batch statistics,
//
//	μ_c = (1/M) Σ x,   σ²_c = (1/M) Σ (x − μ_c)²,   r_c = 1/√(σ²_c + eps),
//	y = (x − μ_c)·(γ_c·r_c) + β_c,
//
// the sums over the M = N·S values of the channel. It stores μ in mean, σ²
// (biased) in variance and r in invstd ([C] each); weight (γ) and bias (β)
// may be nil (1 and 0). The sums are accumulated in a fixed order (chunks of
// 256 values in T, in interleaved partial sums, the chunks' sums in
// float64; see runSum), so results do not depend on GOMAXPROCS: channels
// are shared out between goroutines, never a channel's sums. Each channel
// takes three passes over its values, one after the other (in cache when a
// channel fits, 128 KiB for [32, 16, 32, 32] float32): the mean, the
// centred squares, and the output.
func BatchNormForward[T Float](d BatchNormDims, y, mean, variance, invstd, x, weight, bias []T, eps float64) {
	job := &batchNormJob[T]{d: d, y: y, mean: mean, variance: variance, invstd: invstd, x: x, weight: weight, bias: bias, eps: eps}
	job.start()
}

// BatchNormBackward applies the adjoint of BatchNormForward (as a function
// of x, γ and β, the statistics depending on x) to the cotangent g: with
// x̂ = (x − μ_c)·r_c,
//
//	β̄_c = Σ g,   γ̄_c = Σ g·x̂,
//	x̄ = γ_c·r_c·(g − β̄_c/M − x̂·γ̄_c/M).
//
// It writes x̄ into dx, γ̄ into dweight and β̄ into dbias, each skipped when nil;
// weight nil means γ = 1. mean and invstd are BatchNormForward's. Each
// channel takes two passes: the two sums, then x̄.
func BatchNormBackward[T Float](d BatchNormDims, dx, dweight, dbias, g, x, mean, invstd, weight []T) {
	job := &batchNormJob[T]{d: d, backward: true, dx: dx, dweight: dweight, dbias: dbias, g: g, x: x, mean: mean, invstd: invstd, weight: weight}
	job.start()
}

// A batchNormJob is a forward or backward pass over all channels, cut into
// parts of consecutive channels.
type batchNormJob[T Float] struct {
	d                       BatchNormDims
	backward                bool
	x, mean, invstd, weight []T
	y, variance, bias       []T // forward
	dx, dweight, dbias, g   []T // backward
	eps                     float64
}

// start runs the job, on up to GOMAXPROCS goroutines when x is large.
func (j *batchNormJob[T]) start() {
	d := j.d
	if d.C == 0 || d.count() == 0 {
		return
	}
	parts := max(min(runtime.GOMAXPROCS(0), d.C, d.C*d.count()/batchNormParallelWork), 1)
	parallelRun(j, parts)
}

// run does channels [C·part/parts, C·(part+1)/parts).
func (j *batchNormJob[T]) run(part, parts int) {
	for c := j.d.C * part / parts; c < j.d.C*(part+1)/parts; c++ {
		if j.backward {
			j.backwardChannel(c)
		} else {
			j.forwardChannel(c)
		}
	}
}

// gamma returns γ_c (1 without weight).
func (j *batchNormJob[T]) gamma(c int) float64 {
	if j.weight == nil {
		return 1
	}
	return float64(j.weight[c])
}

// forwardChannel computes channel c's statistics and output.
func (j *batchNormJob[T]) forwardChannel(c int) {
	d := j.d
	var sum float64
	for n := range d.N {
		sum += runSum(j.x[(n*d.C+c)*d.S:][:d.S])
	}
	m := float64(d.count())
	mu := sum / m
	var sq float64
	for n := range d.N {
		sq += runCenteredSquares(j.x[(n*d.C+c)*d.S:][:d.S], T(mu))
	}
	v := sq / m
	r := 1 / math.Sqrt(v+j.eps)
	j.mean[c], j.variance[c], j.invstd[c] = T(mu), T(v), T(r)
	mean, scale := T(mu), T(j.gamma(c)*r)
	var shift T
	if j.bias != nil {
		shift = j.bias[c]
	}
	for n := range d.N {
		off := (n*d.C + c) * d.S
		x := j.x[off:][:d.S]
		y := j.y[off:][:len(x)]
		for i, xi := range x {
			y[i] = (xi-mean)*scale + shift
		}
	}
}

// backwardChannel computes channel c's share of the gradients.
func (j *batchNormJob[T]) backwardChannel(c int) {
	d := j.d
	mu := j.mean[c]
	var sg, sgx float64 // Σ g and Σ g·(x − μ)
	for n := range d.N {
		off := (n*d.C + c) * d.S
		s, sx := runDotCentered(j.g[off:][:d.S], j.x[off:][:d.S], mu)
		sg += s
		sgx += sx
	}
	r := float64(j.invstd[c])
	if j.dbias != nil {
		j.dbias[c] = T(sg)
	}
	if j.dweight != nil {
		j.dweight[c] = T(sgx * r)
	}
	if j.dx == nil {
		return
	}
	// x̄ = k·g + b·(x − μ) + a with k = γ·r, b = −k·r²·Σg(x − μ)/M, a = −k·Σg/M.
	m := float64(d.count())
	k := j.gamma(c) * r
	kt, bt, at := T(k), T(-k*r*r*sgx/m), T(-k*sg/m)
	for n := range d.N {
		off := (n*d.C + c) * d.S
		x := j.x[off:][:d.S]
		dx, g := j.dx[off:][:len(x)], j.g[off:][:len(x)]
		for i, xi := range x {
			dx[i] = kt*g[i] + bt*(xi-mu) + at
		}
	}
}

// normChunk is how many values are summed in T before their sum is added to
// a float64 total: few enough that T's rounding stays near its unit
// roundoff (each of eight partial sums adds 32 values), enough that the
// float64 additions and conversions cost nothing. Summing in T keeps the
// inner loops free of conversions (float32 sums run 1.6 times as fast as
// float32 values added into float64 ones, measured here).
const normChunk = 256

// runSum returns Σ x[i]: each chunk of normChunk values summed by Sum (eight
// partial sums in T), the chunks' sums added in float64 in order.
func runSum[T Float](x []T) float64 {
	var total float64
	for len(x) > 0 {
		n := min(len(x), normChunk)
		total += float64(Sum(x[:n]))
		x = x[n:]
	}
	return total
}

// runCenteredSquares returns Σ (x[i] − mu)², chunked as runSum.
func runCenteredSquares[T Float](x []T, mu T) float64 {
	var total float64
	for len(x) > 0 {
		n := min(len(x), normChunk)
		total += float64(centeredSquares(x[:n], mu))
		x = x[n:]
	}
	return total
}

// centeredSquares returns Σ (x[i] − mu)² in T, in eight partial sums
// combined as Sum combines them, then the remaining len(x) mod 8 in order.
func centeredSquares[T Float](x []T, mu T) T {
	var s0, s1, s2, s3, s4, s5, s6, s7 T
	i := 0
	for ; i+8 <= len(x); i += 8 {
		v := x[i : i+8 : i+8]
		d0, d1, d2, d3 := v[0]-mu, v[1]-mu, v[2]-mu, v[3]-mu
		d4, d5, d6, d7 := v[4]-mu, v[5]-mu, v[6]-mu, v[7]-mu
		s0 += d0 * d0
		s1 += d1 * d1
		s2 += d2 * d2
		s3 += d3 * d3
		s4 += d4 * d4
		s5 += d5 * d5
		s6 += d6 * d6
		s7 += d7 * d7
	}
	s := ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7))
	for _, v := range x[i:] {
		s += (v - mu) * (v - mu)
	}
	return s
}

// runDotCentered returns Σ g[i] and Σ g[i]·(x[i] − mu), chunked as runSum.
func runDotCentered[T Float](g, x []T, mu T) (sg, sgx float64) {
	g = g[:len(x)]
	for len(x) > 0 {
		n := min(len(x), normChunk)
		s, sx := dotCentered(g[:n], x[:n], mu)
		sg += float64(s)
		sgx += float64(sx)
		g, x = g[n:], x[n:]
	}
	return sg, sgx
}

// dotCentered returns Σ g[i] and Σ g[i]·(x[i] − mu) in T, each in four
// partial sums ((s₀ + s₁) + (s₂ + s₃)), then the remaining len(x) mod 4 in
// order.
func dotCentered[T Float](g, x []T, mu T) (sg, sgx T) {
	var s0, s1, s2, s3, t0, t1, t2, t3 T
	g = g[:len(x)]
	i := 0
	for ; i+4 <= len(x); i += 4 {
		gv, xv := g[i:i+4:i+4], x[i:i+4:i+4]
		s0 += gv[0]
		s1 += gv[1]
		s2 += gv[2]
		s3 += gv[3]
		t0 += gv[0] * (xv[0] - mu)
		t1 += gv[1] * (xv[1] - mu)
		t2 += gv[2] * (xv[2] - mu)
		t3 += gv[3] * (xv[3] - mu)
	}
	sg, sgx = (s0+s1)+(s2+s3), (t0+t1)+(t2+t3)
	for ; i < len(x); i++ {
		sg += g[i]
		sgx += g[i] * (x[i] - mu)
	}
	return sg, sgx
}
