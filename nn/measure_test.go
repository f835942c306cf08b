package nn

import (
	"math"
	"testing"

	"github.com/deeptheory/deeptheory/autograd"
	"github.com/deeptheory/deeptheory/tensor"
)

func forward(m Layer[float64], x *tensor.Tensor[float64]) []float64 {
	return m.Forward(autograd.Const(x)).Value().Data()
}

// TestHomogeneity is claim C10: for bias-free networks built from ReLU,
// pooling and flattening, f̃(x) = f(x)/ρ, and scaling layer k by c_k
// scales f by ∏ c_k.
func TestHomogeneity(t *testing.T) {
	r := newRand(20)
	for _, tc := range []struct {
		name  string
		model *Sequential[float64]
		x     *tensor.Tensor[float64]
	}{
		{"dense", NewSequential[float64](
			NewDense[float64](r, 5, 7, false), ReLU[float64]{},
			NewDense[float64](r, 7, 4, false), ReLU[float64]{},
			NewDense[float64](r, 4, 1, false)), tensor.RandN[float64](r, 10, 5)},
		{"conv", NewSequential[float64](
			NewConv2D[float64](r, 2, 3, [2]int{3, 3}, [2]int{1, 1}, [2]int{1, 1}, false), ReLU[float64]{},
			MaxPool2D[float64]{Kernel: [2]int{2, 2}},
			NewLocallyConnected2D[float64](r, 3, 2, [2]int{3, 3}, [2]int{2, 2}, [2]int{1, 1}, [2]int{0, 0}, false), ReLU[float64]{},
			AvgPool2D[float64]{Kernel: [2]int{2, 2}}, Flatten[float64]{},
			NewSequential[float64](NewWeightNorm[float64](NewDense[float64](r, 2, 1, false)))), tensor.RandN[float64](r, 4, 2, 6, 6)},
	} {
		norms := LayerNorms(tc.model)
		rho := ProductNorm(tc.model)
		prod := 1.0
		for _, n := range norms {
			prod *= n
		}
		if !near(rho, prod, 1e-15) {
			t.Errorf("%s: ProductNorm %v, product of %v is %v", tc.name, rho, norms, prod)
		}
		f := forward(tc.model, tc.x)
		normalized := Normalized(tc.model)
		ft := forward(normalized, tc.x)
		for i := range f {
			if math.Abs(ft[i]-f[i]/rho) > 1e-13*math.Abs(f[i]/rho) {
				t.Errorf("%s: f̃(x%d) = %v, f/ρ = %v", tc.name, i, ft[i], f[i]/rho)
			}
		}
		for k, n := range LayerNorms(normalized) {
			if !near(n, 1, 1e-15) {
				t.Errorf("%s: normalized layer %d has norm %v", tc.name, k, n)
			}
		}
		// The original is untouched.
		if again := forward(tc.model, tc.x); again[0] != f[0] {
			t.Errorf("%s: Normalized changed the model", tc.name)
		}
	}
	// Scaling the layers by 2, 3, 0.5 scales f by 3.
	model := NewSequential[float64](
		NewDense[float64](r, 5, 7, false), ReLU[float64]{},
		NewDense[float64](r, 7, 4, false), ReLU[float64]{},
		NewDense[float64](r, 4, 1, false))
	x := tensor.RandN[float64](r, 10, 5)
	f := forward(model, x)
	for k, c := range map[int]float64{0: 2, 2: 3, 4: 0.5} {
		w := model.Layers[k].(*Dense[float64]).Weight.Data()
		for j := range w {
			w[j] *= c
		}
	}
	for i, g := range forward(model, x) {
		if !near(g, 3*f[i], 1e-14) {
			t.Errorf("scaled f(x%d) = %v, want %v", i, g, 3*f[i])
		}
	}
}

// TestHomogeneityNegativeControl: a hidden bias breaks f̃ = f/ρ; a bias in
// the first layer only keeps it (it is divided with its layer).
func TestHomogeneityNegativeControl(t *testing.T) {
	r := newRand(21)
	x := tensor.RandN[float64](r, 10, 5)
	for _, tc := range []struct {
		name        string
		model       *Sequential[float64]
		homogeneous bool
	}{
		{"first-layer bias", NewSequential[float64](NewDense[float64](r, 5, 7, true), ReLU[float64]{}, NewDense[float64](r, 7, 1, false)), true},
		{"hidden bias", NewSequential[float64](NewDense[float64](r, 5, 7, false), ReLU[float64]{}, NewDense[float64](r, 7, 1, true)), false},
		{"tanh", NewSequential[float64](NewDense[float64](r, 5, 7, false), Tanh[float64]{}, NewDense[float64](r, 7, 1, false)), false},
	} {
		rho := ProductNorm(tc.model)
		f, ft := forward(tc.model, x), forward(Normalized(tc.model), x)
		worst := 0.0
		for i := range f {
			worst = math.Max(worst, math.Abs(ft[i]-f[i]/rho)/math.Abs(f[i]/rho))
		}
		if tc.homogeneous != (worst < 1e-13) {
			t.Errorf("%s: relative |f̃ − f/ρ| up to %v; homogeneous should be %v", tc.name, worst, tc.homogeneous)
		}
	}
	mustPanic(t, "BatchNorm", func() { Normalized(NewSequential[float64](NewBatchNorm1D[float64](3, true))) })
	mustPanic(t, "zero layer", func() { Normalized(NewSequential[float64](&Dense[float64]{Weight: tensor.Zeros[float64](1, 2)})) })
}

// TestMarginAndLossByHand: one bias-free layer w = (3, 4), ρ = 5, so
// f̃(x) = (3x₁ + 4x₂)/5.
func TestMarginAndLossByHand(t *testing.T) {
	model := NewSequential[float64](&Dense[float64]{Weight: tensor.FromSlice([]float64{3, 4}, 1, 2)})
	x := tensor.FromSlice([]float64{
		1, 0, // f̃ = 0.6
		0, 2, // f̃ = 1.6
		-1, -1, // f̃ = −1.4
	}, 3, 2)
	y := tensor.FromSlice([]float64{1, 1, -1}, 3)
	if got := ProductNorm(model); got != 5 {
		t.Errorf("ρ = %v, want 5", got)
	}
	if got := NormalizedMargin(model, x, y); !near(got, 0.6, 1e-15) {
		t.Errorf("normalized margin %v, want 0.6", got)
	}
	want := (math.Exp(-0.6) + math.Exp(-1.6) + math.Exp(-1.4)) / 3
	if got := NormalizedLoss(model, ExpLoss[float64], x, y); !near(got, want, 1e-15) {
		t.Errorf("normalized exp loss %v, want %v", got, want)
	}
	// Unnormalized margins are 5× larger; a misclassified sample makes γ < 0.
	if m := Margins[float64](model, x, y); !near(m[0], 3, 1e-15) || !near(m[1], 8, 1e-15) || !near(m[2], 7, 1e-15) {
		t.Errorf("margins %v, want [3 8 7]", m)
	}
	y.Data()[1] = -1
	if got := NormalizedMargin(model, x, y); !near(got, -1.6, 1e-15) {
		t.Errorf("normalized margin %v, want −1.6", got)
	}
}
