package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/deeptheory/deeptheory/internal/torchref"
	"github.com/deeptheory/deeptheory/theory"
)

// defaultReportDir is where `check` writes its report unless told -out.
const defaultReportDir = "deeptheory-report"

var checkCommand = command{
	name:    "check",
	args:    "[-quick] [-run REGEXP] [-seed N] [-out DIR] [-json] [-torchref DIR] [-v]",
	summary: "check the paper's claims with experiments; write a report with plots",
	doc: `Check first replays the PyTorch reference cases (every op's value and gradients,
and whole training runs), the framework's self-check, and prints one line about
it. Then it runs the experiment of each of the paper's claims (the same code and
configs as the theory package's tests: -quick the test-sized ones, by default
the full ones) and prints a table: the claim, what the paper says, the measured
quantity that decides it, the criterion, PASS or FAIL, and the time it took.
Progress goes to standard error: a live line on a terminal, plain lines in logs.

The report goes to the -out directory, replaced as a whole once it is complete
(a failed or interrupted run leaves an earlier report as it was): report.md
with the table and a section per claim, and per claim a folder with
result.json (the object -json prints for the claim), each curve as CSV, the
plots as PNG and SVG, data.safetensors (the data set: x, y, x_test, y_test)
and one safetensors file per trained model, with PyTorch nn.Sequential names
(the layer list is in result.json), to recheck the claim in PyTorch.

In the plots, curves sharing both axis labels share a figure; a curve whose
name starts with "scatter:" is drawn as points.

The exit status is 1 if the self-check or any claim fails.`,
	flags: func(a *app, fs *flag.FlagSet) func(stdout, stderr io.Writer) error {
		var o checkOptions
		fs.BoolVar(&o.quick, "quick", false, "run the small, test-sized experiments (seconds each) instead of the full ones")
		fs.StringVar(&o.pattern, "run", "", "run only the claims whose id or family matches this `regexp` (e.g. 'C1[67]|landscape')")
		fs.Uint64Var(&o.seed, "seed", 1, "the `seed` of every random draw (data, initial weights, batches)")
		fs.StringVar(&o.out, "out", defaultReportDir, "write the report to `directory` (replacing an earlier report there); empty for none")
		fs.BoolVar(&o.json, "json", false, "print the results as one JSON document on standard output instead of the table")
		fs.StringVar(&o.torchref, "torchref", a.torchref,
			"`directory` of PyTorch reference cases (ops/ and traj/), empty to skip the self-check; $"+torchref.EnvVar+" lists more")
		fs.BoolVar(&o.verbose, "v", false, "print every reference case, not only the summary and failures")
		return func(stdout, stderr io.Writer) error { return a.check(o, stdout, stderr) }
	},
}

// checkOptions are check's flags.
type checkOptions struct {
	quick    bool
	pattern  string
	seed     uint64
	out      string
	json     bool
	torchref string
	verbose  bool
}

func (a *app) check(o checkOptions, stdout, stderr io.Writer) error {
	claims, err := selectClaims(a.claims(), o.pattern)
	if err != nil {
		fmt.Fprintf(stderr, "deeptheory check: %v\n", err)
		return errUsage
	}
	if a.argsOnly {
		return nil
	}
	cfg := theory.Config{Size: theory.Full, Seed: o.seed}
	if o.quick {
		cfg.Size = theory.Quick
	}
	prog := a.newProgress(stderr)

	sc, err := runSelfCheck(o.torchref, prog)
	if err != nil {
		return err
	}
	if !o.json {
		sc.print(stdout, o.verbose)
	}

	started := a.now()
	outcomes := runClaims(claims, cfg, prog)
	rep := &checkReport{Version: versionString(), Config: toConfigJSON(cfg), SelfCheck: sc, Claims: []claimJSON{}}
	layouts := make([]claimLayout, len(outcomes))
	var failed []string
	for i, oc := range outcomes {
		layouts[i] = layoutClaim(oc.result)
		rep.Claims = append(rep.Claims, claimObject(oc, layouts[i]))
		if oc.verdict() == theory.Pass {
			rep.Passed++
		} else {
			rep.Failed++
			failed = append(failed, oc.claim.ID)
		}
	}
	rep.Verdict = string(theory.Pass)
	if rep.Failed > 0 || !sc.Passed && !sc.Skipped {
		rep.Verdict = string(theory.Fail)
	}

	if o.json {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(rep); err != nil {
			return err
		}
	} else {
		printTable(stdout, outcomes, cfg)
		fmt.Fprintf(stdout, "\n%s\n", tally(rep, failed, a.now().Sub(started)))
	}
	if o.out != "" {
		if err := writeReport(o.out, rep, outcomes, layouts, a.now()); err != nil {
			return fmt.Errorf("writing the report: %w", err)
		}
		fmt.Fprintf(stderr, "report written to %s\n", reportPath(o.out))
	}
	if rep.Verdict != string(theory.Pass) {
		switch {
		case rep.Failed > 0:
			fmt.Fprintf(stderr, "deeptheory check: FAIL: %s\n", tally(rep, failed, 0))
		default:
			fmt.Fprintln(stderr, "deeptheory check: FAIL: the framework's self-check failed")
		}
		return errFailed
	}
	return nil
}

// tally returns e.g. "5 claims: 4 PASS, 1 FAIL (C7) in 3m10s".
func tally(rep *checkReport, failed []string, elapsed time.Duration) string {
	n := rep.Passed + rep.Failed
	if n == 0 {
		return "No claims to check: this build's theory package registers none (yet)."
	}
	noun := "claims"
	if n == 1 {
		noun = "claim"
	}
	s := fmt.Sprintf("%d %s: %d PASS, %d FAIL", n, noun, rep.Passed, rep.Failed)
	if len(failed) > 0 {
		s += " (" + strings.Join(failed, ", ") + ")"
	}
	if elapsed > 0 {
		s += " in " + formatDuration(elapsed)
	}
	return s
}

// Column widths of the table's free-text cells.
const (
	statementWidth = 44
	measuredWidth  = 56
)

// printTable prints one row per claim: id, statement, the headline check's
// name and value, its criterion, the verdict and the time.
func printTable(w io.Writer, outcomes []outcome, cfg theory.Config) {
	if len(outcomes) == 0 {
		return
	}
	fmt.Fprintf(w, "\nClaims of the paper (%s experiments, seed %d):\n\n", cfg.Size, cfg.Seed)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "claim\tstatement\tmeasured\tcriterion\tverdict\ttime")
	for _, o := range outcomes {
		measured, criterion := tableCells(o, measuredWidth)
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", o.claim.ID, oneLine(o.claim.Statement, statementWidth),
			measured, criterion, o.verdict(), formatDuration(o.result.Elapsed))
	}
	tw.Flush()
}

// tableCells returns the measured and criterion cells of o's row, the
// measured one cut to width runes (0: not cut).
func tableCells(o outcome, width int) (measured, criterion string) {
	if o.err != nil {
		return oneLine(o.err.Error(), width), "-"
	}
	h, ok := headline(o.result)
	if !ok {
		return "no checks", "-"
	}
	value := fmt.Sprintf("%.4g", h.Value)
	if h.Op == "==" {
		value = map[bool]string{true: "yes", false: "no"}[h.Holds]
		return oneLine(h.Name, max(width-len(value)-3, 0)) + ": " + value, "yes"
	}
	return oneLine(h.Name, max(width-len(value)-3, 0)) + " = " + value, fmt.Sprintf("%s %.4g", h.Op, h.Bound)
}
