package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"maps"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/deeptheory/deeptheory/nn"
	"github.com/deeptheory/deeptheory/tensor"
	"github.com/deeptheory/deeptheory/theory"
)

func TestCheckTableAndReport(t *testing.T) {
	out := filepath.Join(t.TempDir(), "report")
	if *keep != "" {
		out = *keep
	}
	r := testApp(passingClaims, false).runT(t, "check", "-quick", "-out", out)
	if r.code != exitOK {
		t.Fatalf("check with passing claims:\n%v", r)
	}
	ops, trajs := countCases(t, "ops"), countCases(t, "traj")
	if m := lacks(r.stdout, "Framework self-check against PyTorch: PASS", fmt.Sprintf("%d/%d op cases", ops, ops),
		fmt.Sprintf("%d/%d training runs", trajs, trajs),
		"claim", "statement", "measured", "criterion", "verdict", "time",
		"C6", "slope of log NMSE, LC tree = -0.6", "< -0.3", "PASS", "4 claims: 4 PASS, 0 FAIL"); m != nil {
		t.Errorf("stdout lacks %q:\n%s", m, r.stdout)
	}
	if strings.Count(r.stdout, "FAIL") != 1 { // in "0 FAIL"
		t.Errorf("stdout has a FAIL:\n%s", r.stdout)
	}
	checkReportFiles(t, out, passingClaims)
}

func TestCheckJSON(t *testing.T) {
	claims := append(append([]theory.Claim{}, passingClaims...), fakeFailing)
	r := testApp(claims, false).runT(t, "check", "-quick", "-seed", "7", "-json", "-out", "")
	if r.code != exitFailure {
		t.Fatalf("check with a failing claim: want exit 1\n%v", r)
	}
	var doc checkReport
	dec := json.NewDecoder(strings.NewReader(r.stdout))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&doc); err != nil {
		t.Fatalf("-json output is not the document: %v\n%s", err, r.stdout)
	}
	if dec.More() {
		t.Errorf("-json output has more than one document")
	}
	if doc.Passed != 4 || doc.Failed != 1 || doc.Verdict != "FAIL" || len(doc.Claims) != 5 {
		t.Errorf("document: passed %d failed %d verdict %s claims %d; want 4, 1, FAIL, 5",
			doc.Passed, doc.Failed, doc.Verdict, len(doc.Claims))
	}
	if doc.SelfCheck == nil || !doc.SelfCheck.Passed || doc.SelfCheck.Ops.Total != countCases(t, "ops") {
		t.Errorf("self-check in the document: %+v", doc.SelfCheck)
	}
	for _, c := range doc.Claims {
		if c.Seed != 7 || c.Config.Seed != 7 || c.Config.Size != "quick" {
			t.Errorf("%s: seed %d, config %+v; want 7 and quick", c.ID, c.Seed, c.Config)
		}
	}
	failing := doc.Claims[4]
	if failing.ID != "C9" || failing.Verdict != "FAIL" || failing.Headline == nil ||
		failing.Headline.Name != "fraction at zero loss" {
		t.Errorf("failing claim: %+v", failing)
	}
	// NaN survives as a string, not as invalid JSON.
	if q := failing.Quantities[0]; q.Value == q.Value {
		t.Errorf("NaN quantity read back as %v", q.Value)
	}
	if !strings.Contains(r.stdout, `"value": "NaN"`) {
		t.Errorf("NaN not written as \"NaN\"")
	}
	if m := lacks(r.stderr, "FAIL: 5 claims: 4 PASS, 1 FAIL (C9)"); m != nil {
		t.Errorf("stderr lacks %q:\n%s", m, r.stderr)
	}
}

