package main

import (
	"fmt"
	"math"
	"regexp"
	"runtime/debug"
	"time"

	"github.com/deeptheory/deeptheory/theory"
)

// outcome is one claim's run: its result and, if the experiment panicked
// (a bug, not a verdict), the panic.
type outcome struct {
	claim  theory.Claim
	result *theory.Result
	err    error
	stack  []byte // where the experiment panicked
}

// verdict returns PASS or FAIL; a claim whose experiment panicked fails.
func (o outcome) verdict() theory.Verdict {
	if o.err != nil {
		return theory.Fail
	}
	return o.result.Verdict()
}

// selectClaims returns the claims whose id or family matches pattern
// ("" matches all).
func selectClaims(all []theory.Claim, pattern string) ([]theory.Claim, error) {
	re, err := regexp.Compile(pattern)
	if err != nil {
		return nil, fmt.Errorf("-run: %w", err)
	}
	var chosen []theory.Claim
	for _, c := range all {
		if re.MatchString(c.ID) || re.MatchString(c.Family) {
			chosen = append(chosen, c)
		}
	}
	if pattern != "" && len(chosen) == 0 {
		ids := make([]string, len(all))
		for i, c := range all {
			ids[i] = c.ID
		}
		return nil, fmt.Errorf("-run %q matches no claim (the claims are %v)", pattern, ids)
	}
	return chosen, nil
}

// runClaims runs each claim with cfg, telling prog how far it is.
func runClaims(claims []theory.Claim, cfg theory.Config, prog *progress) []outcome {
	outcomes := make([]outcome, len(claims))
	for i, c := range claims {
		prog.begin(fmt.Sprintf("[%d/%d] %s", i+1, len(claims), c.ID))
		o := runClaim(c, cfg, prog.step)
		outcomes[i] = o
		status := string(o.verdict())
		if o.err != nil {
			status = "FAIL (" + oneLine(o.err.Error(), 80) + ")"
		}
		prog.end(status)
	}
	return outcomes
}

// runClaim runs one claim, turning a panic of its experiment into an
// outcome with an error (and the stack, for the bug report).
func runClaim(c theory.Claim, cfg theory.Config, step theory.Progress) (o outcome) {
	o.claim = c
	start := time.Now()
	defer func() {
		if v := recover(); v != nil {
			o.result = &theory.Result{ID: c.ID, Family: c.Family, Statement: c.Statement, Config: cfg,
				Elapsed: time.Since(start)}
			o.err = fmt.Errorf("experiment panicked: %v", v)
			o.stack = debug.Stack()
		}
	}()
	if c.Experiment == nil {
		panic("claim has no experiment")
	}
	o.result = c.Run(cfg, step)
	return o
}

// headline returns the check that tells most about a result: the one
// that decides its verdict. For a failed result that is the failed check
// furthest on the wrong side of its bound; for a passed one, the check
// closest to its bound, where a change in the numbers would first change
// the verdict. Distances are relative, (bound − value)/max(|bound|,
// |value|) for "<", so a check with a bound of 10⁻⁹ met at 10⁻¹⁴ (a
// sanity check) counts as far from its bound. Yes/no checks, and counts
// of failures that are 0 ≤ 0, come last unless they fail. ok is false
// when there are no checks.
func headline(r *theory.Result) (c theory.Check, ok bool) {
	best, bestSlack := -1, math.Inf(1)
	for i, c := range r.Checks {
		s := slack(c)
		if best < 0 || s < bestSlack {
			best, bestSlack = i, s
		}
	}
	if best < 0 {
		return theory.Check{}, false
	}
	return r.Checks[best], true
}

// slack is how far c is on the right side of its bound, relative to the
// numbers' size: in [0, 1] when it holds (2 for a yes/no check that holds,
// or a count 0 ≤ 0, to rank after the others), negative when it fails
// (−2 for a yes/no check, or NaN value, that fails: those always lead).
func slack(c theory.Check) float64 {
	zeroCount := c.Bound == 0 && c.Value == 0 && (c.Op == "<=" || c.Op == ">=") // "0 failures ≤ 0"
	if c.Op == "==" || zeroCount || math.IsNaN(c.Value) || math.IsNaN(c.Bound) {
		if c.Holds {
			return 2
		}
		return -2
	}
	d := c.Bound - c.Value
	if c.Op == ">" || c.Op == ">=" {
		d = -d
	}
	scale := max(math.Abs(c.Bound), math.Abs(c.Value))
	switch {
	case math.IsInf(scale, 0):
		d = math.Copysign(1, d)
	case scale > 0:
		d /= scale
	}
	if !c.Holds && d >= 0 { // holds decides: a check at its bound that fails
		d = -1e-300
	}
	return d
}
