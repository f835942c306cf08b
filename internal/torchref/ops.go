package torchref

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/deeptheory/deeptheory/autograd"
	"github.com/deeptheory/deeptheory/nn"
	"github.com/deeptheory/deeptheory/tensor"
)

// OpTolerance is the largest relative error (see RelError) allowed between
// an op computed by package autograd and PyTorch's reference, in float64.
// Summation order and library functions (exp, log, tanh) may round
// differently; nothing else should differ.
const OpTolerance = 1e-10

// relFloor is the smallest denominator RelError uses. It only matters when
// the reference is exactly zero everywhere; then any nonzero result fails.
const relFloor = 1e-300

// RelError returns the relative error of got against want (same length):
//
//	max_i |got_i − want_i| / max(max_i |want_i|, 1e-300).
//
// The error is measured against the tensor's largest element rather than
// element by element: rounding errors scale with the magnitudes that went
// into a result, so an element that comes out near zero by cancellation
// (a softmax gradient summing to zero, say) carries an absolute error of the
// size of its neighbours, and an elementwise relative error would flag it
// without cause. A NaN anywhere gives +Inf.
func RelError(got, want []float64) float64 {
	if len(got) != len(want) {
		return math.Inf(1)
	}
	diff, scale := 0.0, 0.0
	for i, w := range want {
		d := math.Abs(got[i] - w)
		if math.IsNaN(d) {
			return math.Inf(1)
		}
		diff = max(diff, d)
		scale = max(scale, math.Abs(w))
	}
	return diff / max(scale, relFloor)
}

// variable is the type the cases run on.
type variable = autograd.Var[float64]

// opSpec describes how one op of the reference cases maps onto package autograd.
type opSpec struct {
	inputs   int      // inputs required
	optional int      // further optional inputs (a bias)
	attrs    []string // the attrs accepted; any other is an error
	labels   bool     // in1 holds class labels: never differentiated
	// build computes the op from the case's attrs and inputs (nil for an
	// absent optional input).
	build func(c Case, xs []*variable) (*variable, error)
}

func unary(f func(*variable) *variable) opSpec {
	return opSpec{inputs: 1, build: func(c Case, xs []*variable) (*variable, error) { return f(xs[0]), nil }}
}

func binary(f func(a, b *variable) *variable, attrs ...string) opSpec {
	return opSpec{inputs: 2, attrs: attrs, build: func(c Case, xs []*variable) (*variable, error) {
		if err := reductionMean(c); err != nil {
			return nil, err
		}
		return f(xs[0], xs[1]), nil
	}}
}

// binaryLoss is a loss of scores in0 against constant labels in1 (±1).
func binaryLoss(f func(*variable, *tensor.Tensor[float64]) *variable) opSpec {
	return opSpec{inputs: 2, attrs: []string{"reduction"}, labels: true, build: func(c Case, xs []*variable) (*variable, error) {
		if err := reductionMean(c); err != nil {
			return nil, err
		}
		return f(xs[0], xs[1].Value()), nil
	}}
}

// withAttr is the spec of an op on inputs variables with one required
// attribute, name, read by get: f(inputs, the attribute's value).
func withAttr[A any](inputs int, name string, get func(Case, string) (A, bool, error), f func(xs []*variable, a A) *variable) opSpec {
	return opSpec{inputs: inputs, attrs: []string{name}, build: func(c Case, xs []*variable) (*variable, error) {
		a, err := required(c, name, get)
		if err != nil {
			return nil, err
		}
		return f(xs, a), nil
	}}
}

// required reads the attribute name of c with get; missing, it is an error.
func required[A any](c Case, name string, get func(Case, string) (A, bool, error)) (A, error) {
	a, ok, err := get(c, name)
	if err != nil || !ok {
		return a, orMissing(c, name, err)
	}
	return a, nil
}