func TestCheckJSONMatchesResultFiles(t *testing.T) {
	// result.json in each claim's folder is the object -json prints.
	out := filepath.Join(t.TempDir(), "report")
	r := testApp(passingClaims, false).runT(t, "check", "-quick", "-json", "-out", out)
	if r.code != exitOK {
		t.Fatalf("%v", r)
	}
	var doc struct{ Claims []json.RawMessage }
	if err := json.Unmarshal([]byte(r.stdout), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Claims) != len(passingClaims) {
		t.Fatalf("%d claims in the document, want %d", len(doc.Claims), len(passingClaims))
	}
	for i, c := range passingClaims {
		file, err := os.ReadFile(filepath.Join(out, c.ID, "result.json"))
		if err != nil {
			t.Fatal(err)
		}
		var a, b bytes.Buffer
		if err := json.Compact(&a, doc.Claims[i]); err != nil {
			t.Fatal(err)
		}
		if err := json.Compact(&b, file); err != nil {
			t.Fatal(err)
		}
		if a.String() != b.String() {
			t.Errorf("%s: result.json differs from the -json object:\n%s\n%s", c.ID, b.String(), a.String())
		}
	}
}

func TestCheckFailingAndPanickingClaims(t *testing.T) {
	out := filepath.Join(t.TempDir(), "report")
	claims := []theory.Claim{fakeApproximation, fakeFailing, fakePanicking}
	r := testApp(claims, false).runT(t, "check", "-out", out)
	if r.code != exitFailure {
		t.Fatalf("want exit 1:\n%v", r)
	}
	if m := lacks(r.stdout, "fraction at zero loss = 0.7", ">= 0.9", "experiment panicked: runtime error",
		"3 claims: 1 PASS, 2 FAIL (C9, C13)", "Claims of the paper (full experiments, seed 1)"); m != nil {
		t.Errorf("stdout lacks %q:\n%s", m, r.stdout)
	}
	if strings.Contains(r.stdout, "goroutine") {
		t.Errorf("stdout shows a stack trace:\n%s", r.stdout)
	}
	if m := lacks(r.stderr, "FAIL: 3 claims: 1 PASS, 2 FAIL (C9, C13)"); m != nil {
		t.Errorf("stderr lacks %q:\n%s", m, r.stderr)
	}
	md, err := os.ReadFile(filepath.Join(out, "report.md"))
	if err != nil {
		t.Fatal(err)
	}
	// The stack of the panic is in the report, for the bug report.
	if m := lacks(string(md), "**The experiment failed to run** (a bug): experiment panicked: runtime error: index out of range", "goroutine", "**Verdict: FAIL.**"); m != nil {
		t.Errorf("report.md lacks %q", m)
	}
	// C9's only curve has nothing to show on its log axis: the plot still renders.
	if _, err := os.Stat(filepath.Join(out, "C9", "final-loss-vs-run.png")); err != nil {
		t.Error(err)
	}
}

func TestCheckRun(t *testing.T) {
	a := testApp(passingClaims, false)
	r := a.runT(t, "check", "-quick", "-run", "C1[0-9]|generalization", "-out", "")
	if r.code != exitOK {
		t.Fatalf("%v", r)
	}
	if m := lacks(r.stdout, "C17", "C21", "2 claims: 2 PASS"); m != nil {
		t.Errorf("stdout lacks %q:\n%s", m, r.stdout)
	}
	if strings.Contains(r.stdout, "C6 ") || strings.Contains(r.stdout, "C7 ") {
		t.Errorf("-run ran claims it does not match:\n%s", r.stdout)
	}
	for _, bad := range []string{"(", "C99"} {
		r := a.runT(t, "check", "-run", bad, "-out", "")
		if r.code != exitUsage || !strings.Contains(r.stderr, "-run") {
			t.Errorf("check -run %q: want exit 2 and a message about -run:\n%v", bad, r)
		}
	}
}

func TestCheckWithoutClaims(t *testing.T) {
	r := testApp(nil, false).runT(t, "check", "-out", "")
	if r.code != exitOK || !strings.Contains(r.stdout, "No claims to check") {
		t.Errorf("%v", r)
	}
}

