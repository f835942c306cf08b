package main

import (
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/deeptheory/deeptheory/internal/torchref"
)

// caseResult is the outcome of one PyTorch reference case.
type caseResult struct {
	dir    string
	name   string
	worst  float64 // the largest relative error over the case's tensors
	tensor string  // which tensor it was (the first in name order among ties)
	err    error   // the case could not be run, or exceeded its tolerance
}

// caseGroup is the summary of one kind of reference case.
type caseGroup struct {
	Kind        string    `json:"kind"`
	Passed      int       `json:"passed"`
	Total       int       `json:"total"`
	Tolerance   float64   `json:"tolerance"`
	Worst       jsonFloat `json:"worst_relative_error"`
	WorstCase   string    `json:"worst_case,omitempty"`
	WorstTensor string    `json:"worst_tensor,omitempty"`

	results []caseResult
}

// selfCheck is the outcome of replaying the PyTorch reference cases: the
// framework's self-check, which `check` runs before the claims.
type selfCheck struct {
	Dirs    []string      `json:"dirs"`
	Ops     caseGroup     `json:"op_cases"`
	Trajs   caseGroup     `json:"training_runs"`
	Passed  bool          `json:"passed"`
	Elapsed time.Duration `json:"elapsed_ns"`
	Skipped bool          `json:"skipped,omitempty"`
}

// runSelfCheck replays every reference case in dir and in the directories
// listed in $DEEPTHEORY_TORCHREF. Every listed directory must exist, and
// each must hold at least one case: a check that finds nothing to check
// fails. dir "" with the variable unset skips the self-check.
func runSelfCheck(dir string, prog *progress) (*selfCheck, error) {
	sc := &selfCheck{
		Dirs:  torchref.Dirs(dir),
		Ops:   caseGroup{Kind: "op cases", Tolerance: torchref.OpTolerance},
		Trajs: caseGroup{Kind: "training runs", Tolerance: torchref.TrajTolerance},
	}
	if len(sc.Dirs) == 0 {
		sc.Skipped = true
		return sc, nil
	}
	var ops, trajs []torchref.Case
	for _, d := range sc.Dirs {
		info, err := os.Stat(d)
		if err != nil {
			return nil, fmt.Errorf("reference cases: %w (run from the repository root, pass -torchref, or -torchref= to skip)", err)
		}
		if !info.IsDir() {
			return nil, fmt.Errorf("reference cases: %s is not a directory", d)
		}
		o, err := torchref.LoadOps(d)
		if err != nil {
			return nil, err
		}
		t, err := torchref.LoadTrajs(d)
		if err != nil {
			return nil, err
		}
		if len(o)+len(t) == 0 {
			return nil, fmt.Errorf("reference cases: %s holds no cases (want ops/*.safetensors or traj/*.safetensors)", d)
		}
		ops, trajs = append(ops, o...), append(trajs, t...)
	}
	start := time.Now()
	prog.begin("framework self-check")
	total, done := len(ops)+len(trajs), 0
	report := func() { done++; prog.step("", done, total) }
	sc.Ops.run(ops, torchref.RunOp, report)
	sc.Trajs.run(trajs, torchref.RunTraj, report)
	sc.Passed = sc.Ops.Passed == sc.Ops.Total && sc.Trajs.Passed == sc.Trajs.Total
	sc.Elapsed = time.Since(start)
	prog.end(map[bool]string{true: "ok", false: "FAILED"}[sc.Passed])
	return sc, nil
}

// run runs every case with runCase, compares its worst relative error with
// the group's tolerance and records the results.
func (g *caseGroup) run(cases []torchref.Case, runCase func(torchref.Case) (map[string]float64, error), step func()) {
	for _, c := range cases {
		res := caseResult{name: c.Name}
		errs, err := runCase(c)
		res.err = err
		names := make([]string, 0, len(errs))
		for name := range errs {
			names = append(names, name)
		}
		slices.Sort(names) // ties go to the first name: the same bytes every run
		for _, name := range names {
			if e := errs[name]; e > res.worst || res.tensor == "" {
				res.worst, res.tensor = e, name
			}
		}
		if res.err == nil && !(res.worst <= g.Tolerance) {
			res.err = fmt.Errorf("%s: relative error %.3g", res.tensor, res.worst)
		}
		g.Total++
		if res.err == nil {
			g.Passed++
		}
		if g.WorstCase == "" || res.worst > float64(g.Worst) {
			g.Worst, g.WorstCase, g.WorstTensor = jsonFloat(res.worst), res.name, res.tensor
		}
		g.results = append(g.results, res)
		step()
	}
}

// summary returns e.g. "43/43 op cases within 1e-10 (worst 3.4e-16)",
// naming the worst case when verbose.
func (g *caseGroup) summary(verbose bool) string {
	if g.Total == 0 {
		return "no " + g.Kind
	}
	s := fmt.Sprintf("%d/%d %s within %g (worst %.2g", g.Passed, g.Total, g.Kind, g.Tolerance, float64(g.Worst))
	if verbose {
		s += fmt.Sprintf(" in %s: %s", g.WorstCase, g.WorstTensor)
	}
	return s + ")"
}

// print writes the self-check's line, then one line per failed case (per
// case when verbose).
func (sc *selfCheck) print(w io.Writer, verbose bool) {
	if sc.Skipped {
		fmt.Fprintln(w, "Framework self-check: skipped (no -torchref directory)")
		return
	}
	verdict := "PASS"
	if !sc.Passed {
		verdict = "FAIL"
	}
	// No times here: the same cases print the same bytes.
	fmt.Fprintf(w, "Framework self-check against PyTorch: %s: %s, %s\n",
		verdict, sc.Ops.summary(verbose), sc.Trajs.summary(verbose))
	for _, g := range []*caseGroup{&sc.Ops, &sc.Trajs} {
		for _, r := range g.results {
			switch {
			case r.err != nil:
				fmt.Fprintf(w, "    FAIL %-24s %v\n", r.name, r.err)
			case verbose:
				fmt.Fprintf(w, "    ok   %-24s %.2g (%s)\n", r.name, r.worst, r.tensor)
			}
		}
	}
	if verbose {
		fmt.Fprintf(w, "    from %s\n", strings.Join(sc.Dirs, ", "))
	}
}