// opSpecs maps each op name of testdata/torchref/README.md to its spec.
var opSpecs = map[string]opSpec{
	"add":     binary(autograd.Add[float64]),
	"sub":     binary(autograd.Sub[float64]),
	"mul":     binary(autograd.Mul[float64]),
	"div":     binary(autograd.Div[float64]),
	"neg":     unary(autograd.Neg[float64]),
	"exp":     unary(autograd.Exp[float64]),
	"log":     unary(autograd.Log[float64]),
	"sqrt":    unary(autograd.Sqrt[float64]),
	"tanh":    unary(autograd.Tanh[float64]),
	"sigmoid": unary(autograd.Sigmoid[float64]),
	"relu":    unary(autograd.ReLU[float64]),
	"square":  unary(autograd.Square[float64]),
	"pow": withAttr(1, "exponent", Case.AttrFloat, func(xs []*variable, p float64) *variable {
		return autograd.PowScalar(xs[0], p)
	}),
	"sum":         reduction(autograd.Sum[float64], autograd.SumAxis[float64]),
	"mean":        reduction(autograd.Mean[float64], autograd.MeanAxis[float64]),
	"max":         reduction(autograd.Max[float64], autograd.MaxAxis[float64]),
	"logsumexp":   reduction(autograd.LogSumExp[float64], autograd.LogSumExpAxis[float64]),
	"softmax":     alongAxis(autograd.Softmax[float64]),
	"log_softmax": alongAxis(autograd.LogSoftmax[float64]),
	"transpose":   unary(autograd.Transpose[float64]),
	"reshape": withAttr(1, "shape", Case.AttrInts, func(xs []*variable, shape []int) *variable {
		return autograd.Reshape(xs[0], shape...)
	}),
	"matmul": binary(autograd.MatMul[float64]),
	"linear": {inputs: 2, optional: 1, build: func(c Case, xs []*variable) (*variable, error) {
		return autograd.Linear(xs[0], xs[1], xs[2]), nil
	}},
	"conv1d": {inputs: 2, optional: 1, attrs: []string{"stride", "padding"}, build: func(c Case, xs []*variable) (*variable, error) {
		stride, padding, err := window(c, 1)
		if err != nil {
			return nil, err
		}
		return autograd.Conv1D(xs[0], xs[1], xs[2], stride[0], padding[0]), nil
	}},
	"conv2d": {inputs: 2, optional: 1, attrs: []string{"stride", "padding"}, build: func(c Case, xs []*variable) (*variable, error) {
		stride, padding, err := window(c, 2)
		if err != nil {
			return nil, err
		}
		return autograd.Conv2D(xs[0], xs[1], xs[2], stride, padding), nil
	}},
	"locally_connected1d": {inputs: 2, optional: 1, attrs: []string{"stride"}, build: func(c Case, xs []*variable) (*variable, error) {
		stride, err := attrPair(c, "stride", 1, 1)
		if err != nil {
			return nil, err
		}
		return autograd.LocallyConnected1D(xs[0], xs[1], xs[2], stride[0]), nil
	}},
	"locally_connected2d": {inputs: 2, optional: 1, attrs: []string{"stride", "padding"}, build: func(c Case, xs []*variable) (*variable, error) {
		stride, padding, err := window(c, 2)
		if err != nil {
			return nil, err
		}
		return autograd.LocallyConnected2D(xs[0], xs[1], xs[2], stride, padding), nil
	}},
	"max_pool2d": pooling(autograd.MaxPool2D[float64]),
	"avg_pool2d": pooling(autograd.AvgPool2D[float64]),
	"cross_entropy": {inputs: 2, attrs: []string{"reduction"}, labels: true, build: func(c Case, xs []*variable) (*variable, error) {
		if err := reductionMean(c); err != nil {
			return nil, err
		}
		return nn.CrossEntropy(xs[0], classLabels(xs[1].Value())), nil
	}},
	"exp_loss":      binaryLoss(nn.ExpLoss[float64]),
	"logistic_loss": binaryLoss(nn.LogisticLoss[float64]),
	"hinge_loss":    binaryLoss(nn.HingeLoss[float64]),
	// nn.MSELoss(out, target) differentiates out only; the cases also hold
	// the gradient with respect to the target, so the loss is taken of the
	// difference against zero: the same value, and gradients to both.
	"mse_loss": binary(func(a, b *variable) *variable {
		return nn.MSELoss(autograd.Sub(a, b), tensor.Zeros[float64](a.Shape()...))
	}, "reduction"),
	"abs":      unary(autograd.Abs[float64]),
	"softplus": unary(autograd.Softplus[float64]),
	"maximum":  binary(autograd.Maximum[float64]),
	"minimum":  binary(autograd.Minimum[float64]),
	"norm":     unary(autograd.Norm[float64]),
	"concat": withAttr(2, "axis", Case.AttrInt, func(xs []*variable, axis int) *variable {
		return autograd.Concat(axis, xs[0], xs[1])
	}),
	"slice": {inputs: 1, attrs: []string{"axis", "start", "stop"}, build: func(c Case, xs []*variable) (*variable, error) {
		var v [3]int
		for i, name := range []string{"axis", "start", "stop"} {
			x, err := required(c, name, Case.AttrInt)
			if err != nil {
				return nil, err
			}
			v[i] = x
		}
		return autograd.Slice(xs[0], v[0], v[1], v[2]), nil
	}},
	"permute": withAttr(1, "dims", Case.AttrInts, func(xs []*variable, dims []int) *variable {
		return autograd.Permute(xs[0], dims...)
	}),
	// batch_norm is F.batch_norm with training=True: nn's BatchNorm layer in
	// training mode, with the case's weight and bias as its parameters.
	"batch_norm": {inputs: 3, attrs: []string{"eps"}, build: func(c Case, xs []*variable) (*variable, error) {
		eps, err := required(c, "eps", Case.AttrFloat)
		if err != nil {
			return nil, err
		}
		shape := xs[0].Shape()
		if len(shape) < 2 {
			return nil, fmt.Errorf("torchref: %s: batch_norm input %v has no channel axis", c.Path, shape)
		}
		var layer nn.Layer[float64]
		var bn *nn.BatchNorm[float64]
		switch len(shape) {
		case 2, 3:
			l := nn.NewBatchNorm1D[float64](shape[1], true)
			layer, bn = l, &l.BatchNorm
		case 4:
			l := nn.NewBatchNorm2D[float64](shape[1], true)
			layer, bn = l, &l.BatchNorm
		default:
			return nil, fmt.Errorf("torchref: %s: batch_norm input %v is not [N C], [N C L] or [N C H W]", c.Path, shape)
		}
		bn.Weight, bn.Bias, bn.Eps = xs[1].Value(), xs[2].Value(), eps
		nn.SetTraining(layer, true)
		return layer.Forward(xs[0]), nil
	}},
	"weight_norm": {inputs: 2, attrs: []string{"axis"}, build: func(c Case, xs []*variable) (*variable, error) {
		if axis, ok, err := c.AttrInt("axis"); err != nil || ok && axis != 0 {
			if err == nil {
				err = fmt.Errorf("torchref: %s: weight_norm axis %d is not supported (only 0)", c.Path, axis)
			}
			return nil, err
		}
		return autograd.WeightNorm(xs[0], xs[1]), nil
	}},
}

