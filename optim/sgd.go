package optim

import (
	"fmt"
	"io"
	"slices"

	"github.com/deeptheory/deeptheory/autograd"
	"github.com/deeptheory/deeptheory/tensor"
)

// SGDConfig holds SGD's hyperparameters. Zero values are PyTorch's defaults
// (no momentum, no dampening, no weight decay, no Nesterov); LR has no default.
type SGDConfig struct {
	LR          float64 // learning rate η ≥ 0
	Momentum    float64 // μ ≥ 0
	Dampening   float64 // τ
	WeightDecay float64 // λ ≥ 0 (L2 penalty added to the gradient)
	Nesterov    bool    // requires μ > 0 and τ = 0
}

// SGD is stochastic gradient descent as torch.optim.SGD (1.13). For each
// parameter θ with gradient g:
//
//	d ← g + λ·θ                         (if λ ≠ 0)
//	b ← d on the first step, else b ← μ·b + (1 − τ)·d   (if μ ≠ 0)
//	d ← d + μ·b if Nesterov, else d ← b   (if μ ≠ 0)
//	θ ← θ − η·d
//
// With μ = 0 and λ = 0 it is plain gradient descent θ ← θ − η·g. State: the
// momentum buffer b per parameter ("momentum_buffer"), kept only when μ ≠ 0.
type SGD[T Float] struct {
	cfg SGDConfig
	st  state[T]
}

// NewSGD returns an SGD optimizer for params (a model's Params). It panics
// on an invalid configuration (negative rate, momentum or weight decay;
// Nesterov without momentum or with dampening), as PyTorch raises, and on
// parameters without distinct names and tensors.
func NewSGD[T Float](params []autograd.Param[T], cfg SGDConfig) *SGD[T] {
	if !(cfg.Momentum >= 0) || !(cfg.WeightDecay >= 0) {
		panic(fmt.Sprintf("optim: NewSGD: momentum %v and weight decay %v must be ≥ 0", cfg.Momentum, cfg.WeightDecay))
	}
	if cfg.Nesterov && (cfg.Momentum <= 0 || cfg.Dampening != 0) {
		panic(fmt.Sprintf("optim: NewSGD: Nesterov needs momentum > 0 and zero dampening, got %v and %v", cfg.Momentum, cfg.Dampening))
	}
	var names []string
	if cfg.Momentum != 0 {
		names = []string{"momentum_buffer"}
	}
	return &SGD[T]{cfg: cfg, st: newState("NewSGD", "sgd", names, params, cfg.LR)}
}

// Config returns the hyperparameters, with LR the current learning rate.
func (o *SGD[T]) Config() SGDConfig { c := o.cfg; c.LR = o.st.lr; return c }

// LR returns the current learning rate.
func (o *SGD[T]) LR() float64 { return o.st.lr }

// SetLR sets the learning rate for the following steps.
func (o *SGD[T]) SetLR(lr float64) { o.st.setLR(lr) }

// Steps returns the number of steps taken.
func (o *SGD[T]) Steps() int { return o.st.steps }

// Params returns the bound parameters.
func (o *SGD[T]) Params() []autograd.Param[T] { return slices.Clone(o.st.params) }

// Step updates every parameter in place from its gradient of loss (see
// Optimizer.Step and SGD).
func (o *SGD[T]) Step(loss *autograd.Var[T]) { o.Update(o.st.gradients(loss)) }

// Update updates every parameter in place from grads[i], the gradient of
// Params()[i] (see SGD).
func (o *SGD[T]) Update(grads []*tensor.Tensor[T]) {
	o.st.checkUpdate(grads)
	first := o.st.buf == nil
	o.st.ensure()
	lr, mu, wd := T(o.st.lr), T(o.cfg.Momentum), T(o.cfg.WeightDecay)
	damp := T(1 - o.cfg.Dampening)
	for i, p := range o.st.params {
		theta, g := p.Value.Data(), grads[i].Data()
		if mu == 0 && wd == 0 {
			// Plain gradient descent, θ ← θ + (−η)·g: the same arithmetic as
			// the general loop below, without its per-element tests.
			tensor.AddScaledInto(p.Value, -lr, grads[i])
			continue
		}
		var b []T
		if mu != 0 {
			b = o.st.buf[i][0].Data()
		}
		for j := range theta {
			d := g[j]
			if wd != 0 {
				d += wd * theta[j]
			}
			if mu != 0 {
				if first {
					b[j] = d
				} else {
					b[j] = b[j]*mu + damp*d
				}
				if o.cfg.Nesterov {
					d += mu * b[j]
				} else {
					d = b[j]
				}
			}
			theta[j] += -lr * d
		}
	}
	o.st.steps++
}

// SaveState writes the step count, learning rate and momentum buffers.
func (o *SGD[T]) SaveState(w io.Writer) error {
	return o.st.save(w, map[string]string{
		"momentum":     formatFloat(o.cfg.Momentum),
		"dampening":    formatFloat(o.cfg.Dampening),
		"weight_decay": formatFloat(o.cfg.WeightDecay),
		"nesterov":     fmt.Sprint(o.cfg.Nesterov),
	})
}

// LoadState restores a state written by SaveState (of an SGD with the same
// use of momentum, for parameters with the same names and shapes); on
// error nothing changes. The hyperparameters stay the receiver's; the
// learning rate is the file's.
func (o *SGD[T]) LoadState(r io.Reader) error { return o.st.load(r) }
