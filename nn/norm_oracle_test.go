package nn

import (
	"fmt"
	"math"
	"testing"

	"github.com/deeptheory/deeptheory/autograd"
	"github.com/deeptheory/deeptheory/tensor"
)

// The compositions of autograd operations that BatchNorm and WeightNorm were
// before their fused primitives: the test oracles, and the benchmarks'
// baselines.

// batchNormComposite is a BatchNorm layer whose Forward is the old
// composition (training and evaluation mode).
type batchNormComposite[T Float] struct{ *BatchNorm[T] }

func (bn batchNormComposite[T]) Forward(x *autograd.Var[T]) *autograd.Var[T] {
	tp := x.Tape()
	shape := x.Shape()
	c := bn.RunningMean.Len()
	bshape := make([]int, len(shape))
	for i := range bshape {
		bshape[i] = 1
	}
	bshape[1] = c
	meanExceptChannel := func(v *autograd.Var[T]) *autograd.Var[T] {
		for axis := len(v.Shape()) - 1; axis >= 0; axis-- {
			if axis != 1 {
				v = autograd.MeanAxis(v, axis, true)
			}
		}
		return v
	}
	var centered, variance *autograd.Var[T]
	if bn.Training {
		mean := meanExceptChannel(x)
		centered = autograd.Sub(x, mean)
		variance = meanExceptChannel(autograd.Square(centered))
		bn.update(mean.Value().Data(), variance.Value().Data(), x.Value().Len()/c)
	} else {
		centered = autograd.Sub(x, tp.Const(bn.RunningMean.Reshape(bshape...)))
		variance = tp.Const(bn.RunningVar.Reshape(bshape...))
	}
	scale := autograd.PowScalar(autograd.AddScalar(variance, T(bn.Eps)), -0.5)
	if bn.Weight == nil {
		return autograd.Mul(centered, scale)
	}
	scale = autograd.Mul(scale, autograd.Reshape(tp.Param(bn.Weight), bshape...))
	return autograd.Add(autograd.Mul(centered, scale), autograd.Reshape(tp.Param(bn.Bias), bshape...))
}

// batchNormFused is a BatchNorm layer of any rank (the layer's forward).
type batchNormFused[T Float] struct{ *BatchNorm[T] }

func (bn batchNormFused[T]) Forward(x *autograd.Var[T]) *autograd.Var[T] {
	return bn.forward("test", x)
}

// weightNormComposite is a WeightNorm layer whose Forward forms W by the old
// composition: V and G reshaped to rows (copies), the norms, the scale, W.
type weightNormComposite[T Float] struct{ *WeightNorm[T] }

func (wn weightNormComposite[T]) Forward(x *autograd.Var[T]) *autograd.Var[T] {
	tp := x.Tape()
	shape := wn.V.Shape()
	units, rest := unitSplit(shape, unitDimsFor(wn.G, wn.inner()))
	rows := autograd.Reshape(tp.Param(wn.V), units, rest)
	norms := autograd.Sqrt(autograd.SumAxis(autograd.Square(rows), 1, true))
	scale := autograd.Div(autograd.Reshape(tp.Param(wn.G), units, 1), norms)
	w := autograd.Reshape(autograd.Mul(rows, scale), shape...)
	return wn.inner().forwardWith(x, w)
}

// layerRun is a layer's output and the gradients of ⟨cot, output⟩ with
// respect to its input and parameters, in float64.
func layerRun[T Float](layer Layer[T], x, cot *tensor.Tensor[float64]) []*tensor.Tensor[float64] {
	tp := autograd.NewTape[T]()
	in := tp.Param(tensor.Convert[T](x))
	y := layer.Forward(in)
	wrt := []*autograd.Var[T]{in}
	for _, p := range layer.Params() {
		wrt = append(wrt, tp.Param(p.Value))
	}
	out := []*tensor.Tensor[float64]{tensor.Convert[float64](y.Value())}
	for _, g := range autograd.Gradients(autograd.Sum(autograd.Mul(y, tp.Const(tensor.Convert[T](cot)))), wrt...) {
		out = append(out, tensor.Convert[float64](g))
	}
	return out
}