// reduction is an op over all elements, or along attr axis (keepdim optional).
func reduction(all func(*variable) *variable, along func(*variable, int, bool) *variable) opSpec {
	return opSpec{inputs: 1, attrs: []string{"axis", "keepdim"}, build: func(c Case, xs []*variable) (*variable, error) {
		axis, hasAxis, err := c.AttrInt("axis")
		if err != nil {
			return nil, err
		}
		keep, hasKeep, err := c.AttrBool("keepdim")
		if err != nil {
			return nil, err
		}
		if !hasAxis {
			if hasKeep {
				return nil, fmt.Errorf("torchref: %s: keepdim without axis", c.Path)
			}
			return all(xs[0]), nil
		}
		return along(xs[0], axis, keep), nil
	}}
}

// alongAxis is an op along attr axis (required).
func alongAxis(f func(*variable, int) *variable) opSpec {
	return withAttr(1, "axis", Case.AttrInt, func(xs []*variable, axis int) *variable { return f(xs[0], axis) })
}

// pooling is a 2-D pooling op with attrs kernel (required) and stride
// (default: the kernel, as PyTorch).
func pooling(f func(*variable, [2]int, [2]int) *variable) opSpec {
	return opSpec{inputs: 1, attrs: []string{"kernel", "stride"}, build: func(c Case, xs []*variable) (*variable, error) {
		if _, ok := c.Attrs["kernel"]; !ok {
			return nil, orMissing(c, "kernel", nil)
		}
		kernel, err := attrPair(c, "kernel", 2, 0)
		if err != nil {
			return nil, err
		}
		stride, err := attrPair(c, "stride", 2, 0)
		if err != nil {
			return nil, err
		}
		if _, ok := c.Attrs["stride"]; !ok {
			stride = kernel
		}
		return f(xs[0], kernel, stride), nil
	}}
}

