package autograd_test

import (
	"fmt"

	"github.com/deeptheory/deeptheory/autograd"
	"github.com/deeptheory/deeptheory/tensor"
)

// The gradient of f(x, w) = Σ tanh(w·x) with respect to w.
func ExampleGradients() {
	tp := autograd.NewTape[float64]()
	x := tp.Const(tensor.FromSlice([]float64{1, 2}, 2))
	w := tp.Param(tensor.FromSlice([]float64{0.5, 0.25}, 2))
	loss := autograd.Sum(autograd.Tanh(autograd.Mul(w, x)))
	grad := autograd.Gradients(loss, w)[0]
	fmt.Printf("loss %.4f, gradient %.4f\n", loss.Value().Item(), grad.Data())
	// Output: loss 0.9242, gradient [0.7864 1.5729]
}

// Checking a user-defined operation, y = x³ with its rule ȳ·3x², against
// central differences.
func ExampleCheckGradient() {
	cube := func(x *autograd.Var[float64]) *autograd.Var[float64] {
		v := x.Value()
		return autograd.Record("cube", tensor.Mul(v, tensor.Mul(v, v)),
			func(g *autograd.Var[float64]) []*autograd.Var[float64] {
				return []*autograd.Var[float64]{autograd.Mul(g, autograd.MulScalar(autograd.Square(x), 3))}
			}, x)
	}
	x := tensor.FromSlice([]float64{-1.5, 0.3, 2}, 3)
	_, err := autograd.CheckGradient(func(xs ...*autograd.Var[float64]) *autograd.Var[float64] {
		return cube(xs[0])
	}, []*tensor.Tensor[float64]{x}, autograd.CheckOptions{})
	fmt.Println("error:", err)
	// Output: error: <nil>
}

// The curvature of f(x) = Σ x⁴/4 along v: H·v = 3x²·v.
func ExampleHessianVectorProduct() {
	tp := autograd.NewTape[float64]()
	x := tp.Param(tensor.FromSlice([]float64{1, -2, 3}, 3))
	f := autograd.MulScalar(autograd.Sum(autograd.PowScalar(x, 4)), 0.25)
	v := tensor.FromSlice([]float64{1, 1, 0.5}, 3)
	hv := autograd.HessianVectorProduct(f, []*autograd.Var[float64]{x}, []*tensor.Tensor[float64]{v})[0]
	fmt.Println(hv.Data())
	// Output: [3 12 13.5]
}

// A training loop reuses one tape: Reset at the start of each step recycles
// every tensor of the previous step.
func ExampleTape_Reset() {
	x := tensor.FromSlice([]float64{1, 2, 3, 4}, 4, 1)
	y := tensor.FromSlice([]float64{2, 4, 6, 8}, 4, 1)
	w := tensor.FromSlice([]float64{0}, 1, 1) // fit y = w·x
	tp := autograd.NewTape[float64]()
	for step := range 50 {
		tp.Reset()
		weight := tp.Param(w)
		residual := autograd.Sub(autograd.MatMul(tp.Const(x), weight), tp.Const(y))
		loss := autograd.Mean(autograd.Square(residual))
		grad := autograd.Gradients(loss, weight)[0]
		w.Data()[0] -= 0.01 * grad.Data()[0]
		if step%20 == 0 {
			fmt.Printf("step %d: loss %.4f\n", step, loss.Value().Item())
		}
	}
	fmt.Printf("w = %.4f\n", w.Data()[0])
	// Output:
	// step 0: loss 30.0000
	// step 20: loss 0.0451
	// step 40: loss 0.0001
	// w = 1.9994
}
