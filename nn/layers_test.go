package nn

import (
	"math"
	"slices"
	"testing"

	"github.com/deeptheory/deeptheory/autograd"
	"github.com/deeptheory/deeptheory/tensor"
)

func TestDenseForwardByHand(t *testing.T) {
	d := &Dense[float64]{
		Weight: tensor.FromSlice([]float64{1, 2, 3, -1, 0, 2}, 2, 3),
		Bias:   tensor.FromSlice([]float64{0.5, -1}, 2),
	}
	x := tensor.FromSlice([]float64{1, 1, 1, 2, 0, -1}, 2, 3)
	got := d.Forward(autograd.Const(x)).Value().Data()
	want := []float64{6.5, 0, -0.5, -5}
	if !slices.Equal(got, want) {
		t.Errorf("Dense = %v, want %v", got, want)
	}
	d.Bias = nil
	if got := d.Forward(autograd.Const(x)).Value().Data(); !slices.Equal(got, []float64{6, 1, -1, -4}) {
		t.Errorf("bias-free Dense = %v", got)
	}
}

func TestParamsNamesAndShapes(t *testing.T) {
	r := newRand(1)
	for _, tc := range []struct {
		layer  Layer[float64]
		names  []string
		shapes [][]int
	}{
		{NewDense[float64](r, 3, 4, true), []string{"weight", "bias"}, [][]int{{4, 3}, {4}}},
		{NewDense[float64](r, 3, 4, false), []string{"weight"}, [][]int{{4, 3}}},
		{NewConv1D[float64](r, 2, 5, 3, 1, 1, true), []string{"weight", "bias"}, [][]int{{5, 2, 3}, {5}}},
		{NewConv2D[float64](r, 2, 5, [2]int{3, 2}, [2]int{1, 1}, [2]int{0, 0}, false), []string{"weight"}, [][]int{{5, 2, 3, 2}}},
		{NewLocallyConnected1D[float64](r, 2, 3, 8, 2, 2, true), []string{"weight", "bias"}, [][]int{{4, 3, 2, 2}, {3, 4}}},
		{NewLocallyConnected2D[float64](r, 2, 3, [2]int{5, 4}, [2]int{3, 3}, [2]int{2, 1}, [2]int{1, 0}, true),
			[]string{"weight", "bias"}, [][]int{{3, 2, 3, 2, 3, 3}, {3, 3, 2}}},
		{NewWeightNorm[float64](NewDense[float64](r, 3, 4, true)), []string{"bias", "weight_g", "weight_v"}, [][]int{{4}, {4, 1}, {4, 3}}},
		{NewWeightNorm[float64](NewConv2D[float64](r, 2, 5, [2]int{3, 3}, [2]int{1, 1}, [2]int{1, 1}, false)),
			[]string{"weight_g", "weight_v"}, [][]int{{5, 1, 1, 1}, {5, 2, 3, 3}}},
		{NewWeightNorm[float64](NewLocallyConnected1D[float64](r, 2, 3, 8, 2, 2, false)),
			[]string{"weight_g", "weight_v"}, [][]int{{4, 3, 1, 1}, {4, 3, 2, 2}}},
		{NewBatchNorm2D[float64](3, true), []string{"weight", "bias"}, [][]int{{3}, {3}}},
		{NewBatchNorm1D[float64](3, false), nil, nil},
		{ReLU[float64]{}, nil, nil},
		{NewSequential[float64](NewDense[float64](r, 3, 4, true), Tanh[float64]{}, NewDense[float64](r, 4, 1, false)),
			[]string{"0.weight", "0.bias", "2.weight"}, [][]int{{4, 3}, {4}, {1, 4}}},
		{NewSequential[float64](ReLU[float64]{}, NewSequential[float64](NewDense[float64](r, 3, 4, false))),
			[]string{"1.0.weight"}, [][]int{{4, 3}}},
	} {
		ps := tc.layer.Params()
		if names := paramNames(ps); !slices.Equal(names, tc.names) {
			t.Errorf("%T: params %v, want %v", tc.layer, names, tc.names)
			continue
		}
		for i, p := range ps {
			if !slices.Equal(p.Value.Shape(), tc.shapes[i]) {
				t.Errorf("%T: %s has shape %v, want %v", tc.layer, p.Name, p.Value.Shape(), tc.shapes[i])
			}
		}
	}
}

