package nn

import (
	"math"
	"testing"

	"github.com/deeptheory/deeptheory/autograd"
	"github.com/deeptheory/deeptheory/tensor"
)

// TestWeightNormKeepsFunction: wrapping a layer does not change what it
// computes, nor the layer itself; rescaling V changes nothing either.
func TestWeightNormKeepsFunction(t *testing.T) {
	r := newRand(10)
	img := tensor.RandN[float64](r, 2, 2, 5, 4)
	for _, tc := range []struct {
		layer Layer[float64]
		x     *tensor.Tensor[float64]
	}{
		{NewDense[float64](r, 3, 4, true), tensor.RandN[float64](r, 5, 3)},
		{NewConv1D[float64](r, 2, 3, 3, 1, 1, false), tensor.RandN[float64](r, 2, 2, 6)},
		{NewConv2D[float64](r, 2, 3, [2]int{3, 3}, [2]int{1, 1}, [2]int{1, 1}, true), img},
		{NewLocallyConnected1D[float64](r, 2, 3, 6, 2, 2, true), tensor.RandN[float64](r, 2, 2, 6)},
		{NewLocallyConnected2D[float64](r, 2, 3, [2]int{5, 4}, [2]int{2, 2}, [2]int{1, 1}, [2]int{0, 0}, true), img},
	} {
		before := tc.layer.Params()[0].Value.Clone()
		want := tc.layer.Forward(autograd.Const(tc.x)).Value().Data()
		wn := NewWeightNorm(tc.layer)
		got := wn.Forward(autograd.Const(tc.x)).Value().Data()
		for i := range want {
			if !near(got[i], want[i], 1e-14) {
				t.Fatalf("%T: wrapped output %v, want %v", tc.layer, got[i], want[i])
			}
		}
		if after := tc.layer.Params()[0].Value; !after.SameShape(before) || after.Data()[0] != before.Data()[0] {
			t.Errorf("%T: NewWeightNorm changed the layer", tc.layer)
		}
		for j := range wn.V.Data() {
			wn.V.Data()[j] *= 3.5
		}
		got = wn.Forward(autograd.Const(tc.x)).Value().Data()
		for i := range want {
			if !near(got[i], want[i], 1e-14) {
				t.Fatalf("%T: output %v after scaling V, want %v", tc.layer, got[i], want[i])
			}
		}
		// The effective weight has unit rows times G.
		w := wn.Weight()
		if !w.SameShape(wn.V) {
			t.Errorf("%T: Weight shape %v, V %v", tc.layer, w.Shape(), wn.V.Shape())
		}
		mustPanic(t, "Forward of the wrapped layer", func() { wn.Inner.Forward(autograd.Const(tc.x)) })
	}
}

// TestWeightNormGradientOrthogonal is claim C14(a): ⟨v, ∇_v L⟩ = 0, and
// one gradient step grows ‖v‖² by exactly η²‖∇_v L‖² (C14(b)), up to rounding.
func TestWeightNormGradientOrthogonal(t *testing.T) {
	r := newRand(11)
	wn := NewWeightNorm[float64](NewDense[float64](r, 5, 1, false))
	model := NewSequential[float64](NewDense[float64](r, 4, 5, false), ReLU[float64]{}, wn)
	x := tensor.RandN[float64](r, 20, 4)
	y := tensor.Zeros[float64](20)
	for i := range y.Data() {
		y.Data()[i] = float64(2*(i%2) - 1)
	}
	tp := autograd.NewTape[float64]()
	loss := ExpLoss(model.Forward(tp.Const(x)), y)
	gv := autograd.Gradients(loss, tp.Param(wn.V))[0]
	if c := math.Abs(tensor.Dot(wn.V, gv)) / (tensor.Norm(wn.V) * tensor.Norm(gv)); c > 1e-12 {
		t.Errorf("cos(V, ∇_V L) = %v, want 0", c)
	}
	const eta = 0.1
	var after float64
	for j, v := range wn.V.Data() {
		s := v - eta*gv.Data()[j]
		after += s * s
	}
	if want := tensor.Dot(wn.V, wn.V) + eta*eta*tensor.Dot(gv, gv); !near(after, want, 1e-12) {
		t.Errorf("‖v′‖² = %v, want ‖v‖² + η²‖∇v‖² = %v", after, want)
	}
}

// TestLayerWeightNorm: a scalar G normalizes the whole weight, so
// ‖W‖_F = |G| and ⟨V, ∇_V L⟩ = 0 over the whole tensor (the theory's V_k).
func TestLayerWeightNorm(t *testing.T) {
	r := newRand(14)
	dense := NewDense[float64](r, 4, 6, false)
	x := tensor.RandN[float64](r, 8, 4)
	want := dense.Forward(autograd.Const(x)).Value().Data()
	wn := NewLayerWeightNorm[float64](dense)
	if wn.G.Dims() != 0 {
		t.Fatalf("G has shape %v, want []", wn.G.Shape())
	}
	got := wn.Forward(autograd.Const(x)).Value().Data()
	for i := range want {
		if !near(got[i], want[i], 1e-14) {
			t.Fatalf("output %v, want %v", got[i], want[i])
		}
	}
	wn.G.Data()[0] = 2.5
	var sq float64
	for _, w := range wn.Weight().Data() {
		sq += w * w
	}
	if !near(math.Sqrt(sq), 2.5, 1e-15) {
		t.Errorf("‖W‖ = %v, want |G| = 2.5", math.Sqrt(sq))
	}
	model := NewSequential[float64](wn, ReLU[float64]{}, NewDense[float64](r, 6, 1, false))
	y := tensor.FromSlice([]float64{1, -1, 1, -1, 1, -1, 1, -1}, 8)
	tp := autograd.NewTape[float64]()
	gv := autograd.Gradients(ExpLoss(model.Forward(tp.Const(x)), y), tp.Param(wn.V))[0]
	if c := math.Abs(tensor.Dot(wn.V, gv)) / (tensor.Norm(wn.V) * tensor.Norm(gv)); c > 1e-12 {
		t.Errorf("cos(V, ∇_V L) = %v, want 0", c)
	}
	checkParamGradients(t, "LayerWeightNorm", model, x)
	if names := paramNames(wn.Params()); len(names) != 2 || names[0] != "weight_g" {
		t.Errorf("params %v", names)
	}
}
