package theory

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/deeptheory/deeptheory/nn"
	"github.com/deeptheory/deeptheory/tensor"
)

// Size selects how large a claim's experiment is.
type Size int

const (
	// Quick is the size the tests run: seconds per claim.
	Quick Size = iota
	// Full is the size of CLAIMS.md or larger: what `deeptheory check` runs.
	Full
)

// String returns "quick" or "full".
func (s Size) String() string {
	if s == Full {
		return "full"
	}
	return "quick"
}

// Config is what a claim's experiment depends on: its size and its seed.
type Config struct {
	Size Size   `json:"size"`
	Seed uint64 `json:"seed"`
}

// Rand returns the generator a claim draws everything from: PCG seeded by
// the config's seed and a per-claim stream, so two claims run with one seed
// draw independent numbers.
func (c Config) Rand(stream uint64) *rand.Rand {
	return rand.New(rand.NewPCG(c.Seed, stream))
}

// Progress is told, as a claim's experiment goes, how far it is: step of
// total (total ≥ 1, step in 0..total). A nil Progress is silent.
type Progress func(claim string, step, total int)

// Report calls p if it is not nil.
func (p Progress) Report(claim string, step, total int) {
	if p != nil {
		p(claim, step, total)
	}
}

// Claim is one of the paper's claims and the experiment that checks it.
type Claim struct {
	// ID is the claim's number in CLAIMS.md: "C1" ... "C24".
	ID string
	// Family is the group of claims it belongs to: "approximation",
	// "landscape", "homogeneity", "dynamics" or "generalization".
	Family string
	// Statement says in one line what the paper claims.
	Statement string
	// Experiment performs the experiment for cfg and fills r's set-up,
	// criterion, measurements, checks, curves and artifacts, reporting
	// progress to progress (which may be nil).
	Experiment func(cfg Config, r *Result, progress Progress)
}

// Run performs the claim's experiment for cfg, reporting progress to
// progress (nil for none), and returns its Result with the wall time.
func (c Claim) Run(cfg Config, progress Progress) *Result {
	r := &Result{ID: c.ID, Family: c.Family, Statement: c.Statement, Config: cfg}
	start := time.Now()
	c.Experiment(cfg, r, progress)
	r.Elapsed = time.Since(start)
	return r
}

// families lists the claims of each family, in the order of the paper.
var families = [][]Claim{
	approximationClaims,
	landscapeClaims,
	homogeneityClaims,
	dynamicsClaims,
	generalizationClaims,
}

// Claims returns every claim, in order of their ids.
func Claims() []Claim {
	all := slices.Concat(families...)
	slices.SortStableFunc(all, func(a, b Claim) int { return claimNumber(a.ID) - claimNumber(b.ID) })
	return all
}

// Lookup returns the claim with the given id ("C7").
func Lookup(id string) (Claim, bool) {
	for _, c := range Claims() {
		if c.ID == id {
			return c, true
		}
	}
	return Claim{}, false
}

// claimNumber returns 7 for "C7".
func claimNumber(id string) int {
	var n int
	fmt.Sscanf(id, "C%d", &n)
	return n
}

// Verdict is the outcome of a claim's checks.
type Verdict string

const (
	Pass Verdict = "PASS"
	Fail Verdict = "FAIL"
)

// Quantity is a named measured number.
type Quantity struct {
	Name  string  `json:"name"`
	Value float64 `json:"value"`
}

// Check is one part of a claim's criterion: a measured value compared with
// a bound, and whether the comparison holds.
type Check struct {
	// Name says what is compared, e.g. "NMSE(LC tree)/NMSE(shallow) at Q=8".
	Name string `json:"name"`
	// Value is the measured number, Op the comparison ("<", "<=", ">",
	// ">=", "==" for booleans held as 0/1), Bound the threshold.
	Value float64 `json:"value"`
	Op    string  `json:"op"`
	Bound float64 `json:"bound"`
	// Holds is Value Op Bound, computed when the check is made.
	Holds bool `json:"holds"`
}

// String returns e.g. "angle(10⁶ steps) = 0.043 < 0.1 ✓".
func (c Check) String() string {
	mark := "✓"
	if !c.Holds {
		mark = "✗"
	}
	return fmt.Sprintf("%s = %.4g %s %.4g %s", c.Name, c.Value, c.Op, c.Bound, mark)
}

