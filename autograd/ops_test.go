package autograd

import (
	"go/ast"
	"go/parser"
	"go/token"
	"math/rand/v2"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/deeptheory/deeptheory/tensor"
)

type (
	V   = Var[float64]
	T64 = tensor.Tensor[float64]
)

// gen draws test inputs from a seeded generator.
type gen struct{ r *rand.Rand }

func newGen(seed uint64) gen { return gen{rand.New(rand.NewPCG(seed, 0xdee9))} }

// normal returns standard normal elements.
func (g gen) normal(shape ...int) *T64 { return tensor.RandN[float64](g.r, shape...) }

// positive returns elements uniform on [0.5, 2): inside the domain of Log, Sqrt, Pow.
func (g gen) positive(shape ...int) *T64 { return tensor.RandU[float64](g.r, 0.5, 2, shape...) }

// distinct returns elements at least 0.2 apart and at least 0.1 away from 0,
// in random order: away from the kinks of ReLU, Abs, max and friends.
func (g gen) distinct(shape ...int) *T64 {
	t := tensor.Zeros[float64](shape...)
	data := t.Data()
	for i, k := range g.r.Perm(len(data)) {
		data[i] = float64(k-len(data)/2)*0.3 + 0.1 + 0.1*g.r.Float64()
	}
	return t
}

// signs returns elements ±1.
func (g gen) signs(shape ...int) *T64 {
	t := tensor.Zeros[float64](shape...)
	for i := range t.Data() {
		t.Data()[i] = float64(2*g.r.IntN(2) - 1)
	}
	return t
}

// opCase is one entry of the gradient-check table.
type opCase struct {
	name   string // the exported function covered, optionally followed by "/variant"
	inputs []*T64
	f      func(xs ...*V) *V
	// constant lists inputs that are not differentiated (labels and the like).
	constant []int
}

func (c opCase) recorded() []bool {
	rec := make([]bool, len(c.inputs))
	for i := range rec {
		rec[i] = true
	}
	for _, i := range c.constant {
		rec[i] = false
	}
	return rec
}

// cube is a user-defined primitive made with Record: y = x³, x̄ = 3x²·ḡ.
func cube(x *V) *V {
	v := x.Value()
	return Record("cube", tensor.Mul(v, tensor.Mul(v, v)), func(g *V) []*V {
		return []*V{Mul(g, MulScalar(Square(x), 3))}
	}, x)
}

