package autograd

import (
	"fmt"
	"runtime"
	"slices"
	"testing"

	"github.com/deeptheory/deeptheory/tensor"
)

// batchNormComposite is the composition of primitives that nn's BatchNorm
// used before the fused BatchNorm: the test oracle. It returns y and the
// batch mean and biased variance as [C].
func batchNormComposite[T Float](x, weight, bias *Var[T], eps float64) (*Var[T], *tensor.Tensor[T], *tensor.Tensor[T]) {
	shape := x.Shape()
	c := shape[1]
	per := make([]int, len(shape))
	for i := range per {
		per[i] = 1
	}
	per[1] = c
	meanExceptChannel := func(v *Var[T]) *Var[T] {
		for axis := len(v.Shape()) - 1; axis >= 0; axis-- {
			if axis != 1 {
				v = MeanAxis(v, axis, true)
			}
		}
		return v
	}
	mean := meanExceptChannel(x)
	centered := Sub(x, mean)
	variance := meanExceptChannel(Square(centered))
	scale := PowScalar(AddScalar(variance, T(eps)), -0.5)
	var y *Var[T]
	if weight == nil {
		y = Mul(centered, scale)
	} else {
		y = Add(Mul(centered, Mul(scale, Reshape(weight, per...))), Reshape(bias, per...))
	}
	return y, mean.Value().Reshape(c), variance.Value().Reshape(c)
}

// batchNormShapes are odd shapes: [N C], [N C L] and [N C H W], batch 1,
// runs of odd length.
var batchNormShapes = [][]int{{7, 3}, {2, 5}, {1, 3, 5}, {4, 2, 7}, {2, 3, 5, 7}, {1, 4, 3, 3}, {3, 2, 1, 1}, {2, 2, 19, 31}}

// runBatchNorm returns, for a batch norm implementation bn on the inputs
// (x, weight, bias; weight and bias nil when affine is false) in T, the
// output, mean, variance, the gradients of ⟨cot, y⟩ (recorded) and the
// second-order gradients of ⟨∇, dirs⟩, all in float64.
func runBatchNorm[T Float](bn func(x, w, b *Var[T], eps float64) (*Var[T], *tensor.Tensor[T], *tensor.Tensor[T]),
	inputs, dirs []*T64, cot *T64, affine, graph bool) []*T64 {
	tp := NewTape[T]()
	var vars []*Var[T]
	n := 1
	if affine {
		n = 3
	}
	for _, in := range inputs[:n] {
		vars = append(vars, tp.Param(tensor.Convert[T](in)))
	}
	var w, b *Var[T]
	if affine {
		w, b = vars[1], vars[2]
	}
	y, mean, variance := bn(vars[0], w, b, 1e-5)
	out := []*T64{tensor.Convert[float64](y.Value()), tensor.Convert[float64](mean), tensor.Convert[float64](variance)}
	loss := Sum(Mul(y, Const(tensor.Convert[T](cot))))
	return appendGrads(out, loss, vars, dirs, graph)
}

// appendGrads appends to out the gradients of loss with respect to vars and,
// when graph is set, the Hessian-vector products with the directions dirs
// (the gradient of Σ_i ⟨∂loss/∂vars[i], dirs[i]⟩, through the recorded
// backward pass), all in float64.
func appendGrads[T Float](out []*T64, loss *Var[T], vars []*Var[T], dirs []*T64, graph bool) []*T64 {
	if !graph {
		for _, g := range Gradients(loss, vars...) {
			out = append(out, tensor.Convert[float64](g))
		}
		return out
	}
	grads := GradientsGraph(loss, vars...)
	dot := Scalar(T(0))
	for i, gi := range grads {
		out = append(out, tensor.Convert[float64](gi.Value()))
		dot = Add(dot, Sum(Mul(gi, Const(tensor.Convert[T](dirs[i])))))
	}
	for _, h := range Gradients(dot, vars...) {
		out = append(out, tensor.Convert[float64](h))
	}
	return out
}

// batchNormInputs draws x (with an offset per channel, so that centring
// matters), weight, bias, the cotangent and second-order directions.
func batchNormInputs(g gen, shape []int) (inputs, dirs []*T64, cot *T64) {
	x := g.normal(shape...)
	c := shape[1]
	per := len(x.Data()) / shape[0] / c
	for i := range x.Data() {
		x.Data()[i] = 1.5*x.Data()[i] + float64(i/per%c) - 1
	}
	inputs = []*T64{x, g.normal(c), g.normal(c)}
	dirs = []*T64{g.normal(shape...), g.normal(c), g.normal(c)}
	return inputs, dirs, g.normal(shape...)
}

// TestBatchNormMatchesComposite compares the fused BatchNorm with the
// composition it replaced: the output, the statistics, the gradients (fast
// backward, and recorded backward) and the second-order gradients (a
// Hessian-vector product through the recorded backward), on odd shapes, in
// float64 and float32, with and without the affine map.
func TestBatchNormMatchesComposite(t *testing.T) {
	g := newGen(20)
	for _, shape := range batchNormShapes {
		for _, affine := range []bool{true, false} {
			inputs, dirs, cot := batchNormInputs(g, shape)
			t.Run(fmt.Sprintf("%v/affine=%v", shape, affine), func(t *testing.T) {
				for _, graph := range []bool{false, true} {
					compare := func(what string, got, want []*T64, tol float64) {
						t.Helper()
						if len(got) != len(want) {
							t.Fatalf("%s: %d results, want %d", what, len(got), len(want))
						}
						for i := range want {
							if d := maxRelDiff(got[i], want[i]); !(d <= tol) {
								t.Errorf("%s, graph=%v: result %d (y, mean, variance, gradients, second-order) differs by %g", what, graph, i, d)
							}
						}
					}
					want := runBatchNorm(batchNormComposite[float64], inputs, dirs, cot, affine, graph)
					compare("float64", runBatchNorm(BatchNorm[float64], inputs, dirs, cot, affine, graph), want, 1e-12)
					compare("float32", runBatchNorm(BatchNorm[float32], inputs, dirs, cot, affine, graph), want, 1e-4)
				}
			})
		}
	}
}

// TestBatchNormParallelBits: an input large enough to be shared between
// goroutines gives the same bits under GOMAXPROCS 1 and 2, forward and
// backward.
func TestBatchNormParallelBits(t *testing.T) {
	g := newGen(21)
	inputs, _, cot := batchNormInputs(g, []int{4, 7, 67, 71}) // 133196 values: two parts
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	var results [][]*T64
	for _, procs := range []int{1, 2, 1} {
		runtime.GOMAXPROCS(procs)
		results = append(results, runBatchNorm(BatchNorm[float64], inputs, nil, cot, true, false))
		f32 := runBatchNorm(BatchNorm[float32], inputs, nil, cot, true, false)
		results[len(results)-1] = append(results[len(results)-1], f32...)
	}
	for _, r := range results[1:] {
		for i := range r {
			if !slices.Equal(r[i].Data(), results[0][i].Data()) {
				t.Errorf("result %d differs between GOMAXPROCS 1 and 2", i)
			}
		}
	}
}