// Curve is a named series to plot: Y against X.
type Curve struct {
	Name   string    `json:"name"`
	XLabel string    `json:"x_label"`
	YLabel string    `json:"y_label"`
	LogX   bool      `json:"log_x"`
	LogY   bool      `json:"log_y"`
	X      []float64 `json:"x"`
	Y      []float64 `json:"y"`
}

// Model is a trained network as a sceptic needs it to recheck a claim in
// another framework: the layer list that rebuilds it (PyTorch-style
// constructors, e.g. "Linear(5, 16, bias=False)", "ReLU()") and its
// weights under torch.nn.Sequential's names ("0.weight", "2.weight").
type Model struct {
	Name    string              `json:"name"`
	Layers  []string            `json:"layers"`
	Weights []nn.Param[float64] `json:"-"`
}

// Result is what a claim's experiment found.
type Result struct {
	ID        string `json:"id"`
	Family    string `json:"family"`
	Statement string `json:"statement"`
	Config    Config `json:"config"`
	// Setup describes the experiment in words (sizes, data, training).
	Setup string `json:"setup"`
	// Criterion states in words what the checks require, with thresholds.
	Criterion string `json:"criterion"`
	// Quantities are the measured numbers, in the order they were measured.
	Quantities []Quantity `json:"quantities"`
	// Checks are the parts of the criterion; the verdict is PASS exactly
	// when there is at least one and all hold.
	Checks []Check `json:"checks"`
	// Curves are the series worth plotting.
	Curves []Curve `json:"curves,omitempty"`
	// Data holds the data set used: "x", "y" and, where there is a test
	// set, "x_test", "y_test".
	Data map[string]*tensor.Tensor[float64] `json:"-"`
	// Models are the trained networks.
	Models []Model `json:"models,omitempty"`
	// Elapsed is the wall time of the experiment.
	Elapsed time.Duration `json:"elapsed_ns"`
}

// Verdict returns Pass if the result has checks and every one holds.
func (r *Result) Verdict() Verdict {
	if len(r.Checks) == 0 {
		return Fail
	}
	for _, c := range r.Checks {
		if !c.Holds {
			return Fail
		}
	}
	return Pass
}

// Measure records a named quantity and returns its value.
func (r *Result) Measure(name string, value float64) float64 {
	r.Quantities = append(r.Quantities, Quantity{name, value})
	return value
}

// Quantity returns the value of the named quantity and whether it exists.
func (r *Result) Quantity(name string) (float64, bool) {
	for _, q := range r.Quantities {
		if q.Name == name {
			return q.Value, true
		}
	}
	return math.NaN(), false
}

// Require records the check value op bound, with op one of "<", "<=",
// ">", ">=", and returns whether it holds. A NaN value never holds.
func (r *Result) Require(name string, value float64, op string, bound float64) bool {
	var holds bool
	switch op {
	case "<":
		holds = value < bound
	case "<=":
		holds = value <= bound
	case ">":
		holds = value > bound
	case ">=":
		holds = value >= bound
	default:
		panic(fmt.Sprintf("theory: Require: unknown comparison %q", op))
	}
	r.Checks = append(r.Checks, Check{Name: name, Value: value, Op: op, Bound: bound, Holds: holds})
	return holds
}

// RequireTrue records a yes/no check (value 1 for true, 0 for false,
// compared with 1) and returns cond.
func (r *Result) RequireTrue(name string, cond bool) bool {
	v := 0.0
	if cond {
		v = 1
	}
	r.Checks = append(r.Checks, Check{Name: name, Value: v, Op: "==", Bound: 1, Holds: cond})
	return cond
}

// AddCurve appends a curve.
func (r *Result) AddCurve(c Curve) { r.Curves = append(r.Curves, c) }

// AddData records a data tensor under name ("x", "y", "x_test", "y_test").
func (r *Result) AddData(name string, t *tensor.Tensor[float64]) {
	if r.Data == nil {
		r.Data = map[string]*tensor.Tensor[float64]{}
	}
	r.Data[name] = t
}

// AddModel records a trained network: its name, the layer list that
// rebuilds it and its parameters (copied, so later training does not
// change the record).
func (r *Result) AddModel(name string, layers []string, params []nn.Param[float64]) {
	weights := make([]nn.Param[float64], len(params))
	for i, p := range params {
		weights[i] = nn.Param[float64]{Name: p.Name, Value: p.Value.Clone()}
	}
	r.Models = append(r.Models, Model{Name: name, Layers: layers, Weights: weights})
}
