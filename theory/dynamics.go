package theory

import (
	"math"
	"math/rand/v2"
	"slices"

	"github.com/deeptheory/deeptheory/autograd"
	"github.com/deeptheory/deeptheory/nn"
	"github.com/deeptheory/deeptheory/optim"
	"github.com/deeptheory/deeptheory/tensor"
)

// The dynamics family (C16–C19): gradient descent on the exponential loss
// of separable data drives the normalized weights to a max-margin
// direction (C16) while the norm grows like log t (C17); at any finite norm
// the constrained minimum is non-degenerate (C18); and the smoothed
// normalized margin never decreases once the data are separated (C19).
//
// The set-ups are CLAIMS.md's prototypes: P2 (a symmetric 2-D set with a
// known SVM), P3 (random linearly separable data, d = 5, N = 30), P4 (a
// 2-layer linear network on P3) and P1 (a 2-layer bias-free ReLU network on
// teacher-labelled data, d = 5, h = 20, N = 40). Time is t = η·steps.

// dynamicsClaims are the claims of the dynamics family.
var dynamicsClaims = []Claim{
	{
		ID:         "C16",
		Family:     "dynamics",
		Statement:  "On separable data, gradient descent on the exponential loss drives the normalized weights to a max-margin solution (the hard-margin SVM for linear models)",
		Experiment: dynC16,
	},
	{
		ID:         "C17",
		Family:     "dynamics",
		Statement:  "The norm ρ grows logarithmically in t: γ*‖w‖ ≈ log t for linear models, ρ = Θ(log t) for deep homogeneous networks",
		Experiment: dynC17,
	},
	{
		ID:         "C18",
		Family:     "dynamics",
		Statement:  "For a fixed finite norm ρ = R the constrained minimum on the sphere is non-degenerate (hyperbolic), its margin rising to the maximum as R grows",
		Experiment: dynC18,
	},
	{
		ID:         "C19",
		Family:     "dynamics",
		Statement:  "After separation the smoothed normalized margin log(1/L)/‖θ‖^K never decreases under gradient descent with a small step",
		Experiment: dynC19,
	},
}

// dynGD is the family's one training loop: full-batch gradient descent
// θ ← θ − lr·∇L(θ) on model's parameters (optim.SGD without momentum), the
// loss taken on the whole input x. At every step s = 0..steps it first
// evaluates the network on the tape and calls observe(s, out, loss) with
// the output f(θ_s; x) and the loss L(θ_s) of the current parameters θ_s
// (out belongs to the tape: valid during the call); it then takes the step
// unless s = steps or observe returned false. It returns the last step
// observed.
func dynGD(model *nn.Sequential[float64], loss lossFunc, x *tensor.Tensor[float64], lr float64, steps int,
	observe func(step int, out *tensor.Tensor[float64], loss float64) bool) int {
	opt := optim.NewSGD(model.Params(), optim.SGDConfig{LR: lr})
	tp := autograd.NewTape[float64]()
	for s := 0; ; s++ {
		tp.Reset()
		out := model.Forward(tp.Const(x))
		l := loss(out)
		if observe != nil && !observe(s, out.Value(), l.Value().Item()) {
			return s
		}
		if s == steps {
			return s
		}
		opt.Step(l)
	}
}

// dynExpLoss returns the mean exponential loss (1/N) Σₙ e^{−yₙ fₙ} of a
// network's output against labels y.
func dynExpLoss(y *tensor.Tensor[float64]) lossFunc {
	return func(out *autograd.Var[float64]) *autograd.Var[float64] { return nn.ExpLoss(out, y) }
}

// dynP2 is CLAIMS.md's P2: the six positives (2,1), (2,−1), (3,0.5),
// (2.5,2), (4,−1.5), (3,−0.2) and their negatives labelled −1. Its
// hard-margin SVM is w = (1/2, 0): direction (1, 0), γ* = 2.
func dynP2() (x, y *tensor.Tensor[float64]) {
	pos := [][2]float64{{2, 1}, {2, -1}, {3, 0.5}, {2.5, 2}, {4, -1.5}, {3, -0.2}}
	x, y = tensor.Zeros[float64](2*len(pos), 2), tensor.Zeros[float64](2*len(pos))
	for i, p := range pos {
		x.Set(p[0], 2*i, 0)
		x.Set(p[1], 2*i, 1)
		x.Set(-p[0], 2*i+1, 0)
		x.Set(-p[1], 2*i+1, 1)
		y.Data()[2*i], y.Data()[2*i+1] = 1, -1
	}
	return x, y
}

