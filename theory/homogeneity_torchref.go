package theory

import (
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"

	"github.com/deeptheory/deeptheory/internal/torchref"
)

// homogTorchCase is the PyTorch trajectory C12 is cross-checked against.
const homogTorchCase = "traj_relu_nobias_gd_exp"

// homogFindTorchCase returns the path of traj/<homogTorchCase>.safetensors:
// in testdata/torchref of the module that contains the working directory
// (found by walking up to go.mod), or in a directory of $DEEPTHEORY_TORCHREF.
func homogFindTorchCase() (string, error) {
	var root string
	if wd, err := os.Getwd(); err == nil {
		for dir := wd; ; dir = filepath.Dir(dir) {
			if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
				root = filepath.Join(dir, "testdata", "torchref")
				break
			}
			if filepath.Dir(dir) == dir {
				break
			}
		}
	}
	for _, dir := range torchref.Dirs(root) {
		p := filepath.Join(dir, "traj", homogTorchCase+".safetensors")
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
	}
	return "", errors.New("theory: " + homogTorchCase + ".safetensors not found (run from the module, or set " + torchref.EnvVar + ")")
}

// homogTwoLayer is a bias-free 2-layer ReLU net f(x) = Σ_j a_j relu(⟨w_j, x⟩)
// written out by hand, with the gradient of the mean exponential loss: the
// cross-check must not use the framework's autograd or optimizers.
type homogTwoLayer struct {
	h, d int
	w1   []float64 // [h, d]
	w2   []float64 // [h]
}

// grad returns ∇_{W1} L and ∇_{W2} L of L = (1/N) Σₙ e^{−yₙ f(xₙ)} on the rows of x.
func (m homogTwoLayer) grad(x [][]float64, y []float64) (g1, g2 []float64) {
	g1, g2 = make([]float64, m.h*m.d), make([]float64, m.h)
	pre := make([]float64, m.h)
	for n, xn := range x {
		var f float64
		for j := range m.h {
			pre[j] = dot(m.w1[j*m.d:(j+1)*m.d], xn)
			f += m.w2[j] * max(0, pre[j])
		}
		c := -y[n] * math.Exp(-y[n]*f) / float64(len(x))
		for j := range m.h {
			if pre[j] <= 0 {
				continue
			}
			g2[j] += c * pre[j]
			for i := range m.d {
				g1[j*m.d+i] += c * m.w2[j] * xn[i]
			}
		}
	}
	return g1, g2
}

// homogTorchCheck is what the cross-check with PyTorch's trajectory found.
type homogTorchCheck struct {
	steps       int
	replayErr   float64 // max rel. error of the hand replay's norms (per point) and final weights against PyTorch's
	stepAbs     float64 // max_t |Δ_t(ρ0² − ρ2²)[PyTorch norms] − η²(‖g0‖² − ‖g2‖²)| / (ρ0² + ρ2²)
	stepRel     float64 // the same relative to η²(‖g0‖² + ‖g2‖²)
	totalRel    float64 // |drift[PyTorch] − η²Σ(‖g0‖² − ‖g2‖²)| / |drift|
	drift       float64 // Δ(ρ0² − ρ2²) over the run, from PyTorch's norms
	eulerTorch  float64 // |⟨W0, g0⟩ − ⟨W2, g2⟩| / |⟨W0, g0⟩| at PyTorch's init and final weights
	eulerFinalW float64
}