// relDiff is max |a − b| over max(max |b|, 1).
func relDiff(a, b *tensor.Tensor[float64]) float64 {
	if !a.SameShape(b) {
		return math.Inf(1)
	}
	scale, diff := 1.0, 0.0
	for i, v := range b.Data() {
		scale = math.Max(scale, math.Abs(v))
		diff = math.Max(diff, math.Abs(a.Data()[i]-v))
	}
	return diff / scale
}

// accurateEnough fails t unless each result of got is within tol of
// want's, or, when ref (the composite in got's precision) is given, no
// further from want (the composite in float64) than twice ref plus tol: in
// float32 the composite itself is inexact, most where a channel's values
// lie close together, and the fused layer must be as accurate as it.
func accurateEnough(t *testing.T, what string, got, ref, want []*tensor.Tensor[float64], tol float64) {
	t.Helper()
	for i := range want {
		bound := tol
		if ref != nil {
			bound += 2 * relDiff(ref[i], want[i])
		}
		if d := relDiff(got[i], want[i]); !(d <= bound) {
			t.Errorf("%s: result %d (output, input gradient, parameter gradients, running mean and variance) differs from the float64 composite by %g > %g", what, i, d, bound)
		}
	}
}

// testBatchNormOracle runs the fused layer in T, and the composite in T and
// in float64, made alike, for three training steps and one evaluation step,
// comparing outputs, gradients and running statistics.
func testBatchNormOracle[T Float](t *testing.T, newBN func() (*BatchNorm[T], *BatchNorm[T]), newBN64 func() *BatchNorm[float64], shape []int, tol float64) {
	r := newRand(40)
	fused, old := newBN()
	truth := newBN64()
	if truth.Weight != nil {
		truth.Weight.CopyFrom(tensor.RandU[float64](newRand(41), 0.5, 2, shape[1]))
		truth.Bias.CopyFrom(tensor.RandN[float64](newRand(42), shape[1]))
		for _, bn := range []*BatchNorm[T]{fused, old} {
			if bn == nil {
				continue
			}
			bn.Weight.CopyFrom(tensor.Convert[T](truth.Weight))
			bn.Bias.CopyFrom(tensor.Convert[T](truth.Bias))
		}
	}
	stats := func(bn *BatchNorm[T]) []*tensor.Tensor[float64] {
		return []*tensor.Tensor[float64]{tensor.Convert[float64](bn.RunningMean), tensor.Convert[float64](bn.RunningVar)}
	}
	for step := range 4 {
		if step == 3 {
			fused.SetTraining(false)
			if old != nil {
				old.SetTraining(false)
			}
			truth.SetTraining(false)
		}
		x := tensor.RandN[float64](r, shape...)
		for i, v := range x.Data() {
			x.Data()[i] = 2*v + 0.5 + float64(i%shape[1]) // channels of different means
		}
		cot := tensor.RandN[float64](r, shape...)
		what := fmt.Sprintf("%T %v step %d", fused, shape, step)
		want := append(layerRun[float64](batchNormComposite[float64]{truth}, x, cot), tensor.Convert[float64](truth.RunningMean), tensor.Convert[float64](truth.RunningVar))
		got := append(layerRun[T](batchNormFused[T]{fused}, x, cot), stats(fused)...)
		var ref []*tensor.Tensor[float64]
		if _, single := any(T(0)).(float32); single {
			ref = append(layerRun[T](batchNormComposite[T]{old}, x, cot), stats(old)...)
		}
		accurateEnough(t, what, got, ref, want, tol)
	}
}

