package optim

import (
	"fmt"
	"io"
	"math"
	"slices"

	"github.com/deeptheory/deeptheory/autograd"
	"github.com/deeptheory/deeptheory/tensor"
)

// AdamConfig holds the hyperparameters of Adam and AdamW. Use AdamDefaults
// or AdamWDefaults for PyTorch's defaults and change what differs: zero is
// a legitimate value for every field, so it does not mean "default".
type AdamConfig struct {
	LR          float64    // learning rate η ≥ 0
	Betas       [2]float64 // β₁, β₂ in [0, 1)
	Eps         float64    // ε ≥ 0
	WeightDecay float64    // λ ≥ 0: L2 penalty (Adam) or decoupled decay (AdamW)
}

// AdamDefaults returns torch.optim.Adam's defaults with learning rate lr:
// betas (0.9, 0.999), eps 1e-8, weight decay 0.
func AdamDefaults(lr float64) AdamConfig {
	return AdamConfig{LR: lr, Betas: [2]float64{0.9, 0.999}, Eps: 1e-8}
}

// AdamWDefaults returns torch.optim.AdamW's defaults with learning rate lr:
// those of Adam but weight decay 0.01.
func AdamWDefaults(lr float64) AdamConfig {
	c := AdamDefaults(lr)
	c.WeightDecay = 0.01
	return c
}

// Adam is torch.optim.Adam (1.13, amsgrad off) or, made by NewAdamW,
// torch.optim.AdamW. At step t = 1, 2, ... each parameter θ with gradient g
// is updated as
//
//	θ ← θ·(1 − η·λ)                     (AdamW only)
//	g ← g + λ·θ                         (Adam only, if λ ≠ 0)
//	m ← β₁·m + (1 − β₁)·g
//	v ← β₂·v + (1 − β₂)·g·g
//	θ ← θ − (η/(1 − β₁ᵗ)) · m / (√v/√(1 − β₂ᵗ) + ε)
//
// with m and v starting at zero. State: m ("exp_avg") and v ("exp_avg_sq")
// per parameter, and t.
type Adam[T Float] struct {
	cfg       AdamConfig
	decoupled bool
	st        state[T]
}

// NewAdam returns an Adam optimizer for params (weight decay as an L2
// penalty added to the gradient). It panics on an invalid configuration
// and on parameters without distinct names and tensors.
func NewAdam[T Float](params []autograd.Param[T], cfg AdamConfig) *Adam[T] {
	return newAdam("NewAdam", params, cfg, false)
}

// NewAdamW returns an AdamW optimizer for params (decoupled weight decay:
// θ is shrunk by the factor 1 − η·λ before the Adam step, which then
// ignores λ).
func NewAdamW[T Float](params []autograd.Param[T], cfg AdamConfig) *Adam[T] {
	return newAdam("NewAdamW", params, cfg, true)
}

func newAdam[T Float](op string, params []autograd.Param[T], cfg AdamConfig, decoupled bool) *Adam[T] {
	for _, b := range cfg.Betas {
		if !(b >= 0 && b < 1) {
			panic(fmt.Sprintf("optim: %s: betas %v must lie in [0, 1)", op, cfg.Betas))
		}
	}
	if !(cfg.Eps >= 0) || !(cfg.WeightDecay >= 0) {
		panic(fmt.Sprintf("optim: %s: eps %v and weight decay %v must be ≥ 0", op, cfg.Eps, cfg.WeightDecay))
	}
	kind := "adam"
	if decoupled {
		kind = "adamw"
	}
	return &Adam[T]{cfg: cfg, decoupled: decoupled, st: newState(op, kind, []string{"exp_avg", "exp_avg_sq"}, params, cfg.LR)}
}

// Config returns the hyperparameters, with LR the current learning rate.
func (o *Adam[T]) Config() AdamConfig { c := o.cfg; c.LR = o.st.lr; return c }

// LR returns the current learning rate.
func (o *Adam[T]) LR() float64 { return o.st.lr }

// SetLR sets the learning rate for the following steps.
func (o *Adam[T]) SetLR(lr float64) { o.st.setLR(lr) }

// Steps returns the number of steps taken, t.
func (o *Adam[T]) Steps() int { return o.st.steps }

// Params returns the bound parameters.
func (o *Adam[T]) Params() []autograd.Param[T] { return slices.Clone(o.st.params) }

// Step updates every parameter in place from its gradient of loss (see
// Optimizer.Step and Adam).
func (o *Adam[T]) Step(loss *autograd.Var[T]) { o.Update(o.st.gradients(loss)) }

// Update updates every parameter in place from grads[i], the gradient of
// Params()[i] (see Adam).
func (o *Adam[T]) Update(grads []*tensor.Tensor[T]) {
	o.st.checkUpdate(grads)
	o.st.ensure()
	o.st.steps++
	t := float64(o.st.steps)
	beta1, beta2 := o.cfg.Betas[0], o.cfg.Betas[1]
	// Computed in float64, as PyTorch does in Python.
	stepSize := T(o.st.lr / (1 - math.Pow(beta1, t)))
	bc2Sqrt := T(math.Sqrt(1 - math.Pow(beta2, t)))
	b1, b2 := T(beta1), T(beta2)
	c1, c2 := T(1-beta1), T(1-beta2)
	eps, wd := T(o.cfg.Eps), T(o.cfg.WeightDecay)
	shrink := T(1 - o.st.lr*o.cfg.WeightDecay)
	for i, p := range o.st.params {
		theta, g := p.Value.Data(), grads[i].Data()
		m, v := o.st.buf[i][0].Data(), o.st.buf[i][1].Data()
		for j := range theta {
			gj := g[j]
			if o.decoupled {
				if wd != 0 {
					theta[j] *= shrink
				}
			} else if wd != 0 {
				gj += wd * theta[j]
			}
			m[j] = m[j]*b1 + c1*gj
			v[j] = v[j]*b2 + c2*gj*gj
			denom := T(math.Sqrt(float64(v[j])))/bc2Sqrt + eps
			theta[j] += -stepSize * (m[j] / denom)
		}
	}
}

// SaveState writes t, the learning rate and the moments m and v.
func (o *Adam[T]) SaveState(w io.Writer) error {
	return o.st.save(w, map[string]string{
		"beta1":        formatFloat(o.cfg.Betas[0]),
		"beta2":        formatFloat(o.cfg.Betas[1]),
		"eps":          formatFloat(o.cfg.Eps),
		"weight_decay": formatFloat(o.cfg.WeightDecay),
	})
}

// LoadState restores a state written by SaveState of the same kind (Adam
// or AdamW, for parameters with the same names and shapes); on error
// nothing changes. The hyperparameters stay the receiver's; the learning
// rate and t are the file's.
func (o *Adam[T]) LoadState(r io.Reader) error { return o.st.load(r) }