func TestReportReplacedAtomically(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "report")
	if r := testApp(passingClaims, false).runT(t, "check", "-quick", "-out", out); r.code != exitOK {
		t.Fatalf("%v", r)
	}
	before := readTree(t, out)

	// A claim whose model cannot be written (two weights with one name)
	// makes writing the report fail: the earlier report stays as it was.
	broken := theory.Claim{ID: "C3", Family: "approximation", Statement: "broken",
		Experiment: func(cfg theory.Config, r *theory.Result, p theory.Progress) {
			r.Require("x", 1, "<", 2)
			w := tensor.Zeros[float64](2)
			r.AddModel("m", []string{"Linear(2, 1)"}, []nn.Param[float64]{{Name: "0.weight", Value: w}, {Name: "0.weight", Value: w}})
		}}
	r := testApp([]theory.Claim{fakeDynamics, broken}, false).runT(t, "check", "-quick", "-out", out)
	if r.code != exitFailure || !strings.Contains(r.stderr, "writing the report") {
		t.Fatalf("a report that cannot be written: want exit 1 and an error:\n%v", r)
	}
	if after := readTree(t, out); !maps.Equal(before, after) {
		t.Errorf("a failed run changed the earlier report")
	}
	assertOnly(t, parent, "report")

	// A successful run replaces the report as a whole.
	if r := testApp([]theory.Claim{fakeLandscape}, false).runT(t, "check", "-quick", "-out", out); r.code != exitOK {
		t.Fatalf("%v", r)
	}
	assertOnly(t, out, "C7", "report.md")
	assertOnly(t, parent, "report")

	// A directory that is not a report is not replaced.
	precious := filepath.Join(parent, "precious")
	if err := os.MkdirAll(precious, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(precious, "thesis.tex"), []byte("42"), 0o644); err != nil {
		t.Fatal(err)
	}
	r = testApp([]theory.Claim{fakeLandscape}, false).runT(t, "check", "-quick", "-out", precious)
	if r.code != exitFailure || !strings.Contains(r.stderr, "not replacing") {
		t.Errorf("-out a directory that is not a report: want exit 1 and a refusal:\n%v", r)
	}
	assertOnly(t, precious, "thesis.tex")
	assertOnly(t, parent, "precious", "report")
}

// readTree returns the contents of every file under dir by relative path.
func readTree(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		rel, _ := filepath.Rel(dir, path)
		files[rel] = string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}

// assertOnly fails unless dir holds exactly the entries names (no
// temporary directories left behind).
func assertOnly(t *testing.T, dir string, names ...string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	if !slices.Equal(got, names) {
		t.Errorf("%s holds %q, want %q", dir, got, names)
	}
}

func TestProgressPlain(t *testing.T) {
	r := testApp([]theory.Claim{fakeDynamics}, false).runT(t, "check", "-quick", "-out", "")
	if r.code != exitOK {
		t.Fatalf("%v", r)
	}
	if strings.Contains(r.stderr, "\r") || strings.Contains(r.stderr, "\x1b") {
		t.Errorf("plain progress has terminal controls: %q", r.stderr)
	}
	if m := lacks(r.stderr, "framework self-check: started\n", "framework self-check: ok in ",
		"[1/1] C17: started\n", "[1/1] C17: PASS in ", "elapsed", "ETA"); m != nil {
		t.Errorf("stderr lacks %q:\n%s", m, r.stderr)
	}
}

func TestProgressTerminal(t *testing.T) {
	r := testApp([]theory.Claim{fakeDynamics}, true).runT(t, "check", "-quick", "-out", "")
	if r.code != exitOK {
		t.Fatalf("%v", r)
	}
	if m := lacks(r.stderr, "\r\x1b[K[1/1] C17: 1/10 (10%)  elapsed ", "\r\x1b[K[1/1] C17: 10/10 (100%)",
		"\r\x1b[K[1/1] C17: PASS in "); m != nil {
		t.Errorf("stderr lacks %q:\n%q", m, r.stderr)
	}
	if strings.Contains(r.stderr, "started") {
		t.Errorf("live progress prints plain lines:\n%q", r.stderr)
	}
}

