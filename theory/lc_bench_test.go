package theory

import (
	"math/rand/v2"
	"testing"

	"github.com/deeptheory/deeptheory/autograd"
	"github.com/deeptheory/deeptheory/nn"
	"github.com/deeptheory/deeptheory/optim"
)

// benchApproxStep times one step of approxTrain (forward, MSE, backward, one
// Adam update) of architecture a at width w on 2000 points, the calibration
// size of CLAIMS.md §11, with the tanh-tree target.
func benchApproxStep(b *testing.B, a approxArch, w int, softplus bool) {
	r := rand.New(rand.NewPCG(1, 2))
	f := approxNewTarget(r, approxTanhTree)
	x := approxUniform(r, 2000)
	y := approxEval(f, x)
	model, _ := approxNet(r, a, w, softplus)
	opt := optim.NewAdam(model.Params(), optim.AdamDefaults(1e-3))
	tp := autograd.NewTape[float64]()
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		tp.Reset()
		opt.Step(nn.MSELoss(model.Forward(tp.Const(x)), y))
	}
}

// BenchmarkApproxLCTreeStep is one training step of the locally connected
// binary tree at Q = 8 (ReLU and softplus), 2000 points.
func BenchmarkApproxLCTreeStep(b *testing.B) {
	b.Run("ReLU", func(b *testing.B) { benchApproxStep(b, approxLC, 8, false) })
	b.Run("softplus", func(b *testing.B) { benchApproxStep(b, approxLC, 8, true) })
}

// BenchmarkApproxStep is one training step of each network of the
// approximation table at the budget of Q = 8 (ReLU and softplus), 2000
// points: what a table of CLAIMS.md §11's size costs per step.
func BenchmarkApproxStep(b *testing.B) {
	for _, a := range []approxArch{approxLC, approxShared, approxDeepFC, approxShallow} {
		for _, softplus := range []bool{false, true} {
			w := approxWidth(a, approxTreeParams(8))
			b.Run(a.key()+"/"+approxActName(softplus), func(b *testing.B) { benchApproxStep(b, a, w, softplus) })
		}
	}
}