// dynP3 is CLAIMS.md's P3: n inputs xₙ ~ N(0, I_d) labelled yₙ = sign⟨u, xₙ⟩
// by a random unit vector u, each input redrawn until |⟨u, xₙ⟩| ≥ gap, so
// the set is linearly separable through the origin with margin ≥ gap.
func dynP3(r *rand.Rand, n, d int, gap float64) (x, y *tensor.Tensor[float64]) {
	u := make([]float64, d)
	for i := range u {
		u[i] = r.NormFloat64()
	}
	u = scaledVec(u, 1/norm(u))
	x, y = tensor.Zeros[float64](n, d), tensor.Zeros[float64](n)
	row := make([]float64, d)
	for i := range n {
		for {
			for k := range row {
				row[k] = r.NormFloat64()
			}
			if s := dot(u, row); math.Abs(s) >= gap {
				y.Data()[i] = math.Copysign(1, s)
				break
			}
		}
		copy(x.Data()[i*d:(i+1)*d], row)
	}
	return x, y
}

// dynRows returns the rows of x [N, d] as slices (views into x).
func dynRows(x *tensor.Tensor[float64]) [][]float64 {
	n, d := x.Dim(0), x.Dim(1)
	rows := make([][]float64, n)
	for i := range rows {
		rows[i] = x.Data()[i*d : (i+1)*d]
	}
	return rows
}

// dynSVM fits the hard-margin SVM without bias to (x, y) to a relative
// dual tolerance of 1e-13.
func dynSVM(x, y *tensor.Tensor[float64]) (SVM, error) {
	return FitSVM(dynRows(x), y.Data(), 1e-13, 1_000_000)
}

// dynLinearMargin returns the normalized margin minₙ yₙ⟨w, xₙ⟩/‖w‖.
func dynLinearMargin(w []float64, x, y *tensor.Tensor[float64]) float64 {
	low := math.Inf(1)
	for n, row := range dynRows(x) {
		low = min(low, y.Data()[n]*dot(w, row))
	}
	return low / norm(w)
}

// dynCheckpoints returns the steps 0 < s ≤ total at which a run is
// recorded: perDecade log-spaced steps per decade (rounded), every exact
// power of ten, every extra step, and total, sorted and without repeats.
func dynCheckpoints(total, perDecade int, extra ...int) []int {
	var steps []int
	for e := 0; ; e++ {
		s := int(math.Round(math.Pow(10, float64(e)/float64(perDecade))))
		if s > total {
			break
		}
		steps = append(steps, s)
	}
	for p := 1; p <= total; p *= 10 {
		steps = append(steps, p)
	}
	for _, s := range extra {
		if s > 0 && s <= total {
			steps = append(steps, s)
		}
	}
	steps = append(steps, total)
	slices.Sort(steps)
	return slices.Compact(steps)
}

// dynAt returns the value of series at the checkpoint step (which must be one).
func dynAt(steps []int, series []float64, step int) float64 {
	i, ok := slices.BinarySearch(steps, step)
	if !ok {
		panic("theory: dynAt: step " + itoa(step) + " is not a checkpoint")
	}
	return series[i]
}

// dynFloats returns steps as float64s (for curves).
func dynFloats(steps []int, scale float64) []float64 {
	out := make([]float64, len(steps))
	for i, s := range steps {
		out[i] = scale * float64(s)
	}
	return out
}

// dynDecades returns the powers of ten from 10^from to 10^to.
func dynDecades(from, to int) []int {
	var out []int
	for e := from; e <= to; e++ {
		out = append(out, int(math.Round(math.Pow(10, float64(e)))))
	}
	return out
}

// dynSup returns "10^e" written with a superscript exponent for step counts
// that are powers of ten, and the decimal number otherwise.
func dynSup(step int) string {
	digits := "⁰¹²³⁴⁵⁶⁷⁸⁹"
	e, s := 0, step
	for s >= 10 && s%10 == 0 {
		s /= 10
		e++
	}
	if s != 1 || e < 2 {
		return itoa(step)
	}
	sup := []rune(digits)
	out := "10"
	for _, c := range itoa(e) {
		out += string(sup[c-'0'])
	}
	return out
}
