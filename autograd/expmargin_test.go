package autograd

import (
	"math"
	"testing"

	"github.com/deeptheory/deeptheory/tensor"
)

// meanExpMarginComposite is MeanExpMargin's oracle: the composite it fuses.
func meanExpMarginComposite[T Float](x *Var[T], y *tensor.Tensor[T]) *Var[T] {
	return Mean(Exp(Neg(Mul(x.Tape().Const(y), x))))
}

// TestMeanExpMarginBits checks that the primitive's value, gradient and
// recorded gradient are the composite's bit for bit (labels ±1 and general
// reals, float32 and float64, several lengths, a reused tape).
func TestMeanExpMarginBits(t *testing.T) {
	testMeanExpMarginBits[float64](t)
	testMeanExpMarginBits[float32](t)
}

func testMeanExpMarginBits[T Float](t *testing.T) {
	g := newGen(7)
	tp := NewTape[T]()
	for _, n := range []int{1, 2, 7, 24, 33} {
		for _, labels := range []string{"signs", "reals"} {
			x := tensor.Convert[T](g.normal(n))
			var y *tensor.Tensor[T]
			if labels == "signs" {
				y = tensor.Convert[T](g.signs(n))
			} else {
				y = tensor.Convert[T](g.normal(n))
			}
			for _, graph := range []bool{false, true} {
				var got, want [2]T
				var gotGrad, wantGrad []T
				for k, f := range []func(*Var[T], *tensor.Tensor[T]) *Var[T]{MeanExpMargin[T], meanExpMarginComposite[T]} {
					tp.Reset()
					xv := tp.Param(x)
					loss := f(xv, y)
					var grad *tensor.Tensor[T]
					if graph {
						grad = GradientsGraph(loss, xv)[0].Value()
					} else {
						grad = Gradients(loss, xv)[0]
					}
					if k == 0 {
						got[0], gotGrad = loss.Value().Item(), append([]T(nil), grad.Data()...)
					} else {
						want[0], wantGrad = loss.Value().Item(), append([]T(nil), grad.Data()...)
					}
				}
				if math.Float64bits(float64(got[0])) != math.Float64bits(float64(want[0])) {
					t.Errorf("n=%d %s graph=%v: loss %v, composite %v", n, labels, graph, got[0], want[0])
				}
				for i := range gotGrad {
					if math.Float64bits(float64(gotGrad[i])) != math.Float64bits(float64(wantGrad[i])) {
						t.Errorf("n=%d %s graph=%v: gradient[%d] %v, composite %v", n, labels, graph, i, gotGrad[i], wantGrad[i])
					}
				}
			}
		}
	}
}

// TestMeanExpMarginHessian checks the Hessian through the primitive against
// the composite's: x̄ᵢ's derivative is (ḡ/N)·yᵢ²·eᵢ on the diagonal.
func TestMeanExpMarginHessian(t *testing.T) {
	g := newGen(8)
	x, y := g.normal(5), g.normal(5)
	for k, f := range []func(*V, *T64) *V{MeanExpMargin[float64], meanExpMarginComposite[float64]} {
		tp := NewTape[float64]()
		xv := tp.Param(x)
		grad := GradientsGraph(f(xv, y), xv)[0]
		for i := range 5 {
			row := Gradients(Sum(Mul(grad, Const(tensor.FromSlice(unitVector(5, i), 5)))), xv)[0]
			for j, h := range row.Data() {
				want := 0.0
				if i == j {
					want = y.Data()[i] * y.Data()[i] * math.Exp(-y.Data()[i]*x.Data()[i]) / 5
				}
				if math.Abs(h-want) > 1e-12*(1+math.Abs(want)) {
					t.Errorf("f%d: H[%d][%d] = %v, want %v", k, i, j, h, want)
				}
			}
		}
	}
}

func unitVector(n, i int) []float64 {
	v := make([]float64, n)
	v[i] = 1
	return v
}

func TestMeanExpMarginShapes(t *testing.T) {
	defer func() {
		if r := recover(); r == nil {
			t.Error("MeanExpMargin of shapes [3] and [3 1] did not panic")
		}
	}()
	MeanExpMargin(Const(tensor.Zeros[float64](3)), tensor.Zeros[float64](3, 1))
}