// homogTorchCrossCheck loads PyTorch's trajectory (a 5–8–1 bias-free ReLU
// net, full-batch GD on the mean exponential loss) and checks the per-step
// identity with PyTorch's own numbers: the left side Δ(ρ0² − ρ2²) from its
// stored per-step norms, the right side η²(‖∇_0 L‖² − ‖∇_2 L‖²) from
// hand-written gradients along a hand-written replay that starts from
// PyTorch's initial weights (and must reproduce PyTorch's norms and final
// weights to 1e-8).
func homogTorchCrossCheck(path string) (homogTorchCheck, error) {
	var out homogTorchCheck
	c, err := torchref.Load(path)
	if err != nil {
		return out, err
	}
	want := `[{"type": "linear", "in": 5, "out": 8, "bias": false}, {"type": "relu"}, {"type": "linear", "in": 8, "out": 1, "bias": false}]`
	if c.Meta["arch"] != want || c.Meta["loss"] != "exp_loss" || c.Meta["optim"] != `{"type": "sgd", "lr": 0.05}` {
		return out, fmt.Errorf("theory: %s: unexpected case (arch %s, loss %s, optim %s)", path, c.Meta["arch"], c.Meta["loss"], c.Meta["optim"])
	}
	const lr = 0.05
	get := func(name string, n int) ([]float64, error) {
		t, ok := c.Tensors[name]
		if !ok || len(t.Data) != n {
			return nil, fmt.Errorf("theory: %s: tensor %q missing or not of %d values", path, name, n)
		}
		return t.Data, nil
	}
	xs, err := get("x", 24*5)
	if err != nil {
		return out, err
	}
	y, err := get("y", 24)
	if err != nil {
		return out, err
	}
	x := make([][]float64, 24)
	for i := range x {
		x[i] = xs[i*5 : (i+1)*5]
	}
	norm0, err := get("norm.0", len(c.Tensors["norm.0"].Data))
	if err != nil {
		return out, err
	}
	out.steps = len(norm0) - 1
	var t [5][]float64
	for i, spec := range []struct {
		name string
		n    int
	}{{"norm.2", out.steps + 1}, {"init.0.weight", 40}, {"init.2.weight", 8}, {"final.0.weight", 40}, {"final.2.weight", 8}} {
		if t[i], err = get(spec.name, spec.n); err != nil {
			return out, err
		}
	}
	norm2, init0, init2, final0, final2 := t[0], t[1], t[2], t[3], t[4]

	euler := func(m homogTwoLayer) float64 {
		g1, g2 := m.grad(x, y)
		e1, e2 := dot(m.w1, g1), dot(m.w2, g2)
		return math.Abs(e1-e2) / math.Abs(e1)
	}
	out.eulerTorch = euler(homogTwoLayer{8, 5, init0, init2})
	out.eulerFinalW = euler(homogTwoLayer{8, 5, final0, final2})

	m := homogTwoLayer{8, 5, append([]float64(nil), init0...), append([]float64(nil), init2...)}
	var accumulated float64
	for s := 0; s < out.steps; s++ {
		out.replayErr = max(out.replayErr, math.Abs(norm(m.w1)-norm0[s])/norm0[s], math.Abs(norm(m.w2)-norm2[s])/norm2[s])
		g1, g2 := m.grad(x, y)
		a, b := dot(g1, g1), dot(g2, g2)
		rhs := lr * lr * (a - b)
		lhs := (norm0[s+1]*norm0[s+1] - norm0[s]*norm0[s]) - (norm2[s+1]*norm2[s+1] - norm2[s]*norm2[s])
		scale := norm0[s+1]*norm0[s+1] + norm2[s+1]*norm2[s+1]
		out.stepAbs = max(out.stepAbs, math.Abs(lhs-rhs)/scale)
		out.stepRel = max(out.stepRel, math.Abs(lhs-rhs)/(lr*lr*(a+b)))
		accumulated += rhs
		for i := range m.w1 {
			m.w1[i] -= lr * g1[i]
		}
		for i := range m.w2 {
			m.w2[i] -= lr * g2[i]
		}
	}
	s := out.steps
	out.replayErr = max(out.replayErr, math.Abs(norm(m.w1)-norm0[s])/norm0[s], math.Abs(norm(m.w2)-norm2[s])/norm2[s])
	for i, w := range m.w1 {
		out.replayErr = max(out.replayErr, math.Abs(w-final0[i])/norm(final0))
	}
	for i, w := range m.w2 {
		out.replayErr = max(out.replayErr, math.Abs(w-final2[i])/norm(final2))
	}
	out.drift = (norm0[s]*norm0[s] - norm2[s]*norm2[s]) - (norm0[0]*norm0[0] - norm2[0]*norm2[0])
	out.totalRel = math.Abs(out.drift-accumulated) / math.Abs(out.drift)
	return out, nil
}
