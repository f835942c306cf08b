package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"text/tabwriter"

	"github.com/deeptheory/deeptheory/internal/torchref"
)

// caseResult is the outcome of one reference case.
type caseResult struct {
	name   string
	worst  float64 // the largest relative error over the case's tensors
	tensor string  // which tensor it was
	err    error   // the case could not be run, or exceeded its tolerance
}

func runCheck(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("check", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dir := fs.String("torchref", filepath.Join("testdata", "torchref"),
		"`directory` of PyTorch reference cases (ops/ and traj/); "+torchref.EnvVar+" lists more")
	verbose := fs.Bool("v", false, "print every case, not only the summary and failures")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("check: unexpected arguments %q", fs.Args())
	}
	if _, err := os.Stat(*dir); err != nil {
		return fmt.Errorf("check: reference cases: %w (run from the repository root, or pass -torchref)", err)
	}

	failed := 0
	for _, d := range torchref.Dirs(*dir) {
		fmt.Fprintf(stdout, "PyTorch reference cases in %s\n", d)
		ops, err := checkOps(d, stderr)
		if err != nil {
			return fmt.Errorf("check: %w", err)
		}
		trajs, err := checkTrajectories(d, stderr)
		if err != nil {
			return fmt.Errorf("check: %w", err)
		}
		tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
		failed += summarize(tw, "op cases", torchref.OpTolerance, ops, *verbose)
		failed += summarize(tw, "training runs", torchref.TrajTolerance, trajs, *verbose)
		tw.Flush()
		fmt.Fprintln(stdout)
	}
	if failed > 0 {
		return fmt.Errorf("check: %d cases failed", failed)
	}
	fmt.Fprintln(stdout, "all checks passed")
	return nil
}

func checkOps(dir string, progress io.Writer) ([]caseResult, error) {
	cases, err := torchref.LoadOps(dir)
	if err != nil {
		return nil, err
	}
	var results []caseResult
	for i, c := range cases {
		fmt.Fprintf(progress, "\rop cases: %d/%d %-30s", i+1, len(cases), c.Name)
		res := caseResult{name: c.Name}
		errs, err := torchref.RunOp(c)
		res.err = err
		for name, e := range errs {
			if e > res.worst || res.tensor == "" {
				res.worst, res.tensor = e, name
			}
		}
		if res.err == nil && !(res.worst <= torchref.OpTolerance) {
			res.err = fmt.Errorf("%s: relative error %.3g", res.tensor, res.worst)
		}
		results = append(results, res)
	}
	fmt.Fprintf(progress, "\r%60s\r", "")
	return results, nil
}

func checkTrajectories(dir string, progress io.Writer) ([]caseResult, error) {
	cases, err := torchref.LoadTrajs(dir)
	if err != nil {
		return nil, err
	}
	var results []caseResult
	for i, c := range cases {
		fmt.Fprintf(progress, "\rtraining runs: %d/%d %-30s", i+1, len(cases), c.Name)
		res := caseResult{name: c.Name}
		errs, err := torchref.RunTraj(c)
		res.err = err
		for name, e := range errs {
			if e > res.worst || res.tensor == "" {
				res.worst, res.tensor = e, name
			}
		}
		if res.err == nil && !(res.worst <= torchref.TrajTolerance) {
			res.err = fmt.Errorf("%s: relative error %.3g", res.tensor, res.worst)
		}
		results = append(results, res)
	}
	fmt.Fprintf(progress, "\r%60s\r", "")
	return results, nil
}

// summarize prints one line for the group, one per case when verbose or
// failed, and returns the number of failures.
func summarize(w io.Writer, group string, tol float64, results []caseResult, verbose bool) int {
	if len(results) == 0 {
		fmt.Fprintf(w, "  %s\tnone\t\n", group)
		return 0
	}
	failed := 0
	worst := results[0]
	for _, r := range results {
		if r.err != nil {
			failed++
		}
		if r.worst > worst.worst {
			worst = r
		}
	}
	fmt.Fprintf(w, "  %s\t%d/%d passed\tworst relative error %.2g (%s, %s; tolerance %g)\n",
		group, len(results)-failed, len(results), worst.worst, worst.name, worst.tensor, tol)
	for _, r := range results {
		switch {
		case r.err != nil:
			fmt.Fprintf(w, "    FAIL %s\t\t%v\n", r.name, r.err)
		case verbose:
			fmt.Fprintf(w, "    ok   %s\t\t%.2g (%s)\n", r.name, r.worst, r.tensor)
		}
	}
	return failed
}

var errNoBench = errors.New("bench: not built yet")

func runBench(args []string, stdout, stderr io.Writer) error { return errNoBench }
