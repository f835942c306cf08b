package theory

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/deeptheory/deeptheory/nn"
	"github.com/deeptheory/deeptheory/tensor"
)

func measureNear(a, b, rel float64) bool {
	return math.Abs(a-b) <= rel*math.Max(math.Abs(a), math.Abs(b))
}

// TestNormalized: for bias-free networks of dense, convolutional, locally
// connected, pooling and weight-normalized layers, f̃ = f/ρ, every
// normalized layer has norm 1, and the weights come back bit for bit.
func TestNormalized(t *testing.T) {
	r := rand.New(rand.NewPCG(20, 0))
	for _, tc := range []struct {
		name  string
		model *nn.Sequential[float64]
		x     *tensor.Tensor[float64]
	}{
		{"dense", biasFreeReLU(r, 0.5, 5, 7, 4, 1), tensor.RandN[float64](r, 10, 5)},
		{"conv", nn.NewSequential[float64](
			nn.NewConv2D[float64](r, 2, 3, [2]int{3, 3}, [2]int{1, 1}, [2]int{1, 1}, false), nn.ReLU[float64]{},
			nn.MaxPool2D[float64]{Kernel: [2]int{2, 2}},
			nn.NewLocallyConnected2D[float64](r, 3, 2, [2]int{3, 3}, [2]int{2, 2}, [2]int{1, 1}, [2]int{0, 0}, false), nn.ReLU[float64]{},
			nn.AvgPool2D[float64]{Kernel: [2]int{2, 2}}, nn.Flatten[float64]{},
			nn.NewSequential[float64](nn.NewWeightNorm[float64](nn.NewDense[float64](r, 2, 1, false)))), tensor.RandN[float64](r, 4, 2, 6, 6)},
	} {
		norms := LayerNorms(tc.model)
		rho := ProductNorm(tc.model)
		f := Output(tc.model, tc.x).Clone().Data()
		ft := NormalizedOutput(tc.model, tc.x).Data()
		for i := range f {
			if !measureNear(ft[i], f[i]/rho, 1e-13) {
				t.Errorf("%s: f̃(x%d) = %v, f/ρ = %v", tc.name, i, ft[i], f[i]/rho)
			}
		}
		WithNormalized(tc.model, func() {
			for k, n := range LayerNorms(tc.model) {
				if !measureNear(n, 1, 1e-15) {
					t.Errorf("%s: normalized layer %d has norm %v", tc.name, k, n)
				}
			}
		})
		for k, n := range LayerNorms(tc.model) {
			if n != norms[k] {
				t.Errorf("%s: layer %d has norm %v after WithNormalized, %v before", tc.name, k, n, norms[k])
			}
		}
	}
}

// TestNormalizedNegativeControl: a hidden bias or a tanh breaks f̃ = f/ρ; a
// bias in the first layer only keeps it; batch normalization and a zero
// layer are refused.
func TestNormalizedNegativeControl(t *testing.T) {
	r := rand.New(rand.NewPCG(21, 0))
	x := tensor.RandN[float64](r, 10, 5)
	for _, tc := range []struct {
		name        string
		model       *nn.Sequential[float64]
		homogeneous bool
	}{
		{"first-layer bias", nn.NewSequential[float64](nn.NewDense[float64](r, 5, 7, true), nn.ReLU[float64]{}, nn.NewDense[float64](r, 7, 1, false)), true},
		{"hidden bias", nn.NewSequential[float64](nn.NewDense[float64](r, 5, 7, false), nn.ReLU[float64]{}, nn.NewDense[float64](r, 7, 1, true)), false},
		{"tanh", nn.NewSequential[float64](nn.NewDense[float64](r, 5, 7, false), nn.Tanh[float64]{}, nn.NewDense[float64](r, 7, 1, false)), false},
	} {
		rho := ProductNorm(tc.model)
		f, ft := Output(tc.model, x).Clone().Data(), NormalizedOutput(tc.model, x).Data()
		worst := 0.0
		for i := range f {
			worst = math.Max(worst, math.Abs(ft[i]-f[i]/rho)/math.Abs(f[i]/rho))
		}
		if tc.homogeneous != (worst < 1e-13) {
			t.Errorf("%s: relative |f̃ − f/ρ| up to %v; homogeneous should be %v", tc.name, worst, tc.homogeneous)
		}
	}
	for name, m := range map[string]*nn.Sequential[float64]{
		"BatchNorm":  nn.NewSequential[float64](nn.NewDense[float64](r, 5, 3, false), nn.NewBatchNorm1D[float64](3, true)),
		"zero layer": nn.NewSequential[float64](&nn.Dense[float64]{Weight: tensor.Zeros[float64](1, 2)}),
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic", name)
				}
			}()
			NormalizedOutput(m, x)
		}()
	}
}

// TestMarginsByHand: one bias-free layer w = (3, 4), ρ = 5, so
// f̃(x) = (3x₁ + 4x₂)/5.
func TestMarginsByHand(t *testing.T) {
	model := nn.NewSequential[float64](&nn.Dense[float64]{Weight: tensor.FromSlice([]float64{3, 4}, 1, 2)})
	x := tensor.FromSlice([]float64{
		1, 0, // f̃ = 0.6
		0, 2, // f̃ = 1.6
		-1, -1, // f̃ = −1.4
	}, 3, 2)
	y := tensor.FromSlice([]float64{1, 1, -1}, 3)
	if got := ProductNorm(model); got != 5 {
		t.Errorf("ρ = %v, want 5", got)
	}
	if got := NormalizedMargin(model, x, y); !measureNear(got, 0.6, 1e-15) {
		t.Errorf("normalized margin %v, want 0.6", got)
	}
	if m := Margins(Output(model, x), y); !measureNear(m[0], 3, 1e-15) || !measureNear(m[1], 8, 1e-15) || !measureNear(m[2], 7, 1e-15) {
		t.Errorf("margins %v, want [3 8 7]", m)
	}
	y.Data()[1] = -1
	if got := NormalizedMargin(model, x, y); !measureNear(got, -1.6, 1e-15) {
		t.Errorf("normalized margin %v, want −1.6", got)
	}
}