// TestLayerGradients checks every layer's parameter gradients against
// central differences, through the tensors its Params lists.
func TestLayerGradients(t *testing.T) {
	r := newRand(2)
	img := tensor.RandN[float64](r, 2, 2, 5, 4)
	seq := tensor.RandN[float64](r, 2, 2, 8)
	for _, tc := range []struct {
		name  string
		layer Layer[float64]
		x     *tensor.Tensor[float64]
	}{
		{"Dense", NewDense[float64](r, 3, 4, true), tensor.RandN[float64](r, 5, 3)},
		{"Conv1D", NewConv1D[float64](r, 2, 3, 3, 2, 1, true), seq},
		{"Conv2D", NewConv2D[float64](r, 2, 3, [2]int{3, 2}, [2]int{2, 1}, [2]int{1, 0}, true), img},
		{"LocallyConnected1D", NewLocallyConnected1D[float64](r, 2, 3, 8, 3, 2, true), seq},
		{"LocallyConnected2D", NewLocallyConnected2D[float64](r, 2, 3, [2]int{5, 4}, [2]int{3, 2}, [2]int{2, 1}, [2]int{1, 1}, true), img},
		{"WeightNorm(Dense)", NewWeightNorm[float64](NewDense[float64](r, 3, 4, true)), tensor.RandN[float64](r, 5, 3)},
		{"WeightNorm(Conv2D)", NewWeightNorm[float64](NewConv2D[float64](r, 2, 3, [2]int{2, 2}, [2]int{1, 1}, [2]int{0, 0}, true)), img},
		{"WeightNorm(LocallyConnected2D)", NewWeightNorm[float64](NewLocallyConnected2D[float64](r, 2, 3, [2]int{5, 4}, [2]int{2, 2}, [2]int{1, 1}, [2]int{0, 0}, true)), img},
		{"BatchNorm1D", NewBatchNorm1D[float64](3, true), tensor.RandN[float64](r, 6, 3)},
		{"BatchNorm2D", NewBatchNorm2D[float64](2, true), img},
		{"Sequential", NewSequential[float64](
			NewConv2D[float64](r, 2, 3, [2]int{3, 3}, [2]int{1, 1}, [2]int{1, 1}, true), Softplus[float64]{},
			AvgPool2D[float64]{Kernel: [2]int{2, 2}}, Flatten[float64]{},
			NewDense[float64](r, 12, 2, true), Sigmoid[float64]{}), img},
	} {
		// Move weights off zero so BatchNorm's affine map is not trivial.
		for _, p := range tc.layer.Params() {
			for j := range p.Value.Data() {
				p.Value.Data()[j] += 0.1 * r.NormFloat64()
			}
		}
		SetTraining(tc.layer, true)
		checkParamGradients(t, tc.name, tc.layer, tc.x)
	}
}