func TestProgressLines(t *testing.T) {
	for _, live := range []bool{false, true} {
		var buf bytes.Buffer
		clock := &fakeClock{step: time.Second}
		p := &progress{w: &buf, live: live, now: clock.now}
		p.begin("C1")
		for i := range 5 {
			p.step("C1", i, 4)
		}
		p.end("PASS")
		want := "C1: started\n" +
			"C1: 1/4 (25%)  elapsed 2.0s  ETA 6.0s\n" +
			"C1: 2/4 (50%)  elapsed 3.0s  ETA 3.0s\n" +
			"C1: 3/4 (75%)  elapsed 4.0s  ETA 1.3s\n" +
			"C1: PASS in 6.0s\n"
		if live {
			want = "\r\x1b[KC1: 0/4 (0%)  elapsed 1.0s  ETA ?" +
				"\r\x1b[KC1: 1/4 (25%)  elapsed 2.0s  ETA 6.0s" +
				"\r\x1b[KC1: 2/4 (50%)  elapsed 3.0s  ETA 3.0s" +
				"\r\x1b[KC1: 3/4 (75%)  elapsed 4.0s  ETA 1.3s" +
				"\r\x1b[KC1: 4/4 (100%)  elapsed 5.0s  ETA 0.00s" +
				"\r\x1b[KC1: PASS in 6.0s\n"
		}
		if buf.String() != want {
			t.Errorf("live=%v:\n got %q\nwant %q", live, buf.String(), want)
		}
	}
}

// countCases returns the number of reference cases in testdata/torchref/sub.
func countCases(t *testing.T, sub string) int {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("../../testdata/torchref", sub, "*.safetensors"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no cases in %s: %v", sub, err)
	}
	return len(files)
}

func TestHeadline(t *testing.T) {
	check := func(name string, v float64, op string, b float64) theory.Check {
		r := &theory.Result{}
		r.Require(name, v, op, b)
		return r.Checks[0]
	}
	yes := theory.Check{Name: "separated", Value: 1, Op: "==", Bound: 1, Holds: true}
	no := theory.Check{Name: "separated", Value: 0, Op: "==", Bound: 1, Holds: false}
	for _, tc := range []struct {
		checks []theory.Check
		want   string
	}{
		{[]theory.Check{yes, check("KKT violation", 1e-14, "<", 1e-9), check("angle", 0.04, "<", 0.1)}, "angle"},
		{[]theory.Check{check("angle", 0.04, "<", 0.1), check("slope", 0.9, ">", 0.5)}, "slope"},
		{[]theory.Check{check("failures", 0, "<=", 0), check("slope", 0.9, ">", 0.5)}, "slope"},
		{[]theory.Check{check("failures", 1, "<=", 0), check("slope", 0.9, ">", 0.5)}, "failures"},
		{[]theory.Check{check("a", 0.2, "<", 0.1), check("b", 0.5, "<", 0.1), check("c", 0.01, "<", 0.1)}, "b"},
		{[]theory.Check{check("a", 0.2, "<", 0.1), no}, "separated"},
		{[]theory.Check{check("a", 0.05, "<", 0.1), check("nan", math.NaN(), "<", 1)}, "nan"},
		{[]theory.Check{check("at the bound", 1, "<", 1), check("far", 0, "<", 1)}, "at the bound"},
		{[]theory.Check{yes}, "separated"},
	} {
		h, ok := headline(&theory.Result{Checks: tc.checks})
		if !ok || h.Name != tc.want {
			t.Errorf("headline of %v = %q, want %q", tc.checks, h.Name, tc.want)
		}
	}
	if _, ok := headline(&theory.Result{}); ok {
		t.Error("headline of no checks: ok")
	}
}