// TestBatchNormMatchesComposite: BatchNorm1D on [N C] and [N C L] and
// BatchNorm2D, affine or not, float64 and float32, odd sizes and batch 1.
func TestBatchNormMatchesComposite(t *testing.T) {
	for _, shape := range [][]int{{5, 3}, {2, 1}, {4, 3, 7}, {1, 2, 5}, {3, 4, 5, 3}, {1, 3, 2, 2}} {
		for _, affine := range []bool{true, false} {
			c := shape[1]
			make64 := func() *BatchNorm[float64] { return &NewBatchNorm1D[float64](c, affine).BatchNorm }
			make32 := func() (*BatchNorm[float32], *BatchNorm[float32]) {
				return &NewBatchNorm1D[float32](c, affine).BatchNorm, &NewBatchNorm1D[float32](c, affine).BatchNorm
			}
			if len(shape) == 4 {
				make64 = func() *BatchNorm[float64] { return &NewBatchNorm2D[float64](c, affine).BatchNorm }
				make32 = func() (*BatchNorm[float32], *BatchNorm[float32]) {
					return &NewBatchNorm2D[float32](c, affine).BatchNorm, &NewBatchNorm2D[float32](c, affine).BatchNorm
				}
			}
			testBatchNormOracle(t, func() (*BatchNorm[float64], *BatchNorm[float64]) { return make64(), nil }, make64, shape, 1e-12)
			testBatchNormOracle(t, make32, make64, shape, 1e-6)
		}
	}
}

// weightNormLayer builds the named layer, wrapped per unit or as a whole, in
// T, with parameters drawn from a fixed seed in float64 (so that float32 and
// float64 layers agree) and G moved away from ‖V‖.
func weightNormLayer[T Float](name string, whole bool) *WeightNorm[T] {
	r := newRand(44)
	var l Layer[T]
	switch name {
	case "Dense":
		l = NewDense[T](r, 7, 3, true)
	case "Conv1D":
		l = NewConv1D[T](r, 2, 3, 3, 1, 1, true)
	case "Conv2D":
		l = NewConv2D[T](r, 2, 3, [2]int{2, 3}, [2]int{1, 1}, [2]int{1, 0}, false)
	case "LocallyConnected1D":
		l = NewLocallyConnected1D[T](r, 2, 3, 8, 3, 2, true)
	default:
		l = NewLocallyConnected2D[T](r, 2, 3, [2]int{5, 4}, [2]int{2, 2}, [2]int{1, 1}, [2]int{0, 0}, true)
	}
	wn := NewWeightNorm(l)
	if whole {
		wn = NewLayerWeightNorm(l)
	}
	for i, p := range wn.Params() {
		v := tensor.RandN[float64](newRand(uint64(45+i)), p.Value.Shape()...)
		p.Value.CopyFrom(tensor.Convert[T](v))
	}
	return wn
}

// TestWeightNormMatchesComposite: the wrapped Dense, Conv1D, Conv2D and
// locally connected layers, per unit and as a whole, float64 and float32:
// outputs and the gradients of input and parameters against the old
// composition.
func TestWeightNormMatchesComposite(t *testing.T) {
	r := newRand(43)
	img, seq := []int{2, 2, 5, 4}, []int{3, 2, 8}
	inputs := map[string][]int{"Dense": {5, 7}, "Conv1D": seq, "Conv2D": img, "LocallyConnected1D": seq, "LocallyConnected2D": img}
	for _, name := range []string{"Dense", "Conv1D", "Conv2D", "LocallyConnected1D", "LocallyConnected2D"} {
		for _, whole := range []bool{false, true} {
			x := tensor.RandN[float64](r, inputs[name]...)
			wn := weightNormLayer[float64](name, whole)
			cot := tensor.RandN[float64](r, wn.Forward(autograd.Const(x)).Shape()...)
			what := fmt.Sprintf("%s whole=%v", name, whole)
			want := layerRun[float64](weightNormComposite[float64]{wn}, x, cot)
			accurateEnough(t, what+" float64", layerRun[float64](wn, x, cot), nil, want, 1e-12)
			accurateEnough(t, what+" float32", layerRun[float32](weightNormLayer[float32](name, whole), x, cot), nil, want, 1e-5)
		}
	}
}