// TestLocallyConnectedWithSharedWeightsIsConv: copying a convolution's
// filters to every position gives the same output, for both layouts.
func TestLocallyConnectedWithSharedWeightsIsConv(t *testing.T) {
	r := newRand(3)
	conv := NewConv1D[float64](r, 2, 3, 3, 2, 0, true)
	lc := NewLocallyConnected1D[float64](r, 2, 3, 9, 3, 2, true)
	lout := lc.Weight.Dim(0)
	for l := range lout {
		copy(lc.Weight.Data()[l*18:(l+1)*18], conv.Weight.Data())
		for o := range 3 {
			lc.Bias.Set(conv.Bias.At(o), o, l)
		}
	}
	x := tensor.RandN[float64](r, 2, 2, 9)
	a := conv.Forward(autograd.Const(x)).Value().Data()
	b := lc.Forward(autograd.Const(x)).Value().Data()
	for i := range a {
		if !near(a[i], b[i], 1e-14) {
			t.Fatalf("1-D: conv %v, locally connected %v at %d", a[i], b[i], i)
		}
	}

	conv2 := NewConv2D[float64](r, 2, 3, [2]int{2, 3}, [2]int{1, 2}, [2]int{1, 1}, false)
	lc2 := NewLocallyConnected2D[float64](r, 2, 3, [2]int{4, 5}, [2]int{2, 3}, [2]int{1, 2}, [2]int{1, 1}, false)
	per := conv2.Weight.Len()
	for p := range lc2.Weight.Len() / per {
		copy(lc2.Weight.Data()[p*per:(p+1)*per], conv2.Weight.Data())
	}
	x2 := tensor.RandN[float64](r, 2, 2, 4, 5)
	a = conv2.Forward(autograd.Const(x2)).Value().Data()
	b = lc2.Forward(autograd.Const(x2)).Value().Data()
	for i := range a {
		if !near(a[i], b[i], 1e-14) {
			t.Fatalf("2-D: conv %v, locally connected %v at %d", a[i], b[i], i)
		}
	}
}

func TestDefaultInit(t *testing.T) {
	d := NewDense[float64](newRand(4), 400, 300, true)
	bound := 1 / math.Sqrt(400)
	var sq float64
	for _, w := range d.Weight.Data() {
		if math.Abs(w) > bound {
			t.Fatalf("weight %v outside ±%v", w, bound)
		}
		sq += w * w
	}
	// U[−b, b] has variance b²/3; 120000 draws pin it to about 0.5%.
	if v := sq / float64(d.Weight.Len()); math.Abs(v/(bound*bound/3)-1) > 0.02 {
		t.Errorf("weight variance %v, want %v", v, bound*bound/3)
	}
	for _, b := range d.Bias.Data() {
		if math.Abs(b) > bound {
			t.Fatalf("bias %v outside ±%v", b, bound)
		}
	}
	// Same seed, same layer.
	if e := NewDense[float64](newRand(4), 400, 300, true); !slices.Equal(e.Weight.Data(), d.Weight.Data()) || !slices.Equal(e.Bias.Data(), d.Bias.Data()) {
		t.Error("the same seed gave different weights")
	}
	c := NewConv2D[float32](newRand(5), 3, 8, [2]int{3, 3}, [2]int{1, 1}, [2]int{1, 1}, true)
	cb := float32(1 / math.Sqrt(27))
	for _, w := range append(c.Weight.Data(), c.Bias.Data()...) {
		if w < -cb || w > cb {
			t.Fatalf("conv parameter %v outside ±%v", w, cb)
		}
	}
}

func TestInitializers(t *testing.T) {
	if in, out := Fans([]int{8, 3, 5, 5}); in != 75 || out != 200 {
		t.Errorf("Fans = %d, %d; want 75, 200", in, out)
	}
	if in, out := Fans([]int{4, 6}); in != 6 || out != 4 {
		t.Errorf("Fans = %d, %d; want 6, 4", in, out)
	}
	r := newRand(6)
	std := func(x *tensor.Tensor[float64]) float64 {
		var s, sq float64
		for _, v := range x.Data() {
			s += v
			sq += v * v
		}
		n := float64(x.Len())
		return math.Sqrt(sq/n - (s/n)*(s/n))
	}
	w := tensor.Zeros[float64](200, 500)
	for _, tc := range []struct {
		name string
		fill func()
		want float64
	}{
		{"Normal", func() { Normal(r, w, 0, 0.3) }, 0.3},
		{"KaimingNormal", func() { KaimingNormal(r, w, 500, 0) }, math.Sqrt(2.0 / 500)},
		{"KaimingUniform", func() { KaimingUniform(r, w, 500, 0) }, math.Sqrt(2.0 / 500)},
		{"XavierNormal", func() { XavierNormal(r, w, 500, 200, 1) }, math.Sqrt(2.0 / 700)},
		{"XavierUniform", func() { XavierUniform(r, w, 500, 200, 2) }, 2 * math.Sqrt(2.0/700)},
	} {
		tc.fill()
		if s := std(w); math.Abs(s/tc.want-1) > 0.01 {
			t.Errorf("%s: std %v, want %v", tc.name, s, tc.want)
		}
	}
	mustPanic(t, "zero fan", func() { KaimingUniform(r, w, 0, 0) })
}