// opTable returns the gradient-check table: every exported op (and a few
// unexported primitives), with inputs away from kinks.
func opTable() []opCase {
	g := newGen(1)
	un := func(name string, f func(*V) *V, x *T64) opCase {
		return opCase{name: name, inputs: []*T64{x}, f: func(xs ...*V) *V { return f(xs[0]) }}
	}
	bin := func(name string, f func(a, b *V) *V, a, b *T64) opCase {
		return opCase{name: name, inputs: []*T64{a, b}, f: func(xs ...*V) *V { return f(xs[0], xs[1]) }}
	}
	tri := func(name string, f func(a, b, c *V) *V, a, b, c *T64) opCase {
		return opCase{name: name, inputs: []*T64{a, b, c}, f: func(xs ...*V) *V { return f(xs[0], xs[1], xs[2]) }}
	}
	win := tensor.Window{Kernel: [2]int{2, 3}, Stride: [2]int{2, 1}, Padding: [2]int{1, 1}}
	foldCols := g.normal(2, 2*6, 3*5) // Fold to 4×5 images with win: Ho = 3, Wo = 5
	// The convolution's gradient primitives for 5×4 images: Ho = 3, Wo = 3.
	convWin := tensor.Window{Kernel: [2]int{3, 2}, Stride: [2]int{2, 1}, Padding: [2]int{1, 0}}
	// The locally connected layer's gradient primitives: 5×4 images with
	// convWin (Ho = Wo = 3), and sequences of 7 with kernel 3, stride 2 (Lout = 3).
	localWin := localOp{win: convWin, h: 5, w: 4}
	localWin1D := localOp{win: tensor.Window1D(3, 2, 0), oneD: true, h: 1, w: 7}
	return []opCase{
		// Elementwise binary ops, with and without broadcasting.
		bin("Add", Add[float64], g.normal(3, 4), g.normal(3, 4)),
		bin("Add/broadcast", Add[float64], g.normal(2, 1, 4), g.normal(3, 1)),
		bin("Sub", Sub[float64], g.normal(3, 1), g.normal(1, 4)),
		bin("Mul", Mul[float64], g.normal(2, 3, 4), g.normal(3, 4)),
		bin("Mul/scalar", Mul[float64], g.normal(3, 4), g.normal()),
		bin("Div", Div[float64], g.normal(3, 4), g.positive(4)),
		bin("Pow", Pow[float64], g.positive(3, 4), g.normal(4)),
		bin("Maximum", Maximum[float64], g.distinct(3, 4), g.distinct(4)),
		bin("Minimum", Minimum[float64], g.distinct(3, 4), g.distinct(3, 1)),
		un("AddScalar", func(x *V) *V { return AddScalar(x, 1.5) }, g.normal(3, 4)),
		un("MulScalar", func(x *V) *V { return MulScalar(x, -2.5) }, g.normal(3, 4)),
		un("PowScalar", func(x *V) *V { return PowScalar(x, 2.7) }, g.positive(3, 4)),
		// Elementwise unary ops.
		un("Neg", Neg[float64], g.normal(3, 4)),
		un("Exp", Exp[float64], g.normal(3, 4)),
		un("Log", Log[float64], g.positive(3, 4)),
		un("Sqrt", Sqrt[float64], g.positive(3, 4)),
		un("Tanh", Tanh[float64], g.normal(3, 4)),
		un("Sigmoid", Sigmoid[float64], g.normal(3, 4)),
		un("Softplus", Softplus[float64], g.normal(3, 4)),
		un("ReLU", ReLU[float64], g.distinct(3, 4)),
		{name: "gate", inputs: []*T64{g.normal(3, 4), g.distinct(3, 4)}, constant: []int{1},
			f: func(xs ...*V) *V { return gate(xs[0], xs[1]) }},
		un("Abs", Abs[float64], g.distinct(3, 4)),
		un("Square", Square[float64], g.normal(3, 4)),
		{name: "MeanExpMargin", inputs: []*T64{g.normal(6), g.signs(6)}, constant: []int{1},
			f: func(xs ...*V) *V { return MeanExpMargin(xs[0], xs[1].Value()) }},
		{name: "MeanExpMargin/2d", inputs: []*T64{g.normal(3, 2), g.normal(3, 2)}, constant: []int{1},
			f: func(xs ...*V) *V { return MeanExpMargin(xs[0], xs[1].Value()) }},
		// Constants and user ops.
		un("Const", func(x *V) *V { return Mul(x, Const(tensor.Arange[float64](4))) }, g.normal(3, 4)),
		un("Scalar", func(x *V) *V { return Add(Mul(x, Scalar(-3.0)), Scalar(1.0)) }, g.normal(3, 4)),
		un("Record", cube, g.normal(3, 4)),
		// Matrix products, plain, transposed and batched.
		bin("MatMul", MatMul[float64], g.normal(3, 4), g.normal(4, 2)),
		bin("MatMul/batched", MatMul[float64], g.normal(2, 3, 4), g.normal(4, 5)),
		bin("MatMul/broadcast", MatMul[float64], g.normal(2, 1, 3, 4), g.normal(3, 4, 2)),
		bin("MatMulT/a", func(a, b *V) *V { return MatMulT(a, b, true, false) }, g.normal(4, 3), g.normal(4, 2)),
		bin("MatMulT/b", func(a, b *V) *V { return MatMulT(a, b, false, true) }, g.normal(3, 4), g.normal(2, 4)),
		bin("MatMulT/ab", func(a, b *V) *V { return MatMulT(a, b, true, true) }, g.normal(2, 4, 3), g.normal(2, 4)),
		// Broadcasting and reductions.
		un("SumTo", func(x *V) *V { return SumTo(x, 3, 1) }, g.normal(2, 3, 4)),
		un("BroadcastTo", func(x *V) *V { return BroadcastTo(x, 2, 3, 4) }, g.normal(3, 1)),
		un("Sum", Sum[float64], g.normal(3, 4)),
		un("Mean", Mean[float64], g.normal(3, 4)),
		un("SumAxis", func(x *V) *V { return SumAxis(x, 1, false) }, g.normal(2, 3, 4)),
		un("SumAxis/keep", func(x *V) *V { return SumAxis(x, -1, true) }, g.normal(2, 3, 4)),
		un("MeanAxis", func(x *V) *V { return MeanAxis(x, 0, true) }, g.normal(2, 3, 4)),
		un("Max", Max[float64], g.distinct(3, 4)),
		un("MaxAxis", func(x *V) *V { return MaxAxis(x, 1, false) }, g.distinct(2, 3, 4)),
		un("MaxAxis/keep", func(x *V) *V { return MaxAxis(x, -1, true) }, g.distinct(2, 3, 4)),
		un("LogSumExp", LogSumExp[float64], g.normal(3, 4)),
		un("LogSumExpAxis", func(x *V) *V { return LogSumExpAxis(x, 1, false) }, g.normal(2, 3, 4)),
		un("LogSumExpAxis/keep", func(x *V) *V { return LogSumExpAxis(x, 0, true) }, g.normal(2, 3, 4)),
		un("Softmax", func(x *V) *V { return Softmax(x, 1) }, g.normal(2, 3, 4)),
		un("LogSoftmax", func(x *V) *V { return LogSoftmax(x, -1) }, g.normal(3, 4)),
		un("Norm", Norm[float64], g.normal(3, 4)),
		// Shapes.
		un("Reshape", func(x *V) *V { return Reshape(x, 4, -1) }, g.normal(2, 3, 4)),
		un("Transpose", Transpose[float64], g.normal(3, 4)),
		un("Permute", func(x *V) *V { return Permute(x, 2, 0, 1) }, g.normal(2, 3, 4)),
		un("Flatten", Flatten[float64], g.normal(2, 3, 4)),
		tri("Concat", func(a, b, c *V) *V { return Concat(1, a, b, c) }, g.normal(2, 3, 4), g.normal(2, 1, 4), g.normal(2, 2, 4)),
		{name: "Concat/constant", inputs: []*T64{g.normal(2, 3), g.normal(2, 2)}, constant: []int{0},
			f: func(xs ...*V) *V { return Concat(-1, xs[0], xs[1]) }},
		un("Slice", func(x *V) *V { return Slice(x, 1, 1, 3) }, g.normal(2, 4, 3)),
		un("padAxis", func(x *V) *V { return padAxis(x, 0, 2, 5) }, g.normal(2, 3)),
		// Layers.
		tri("Linear", Linear[float64], g.normal(4, 3), g.normal(2, 3), g.normal(2)),
		bin("Linear/nobias", func(x, w *V) *V { return Linear(x, w, nil) }, g.normal(4, 3), g.normal(2, 3)),
		un("Unfold", func(x *V) *V { return Unfold(x, win) }, g.normal(2, 2, 4, 5)),
		un("Fold", func(c *V) *V { return Fold(c, 4, 5, win) }, foldCols),
		tri("Conv2D", func(x, w, b *V) *V { return Conv2D(x, w, b, [2]int{2, 1}, [2]int{1, 0}) },
			g.normal(2, 2, 5, 4), g.normal(3, 2, 3, 2), g.normal(3)),
		bin("Conv2D/nobias", func(x, w *V) *V { return Conv2D(x, w, nil, [2]int{1, 1}, [2]int{0, 0}) },
			g.normal(1, 2, 4, 4), g.normal(2, 2, 2, 2)),
		tri("Conv2D/1x1", func(x, w, b *V) *V { return Conv2D(x, w, b, [2]int{1, 1}, [2]int{0, 0}) },
			g.normal(2, 3, 3, 4), g.normal(2, 3, 1, 1), g.normal(2)),
		tri("Conv2D/padded", func(x, w, b *V) *V { return Conv2D(x, w, b, [2]int{1, 2}, [2]int{2, 1}) },
			g.normal(2, 2, 3, 4), g.normal(3, 2, 2, 3), g.normal(3)),
		bin("conv2dInput", func(gy, w *V) *V { return conv2dInput(gy, w, 5, 4, convWin) },
			g.normal(2, 3, 3, 3), g.normal(3, 2, 3, 2)),
		bin("conv2dWeight", func(x, gy *V) *V { return conv2dWeight(x, gy, convWin) },
			g.normal(2, 2, 5, 4), g.normal(2, 3, 3, 3)),
		tri("Conv1D", func(x, w, b *V) *V { return Conv1D(x, w, b, 2, 1) }, g.normal(2, 2, 7), g.normal(3, 2, 3), g.normal(3)),
		tri("LocallyConnected1D", func(x, w, b *V) *V { return LocallyConnected1D(x, w, b, 2) },
			g.normal(2, 2, 7), g.normal(3, 2, 2, 3), g.normal(2, 3)),
		tri("LocallyConnected2D", func(x, w, b *V) *V { return LocallyConnected2D(x, w, b, [2]int{2, 1}, [2]int{1, 0}) },
			g.normal(2, 2, 4, 3), g.normal(3, 2, 2, 2, 2, 2), g.normal(2, 3, 2)),
		bin("LocallyConnected2D/nobias", func(x, w *V) *V { return LocallyConnected2D(x, w, nil, [2]int{1, 1}, [2]int{0, 0}) },
			g.normal(1, 1, 3, 3), g.normal(2, 2, 2, 1, 2, 2)),
		bin("localInput", func(gy, w *V) *V { return localInput(gy, w, localWin) },
			g.normal(2, 2, 3, 3), g.normal(3, 3, 2, 2, 3, 2)),
		bin("localWeight", func(x, gy *V) *V { return localWeight(x, gy, localWin) },
			g.normal(2, 2, 5, 4), g.normal(2, 3, 3, 3)),
		bin("localInput/1d", func(gy, w *V) *V { return localInput(gy, w, localWin1D) },
			g.normal(2, 3, 3), g.normal(3, 3, 2, 3)),
		bin("localWeight/1d", func(x, gy *V) *V { return localWeight(x, gy, localWin1D) },
			g.normal(2, 2, 7), g.normal(2, 3, 3)),
		un("MaxPool2D", func(x *V) *V { return MaxPool2D(x, [2]int{2, 2}, [2]int{1, 2}) }, g.distinct(2, 2, 4, 5)),
		un("AvgPool2D", func(x *V) *V { return AvgPool2D(x, [2]int{2, 3}, [2]int{2, 1}) }, g.normal(2, 2, 4, 5)),
		un("WeightNorm/4d", func(v *V) *V { return WeightNorm(v, Const(tensor.Full(1.5, 3))) }, g.normal(3, 2, 2, 2)),
		bin("WeightNorm", WeightNorm[float64], g.normal(4, 3), g.normal(4)),
		bin("WeightNorm/g4d", WeightNorm[float64], g.normal(3, 2, 1, 2), g.normal(3, 1, 1, 1)),
		bin("WeightNorm/units2", WeightNorm[float64], g.normal(2, 3, 4), g.normal(2, 3, 1)),
		bin("WeightNorm/scalar", WeightNorm[float64], g.normal(3, 4), g.normal()),
		tri("BatchNorm", func(x, w, b *V) *V { y, _, _ := BatchNorm(x, w, b, 1e-5); return y },
			g.normal(3, 2, 2, 3), g.normal(2), g.normal(2)),
		tri("BatchNorm/1d", func(x, w, b *V) *V { y, _, _ := BatchNorm(x, w, b, 1e-5); return y },
			g.normal(5, 3), g.normal(3), g.normal(3)),
		un("BatchNorm/nonaffine", func(x *V) *V { y, _, _ := BatchNorm(x, nil, nil, 0.1); return y }, g.normal(2, 3, 4)),
		// Higher order: the recorded gradient of Σ x·tanh(x) + Σ x³ is itself checked.
		un("GradientsGraph", func(x *V) *V {
			return GradientsGraph(Add(Sum(Mul(x, Tanh(x))), Sum(cube(x))), x)[0]
		}, g.normal(3, 4)),
		// A composite of many ops (the lead's smoke test).
		tri("composite", func(a, b, c *V) *V {
			h := Tanh(Add(Mul(a, b), Div(a, AddScalar(Square(b), 1))))
			return MatMul(Exp(Sigmoid(h)), c)
		}, g.normal(3, 4), g.normal(4), g.normal(4, 2)),
	}
}

