package autograd

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/deeptheory/deeptheory/tensor"
)

// CheckOptions tunes CheckGradient. Zero fields take the defaults noted.
type CheckOptions struct {
	Step     float64 // central-difference step h (default 1e-6)
	AbsTol   float64 // absolute tolerance (default 1e-7)
	RelTol   float64 // relative tolerance (default 1e-6)
	Seed     uint64  // seed of the random cotangent (default 1)
	Recorded []bool  // which inputs to differentiate (default all)
}

// CheckResult reports the worst element found by CheckGradient.
type CheckResult struct {
	Input    int     // which input
	Index    int     // flat index of the element within that input
	Analytic float64 // the gradient from the tape
	Numeric  float64 // the central difference
	Excess   float64 // |analytic − numeric| / (AbsTol + RelTol·|numeric|); ≤ 1 passes
}

// CheckGradient checks the gradients of f against central differences, in
// float64, at every element of every input. f maps the inputs (recorded leaves
// on a fresh tape) to an output of any shape; with a random cotangent c it
// compares the tape's VJP cᵀ·∂f/∂x with
//
//	(⟨c, f(x + h·eᵢ)⟩ − ⟨c, f(x − h·eᵢ)⟩) / 2h
//
// for each element i. A random cotangent, unlike all ones, catches rules that
// mix up the output's elements. It returns the worst element and an error if
// any element exceeds the tolerance. The inputs are not modified.
func CheckGradient(f func(xs ...*Var[float64]) *Var[float64], inputs []*tensor.Tensor[float64], opts CheckOptions) (CheckResult, error) {
	h := orDefault(opts.Step, 1e-6)
	atol := orDefault(opts.AbsTol, 1e-7)
	rtol := orDefault(opts.RelTol, 1e-6)
	seed := opts.Seed
	if seed == 0 {
		seed = 1
	}
	want := func(i int) bool { return opts.Recorded == nil || opts.Recorded[i] }

	xs := make([]*tensor.Tensor[float64], len(inputs))
	for i, x := range inputs {
		xs[i] = x.Clone()
	}
	// Analytic VJP.
	tp := NewTape[float64]()
	vars := make([]*Var[float64], len(xs))
	var wrt []*Var[float64]
	for i, x := range xs {
		if want(i) {
			vars[i] = tp.Param(x)
			wrt = append(wrt, vars[i])
		} else {
			vars[i] = tp.Const(x)
		}
	}
	out := f(vars...)
	r := rand.New(rand.NewPCG(seed, 0x5eed))
	c := tensor.RandN[float64](r, out.Shape()...)
	var analytic []*tensor.Tensor[float64]
	if out.Recorded() {
		analytic = VJP(out, c, wrt...)
	} else {
		for _, w := range wrt {
			analytic = append(analytic, tensor.Zeros[float64](w.Shape()...))
		}
	}
	// ⟨c, f(xs)⟩, evaluated like the analytic pass (inputs recorded on a
	// tape, reset for each probe) so that f may itself take gradients.
	probeTape := NewTape[float64]()
	probe := func() float64 {
		probeTape.Reset()
		vs := make([]*Var[float64], len(xs))
		for i, x := range xs {
			if want(i) {
				vs[i] = probeTape.Param(x)
			} else {
				vs[i] = probeTape.Const(x)
			}
		}
		y := f(vs...).Value()
		if !y.SameShape(c) {
			panic(fmt.Sprintf("autograd: CheckGradient: f's output shape changed from %v to %v", c.Shape(), y.Shape()))
		}
		s := 0.0
		for i, v := range y.Data() {
			s += v * c.Data()[i]
		}
		return s
	}
	worst := CheckResult{Input: -1, Index: -1}
	k := 0
	for i, x := range xs {
		if !want(i) {
			continue
		}
		grad := analytic[k].Data()
		k++
		data := x.Data()
		for j := range data {
			orig := data[j]
			data[j] = orig + h
			plus := probe()
			data[j] = orig - h
			minus := probe()
			data[j] = orig
			numeric := (plus - minus) / (2 * h)
			excess := math.Abs(grad[j]-numeric) / (atol + rtol*math.Abs(numeric))
			if math.IsNaN(excess) {
				excess = math.Inf(1)
			}
			if excess > worst.Excess || worst.Input < 0 {
				worst = CheckResult{Input: i, Index: j, Analytic: grad[j], Numeric: numeric, Excess: excess}
			}
		}
	}
	if worst.Excess > 1 {
		return worst, fmt.Errorf("autograd: CheckGradient: input %d element %d: analytic %.12g, numeric %.12g (%.3g× the tolerance)",
			worst.Input, worst.Index, worst.Analytic, worst.Numeric, worst.Excess)
	}
	return worst, nil
}

func orDefault(v, def float64) float64 {
	if v == 0 {
		return def
	}
	return v
}
