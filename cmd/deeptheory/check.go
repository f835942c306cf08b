package main

import (
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

	progress := progressWriter(stderr)
	failed := 0
	for _, d := range torchref.Dirs(*dir) {
		fmt.Fprintf(stdout, "PyTorch reference cases in %s\n", d)
		opCases, err := torchref.LoadOps(d)
		if err != nil {
			return fmt.Errorf("check: %w", err)
		}
		trajCases, err := torchref.LoadTrajs(d)
		if err != nil {
			return fmt.Errorf("check: %w", err)
		}
		ops := checkCases("op cases", opCases, torchref.RunOp, torchref.OpTolerance, progress)
		trajs := checkCases("training runs", trajCases, torchref.RunTraj, torchref.TrajTolerance, progress)
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

// checkCases runs every case with run and compares its worst relative error
// with tol.
func checkCases(kind string, cases []torchref.Case, run func(torchref.Case) (map[string]float64, error),
	tol float64, progress io.Writer) []caseResult {
	var results []caseResult
	for i, c := range cases {
		fmt.Fprintf(progress, "\r%s: %d/%d %-30s", kind, i+1, len(cases), c.Name)
		res := caseResult{name: c.Name}
		errs, err := run(c)
		res.err = err
		for name, e := range errs {
			if e > res.worst || res.tensor == "" {
				res.worst, res.tensor = e, name
			}
		}
		if res.err == nil && !(res.worst <= tol) {
			res.err = fmt.Errorf("%s: relative error %.3g", res.tensor, res.worst)
		}
		results = append(results, res)
	}
	fmt.Fprintf(progress, "\r%60s\r", "")
	return results
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