func TestGradients(t *testing.T) {
	for _, c := range opTable() {
		t.Run(c.name, func(t *testing.T) {
			res, err := CheckGradient(c.f, c.inputs, CheckOptions{Recorded: c.recorded()})
			if err != nil {
				t.Fatal(err)
			}
			if res.Input < 0 {
				t.Fatal("CheckGradient checked no element")
			}
		})
	}
}

// TestSecondOrder checks that every rule is itself differentiable: for a
// random cotangent c and direction d it checks the gradient of
// ⟨∇ₓ⟨c, f(x)⟩, d⟩, whose backward pass runs through the recorded rules.
func TestSecondOrder(t *testing.T) {
	g := newGen(2)
	for _, c := range opTable() {
		t.Run(c.name, func(t *testing.T) {
			rec := c.recorded()
			var cot *T64
			dirs := make([]*T64, len(c.inputs))
			for i, x := range c.inputs {
				dirs[i] = g.normal(x.Shape()...)
			}
			f2 := func(xs ...*V) *V {
				y := c.f(xs...)
				if cot == nil {
					cot = g.normal(y.Shape()...)
				}
				var wrt []*V
				var ds []*T64
				for i, x := range xs {
					if rec[i] {
						wrt = append(wrt, x)
						ds = append(ds, dirs[i])
					}
				}
				grads := GradientsGraph(Sum(Mul(y, Const(cot))), wrt...)
				dot := Scalar(0.0)
				for i, gi := range grads {
					dot = Add(dot, Sum(Mul(gi, Const(ds[i]))))
				}
				return dot
			}
			if _, err := CheckGradient(f2, c.inputs, CheckOptions{Recorded: rec}); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// TestTableCoversExportedOps fails if an exported function of the package that
// returns a *Var (or []*Var) has no entry in opTable.
func TestTableCoversExportedOps(t *testing.T) {
	covered := map[string]bool{}
	for _, c := range opTable() {
		name, _, _ := strings.Cut(c.name, "/")
		covered[name] = true
	}
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	fset := token.NewFileSet()
	var missing []string
	found := 0
	for _, file := range files {
		if strings.HasSuffix(file, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, file, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		for _, decl := range f.Decls {
			fn, ok := decl.(*ast.FuncDecl)
			if !ok || fn.Recv != nil || !fn.Name.IsExported() || fn.Type.Results == nil {
				continue
			}
			for _, res := range fn.Type.Results.List {
				if returnsVar(res.Type) {
					found++
					if !covered[fn.Name.Name] {
						missing = append(missing, fn.Name.Name)
					}
					break
				}
			}
		}
	}
	if found < 50 {
		t.Errorf("found only %d exported ops returning *Var; is the parser looking at the right files?", found)
	}
	sort.Strings(missing)
	for _, name := range missing {
		t.Errorf("exported op %s returns a *Var but has no entry in opTable", name)
	}
}

// returnsVar reports whether the type expression is *Var[...] or []*Var[...].
func returnsVar(expr ast.Expr) bool {
	if arr, ok := expr.(*ast.ArrayType); ok {
		expr = arr.Elt
	}
	star, ok := expr.(*ast.StarExpr)
	if !ok {
		return false
	}
	x := star.X
	switch ix := x.(type) {
	case *ast.IndexExpr:
		x = ix.X
	case *ast.IndexListExpr:
		x = ix.X
	}
	id, ok := x.(*ast.Ident)
	return ok && id.Name == "Var"
}
