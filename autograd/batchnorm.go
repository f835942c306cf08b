package autograd

import "github.com/deeptheory/deeptheory/tensor"

// BatchNorm normalizes x [N, C, ...] per channel with the batch statistics
// (batch normalization in training mode, PyTorch's batch_norm with
// training=True): with the M values of channel c (over the batch and every
// position),
//
//	μ_c = (1/M) Σ x,   σ²_c = (1/M) Σ (x − μ_c)²,
//	y = (x − μ_c)/√(σ²_c + eps)·γ_c + β_c,
//
// where weight (γ) and bias (β) are [C] or nil (1 and 0). It also returns
// μ and the biased σ² ([C], valid until the tape's Reset), for the caller's
// running statistics; they are not differentiable outputs.
//
// A primitive (tensor.BatchNormInto: the statistics and the output in one
// sweep per channel). Gradient, with x̂ = (x − μ_c)/√(σ²_c + eps):
//
//	β̄_c = Σ ḡ,   γ̄_c = Σ ḡ·x̂,   x̄ = γ_c/√(σ²_c + eps)·(ḡ − β̄_c/M − x̂·γ̄_c/M),
//
// computed by tensor.BatchNormAdjointInto in one sweep when the backward
// pass is not recorded; a recorded backward pass (GradientsGraph) builds the
// same formula from this package's operations, the statistics recomputed
// from x, so that it can be differentiated again.
func BatchNorm[T Float](x, weight, bias *Var[T], eps float64) (y *Var[T], mean, variance *tensor.Tensor[T]) {
	shape := x.Shape()
	if len(shape) < 2 {
		panicf("BatchNorm: input %v has no channel axis (want [N C ...])", shape)
	}
	c := shape[1]
	inputs := []*Var[T]{x}
	var w, b *tensor.Tensor[T]
	for _, p := range []*Var[T]{weight, bias} {
		if p == nil {
			continue
		}
		if ps := p.Shape(); len(ps) != 1 || ps[0] != c {
			panicf("BatchNorm: input %v, weight or bias %v: want [%d]", shape, ps, c)
		}
		inputs = append(inputs, p)
	}
	if weight != nil {
		w = weight.value
	}
	if bias != nil {
		b = bias.value
	}
	tp := tapeOf("BatchNorm", inputs...)
	out := tp.allocUncleared(shape...)
	mean, variance, invstd := tp.allocUncleared(c), tp.allocUncleared(c), tp.allocUncleared(c)
	tensor.BatchNormInto(out, mean, variance, invstd, x.value, w, b, eps)
	y = tp.record(out, func(g *Var[T]) []*Var[T] {
		var gx, gw, gb *Var[T]
		if tp.recording {
			gx, gw, gb = batchNormVJP(g, x, weight, eps)
		} else {
			var dx, dw, db *tensor.Tensor[T]
			if x.Recorded() {
				dx = tp.allocUncleared(shape...)
			}
			if weight != nil && weight.Recorded() {
				dw = tp.allocUncleared(c)
			}
			if bias != nil && bias.Recorded() {
				db = tp.allocUncleared(c)
			}
			tensor.BatchNormAdjointInto(dx, dw, db, g.value, x.value, mean, invstd, w)
			gx, gw, gb = wrapOrNil(tp, dx), wrapOrNil(tp, dw), wrapOrNil(tp, db)
		}
		grads := []*Var[T]{gx}
		if weight != nil {
			grads = append(grads, gw)
		}
		if bias != nil {
			grads = append(grads, gb)
		}
		return grads
	}, inputs...)
	return y, mean, variance
}

// wrapOrNil is tp.wrap(t), or nil for a nil t.
func wrapOrNil[T Float](tp *Tape[T], t *tensor.Tensor[T]) *Var[T] {
	if t == nil {
		return nil
	}
	return tp.wrap(t)
}

// batchNormVJP is BatchNorm's gradient written with this package's
// operations, as a function of ḡ, x and γ (the statistics recomputed from
// x), so that a recorded backward pass can be differentiated again. It
// returns x̄, γ̄ and β̄ (γ̄ nil without weight).
func batchNormVJP[T Float](g, x, weight *Var[T], eps float64) (gx, gw, gb *Var[T]) {
	shape := x.Shape()
	c := shape[1]
	per := make([]int, len(shape)) // [1, C, 1, ...]: per-channel values broadcast against x
	for i := range per {
		per[i] = 1
	}
	per[1] = c
	inv := 1 / T(x.value.Len()/c) // 1/M
	channelMean := func(v *Var[T]) *Var[T] { return MulScalar(SumTo(v, per...), inv) }
	centered := Sub(x, channelMean(x))
	invstd := PowScalar(AddScalar(channelMean(Square(centered)), T(eps)), -0.5)
	xhat := Mul(centered, invstd)
	gxhat := Mul(g, xhat)
	gb = Reshape(SumTo(g, per...), c)
	scale := invstd
	if weight != nil {
		gw = Reshape(SumTo(gxhat, per...), c)
		scale = Mul(invstd, Reshape(weight, per...))
	}
	gx = Mul(scale, Sub(Sub(g, channelMean(g)), Mul(xhat, channelMean(gxhat))))
	return gx, gw, gb
}
