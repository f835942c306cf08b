package main

import (
	"fmt"
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

// headline returns the check that tells most about a result: the first
// that fails, or else the first (by convention the claim's main one).
// ok is false when there are no checks.
func headline(r *theory.Result) (c theory.Check, ok bool) {
	for _, c := range r.Checks {
		if !c.Holds {
			return c, true
		}
	}
	if len(r.Checks) == 0 {
		return theory.Check{}, false
	}
	return r.Checks[0], true
}