func TestPoolingAndFlatten(t *testing.T) {
	x := tensor.FromSlice([]float64{
		1, 2, 3, 4,
		5, 6, 7, 8,
		9, 10, 11, 12,
		13, 14, 15, 16}, 1, 1, 4, 4)
	mp := MaxPool2D[float64]{Kernel: [2]int{2, 2}} // zero Stride: Stride = Kernel
	if got := mp.Forward(autograd.Const(x)).Value().Data(); !slices.Equal(got, []float64{6, 8, 14, 16}) {
		t.Errorf("MaxPool2D = %v", got)
	}
	ap := AvgPool2D[float64]{Kernel: [2]int{2, 2}, Stride: [2]int{1, 2}}
	if got := ap.Forward(autograd.Const(x)).Value().Data(); !slices.Equal(got, []float64{3.5, 5.5, 7.5, 9.5, 11.5, 13.5}) {
		t.Errorf("AvgPool2D = %v", got)
	}
	if got := (Flatten[float64]{}).Forward(autograd.Const(x)).Shape(); !slices.Equal(got, []int{1, 16}) {
		t.Errorf("Flatten shape %v", got)
	}
}

func TestActivations(t *testing.T) {
	x := autograd.Const(tensor.FromSlice([]float64{-1, 0, 2}, 3))
	for _, tc := range []struct {
		layer Layer[float64]
		f     func(float64) float64
	}{
		{ReLU[float64]{}, func(v float64) float64 { return math.Max(v, 0) }},
		{Tanh[float64]{}, math.Tanh},
		{Sigmoid[float64]{}, func(v float64) float64 { return 1 / (1 + math.Exp(-v)) }},
		{Softplus[float64]{}, func(v float64) float64 { return math.Log1p(math.Exp(v)) }},
	} {
		got := tc.layer.Forward(x).Value().Data()
		for i, v := range x.Value().Data() {
			if !near(got[i], tc.f(v), 1e-15) {
				t.Errorf("%T(%v) = %v, want %v", tc.layer, v, got[i], tc.f(v))
			}
		}
	}
}

func TestConstructorPanics(t *testing.T) {
	r := newRand(7)
	mustPanic(t, "NewDense", func() { NewDense[float64](r, 0, 3, true) })
	mustPanic(t, "NewConv2D", func() { NewConv2D[float64](r, 1, 1, [2]int{0, 1}, [2]int{1, 1}, [2]int{0, 0}, true) })
	mustPanic(t, "NewConv1D", func() { NewConv1D[float64](r, 1, 1, 3, 0, 0, true) })
	mustPanic(t, "NewLocallyConnected1D", func() { NewLocallyConnected1D[float64](r, 1, 1, 2, 3, 1, true) })
	mustPanic(t, "NewLocallyConnected2D", func() {
		NewLocallyConnected2D[float64](r, 1, 1, [2]int{2, 2}, [2]int{3, 3}, [2]int{1, 1}, [2]int{0, 0}, true)
	})
	mustPanic(t, "NewWeightNorm(ReLU)", func() { NewWeightNorm[float64](ReLU[float64]{}) })
	mustPanic(t, "NewBatchNorm1D", func() { NewBatchNorm1D[float64](0, true) })
}