// window reads the attrs stride (default 1) and padding (default 0) of an
// n-D windowed op, n = 1 or 2 (see attrPair).
func window(c Case, n int) (stride, padding [2]int, err error) {
	if stride, err = attrPair(c, "stride", n, 1); err != nil {
		return stride, padding, err
	}
	padding, err = attrPair(c, "padding", n, 0)
	return stride, padding, err
}

// attrPair reads an int attr given as n integers or one (repeated n times);
// absent, it is def. n is 1 or 2; the second entry of the result is unused for 1.
func attrPair(c Case, name string, n, def int) ([2]int, error) {
	v, ok, err := c.AttrInts(name)
	if err != nil {
		return [2]int{}, err
	}
	if !ok {
		return [2]int{def, def}, nil
	}
	switch {
	case len(v) == 1:
		return [2]int{v[0], v[0]}, nil
	case len(v) == n:
		return [2]int{v[0], v[1]}, nil
	}
	return [2]int{}, fmt.Errorf("torchref: %s: attr %q = %v: want 1 or %d integers", c.Path, name, v, n)
}

// reductionMean checks that attr reduction, if present, is "mean".
func reductionMean(c Case) error {
	r, ok, err := c.AttrString("reduction")
	if err != nil {
		return err
	}
	if ok && r != "mean" {
		return fmt.Errorf("torchref: %s: reduction %q is not supported (only \"mean\")", c.Path, r)
	}
	return nil
}

func orMissing(c Case, name string, err error) error {
	if err != nil {
		return err
	}
	return fmt.Errorf("torchref: %s: op %q needs attr %q", c.Path, c.Op, name)
}

// Ops returns the names of the ops RunOp knows, sorted.
func Ops() []string {
	names := make([]string, 0, len(opSpecs))
	for name := range opSpecs {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}

// RunOp runs one ops case through package autograd. It maps c.Op and
// c.Attrs onto the autograd op, evaluates it on the inputs in0, in1, ...
// (an input is differentiated when the case has its gradK), and computes the
// vector-Jacobian product with gout. It returns the relative error
// (RelError) of "out" and of each "gradK" the case holds.
//
// An unknown op, an attr the op does not take or cannot read, a missing or
// unexpected tensor, a shape that differs from the reference, or a panic of
// the op is an error: a case RunOp cannot check is never silently skipped.
func RunOp(c Case) (errs map[string]float64, err error) {
	spec, ok := opSpecs[c.Op]
	if !ok {
		return nil, fmt.Errorf("torchref: %s: unknown op %q", c.Path, c.Op)
	}
	for name := range c.Attrs {
		if !slices.Contains(spec.attrs, name) {
			return nil, fmt.Errorf("torchref: %s: op %q does not take attr %q", c.Path, c.Op, name)
		}
	}
	out, okOut := c.Tensors["out"]
	gout, okGout := c.Tensors["gout"]
	if !okOut || !okGout {
		return nil, fmt.Errorf("torchref: %s: the case needs tensors out and gout", c.Path)
	}
	n := 0
	for ; ; n++ {
		if _, ok := c.Input(n); !ok {
			break
		}
	}
	if n < spec.inputs || n > spec.inputs+spec.optional {
		return nil, fmt.Errorf("torchref: %s: op %q takes %d to %d inputs, the case has %d", c.Path, c.Op, spec.inputs, spec.inputs+spec.optional, n)
	}
	for name := range c.Tensors {
		if !knownTensor(name, n) {
			return nil, fmt.Errorf("torchref: %s: unexpected tensor %q", c.Path, name)
		}
	}
	if _, ok := c.Grad(1); ok && spec.labels {
		return nil, fmt.Errorf("torchref: %s: grad1 for the labels of %q, which are not differentiable", c.Path, c.Op)
	}

	defer func() {
		if r := recover(); r != nil {
			errs, err = nil, fmt.Errorf("torchref: %s: op %q panicked: %v", c.Path, c.Op, r)
		}
	}()
	tp := autograd.NewTape[float64]()
	xs := make([]*variable, spec.inputs+spec.optional) // nil for an absent optional input
	var wrt []*variable
	var wrtNames []string
	for i := range n {
		in, _ := c.Input(i)
		value := tensor.FromSlice(slices.Clone(in.Data), in.Shape...)
		if _, ok := c.Grad(i); ok {
			xs[i] = tp.Param(value)
			wrt = append(wrt, xs[i])
			wrtNames = append(wrtNames, "grad"+strconv.Itoa(i))
		} else {
			xs[i] = tp.Const(value)
		}
	}
	y, err := spec.build(c, xs)
	if err != nil {
		return nil, err
	}
	errs = map[string]float64{}
	if err := compare(c, "out", y.Value(), out, errs); err != nil {
		return nil, err
	}
	if !slices.Equal(gout.Shape, y.Shape()) {
		return nil, fmt.Errorf("torchref: %s: gout has shape %v, out %v", c.Path, gout.Shape, y.Shape())
	}
	grads := autograd.VJP(y, tensor.FromSlice(slices.Clone(gout.Data), gout.Shape...), wrt...)
	for i, g := range grads {
		if err := compare(c, wrtNames[i], g, c.Tensors[wrtNames[i]], errs); err != nil {
			return nil, err
		}
	}
	return errs, nil
}

// knownTensor reports whether name is one of the tensors a case with n inputs may hold.
func knownTensor(name string, n int) bool {
	if name == "out" || name == "gout" {
		return true
	}
	for _, prefix := range []string{"in", "grad"} {
		if rest, ok := strings.CutPrefix(name, prefix); ok {
			k, err := strconv.Atoi(rest)
			return err == nil && k >= 0 && k < n && strconv.Itoa(k) == rest
		}
	}
	return false
}

// compare records RelError(got, want) as errs[name], or returns an error if
// the shapes differ.
func compare(c Case, name string, got *tensor.Tensor[float64], want Tensor64, errs map[string]float64) error {
	if !slices.Equal(got.Shape(), want.Shape) {
		return fmt.Errorf("torchref: %s: %s has shape %v, PyTorch's %v", c.Path, name, got.Shape(), want.Shape)
	}
	errs[name] = RelError(got.Data(), want.Data)
	return nil
}

// CheckOp runs case c (RunOp) and returns an error naming every tensor whose
// relative error exceeds tol.
func CheckOp(c Case, tol float64) error {
	errs, err := RunOp(c)
	if err != nil {
		return err
	}
	var bad []string
	for name, e := range errs {
		if !(e <= tol) {
			bad = append(bad, fmt.Sprintf("%s (relative error %.3g)", name, e))
		}
	}
	if len(bad) > 0 {
		sort.Strings(bad)
		return fmt.Errorf("torchref: %s: op %q: %s exceed the tolerance %g", c.Path, c.Op, strings.Join(bad, ", "), tol)
	}
	return nil
}
