package main

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

func TestUsage(t *testing.T) {
	a := testApp(nil, false)
	for _, tc := range []struct {
		args   []string
		code   int
		stdout string // wanted in stdout
		stderr string // wanted in stderr
	}{
		{nil, exitUsage, "", "The commands are:"},
		{[]string{"-h"}, exitOK, "The commands are:", ""},
		{[]string{"--help"}, exitOK, "The commands are:", ""},
		{[]string{"help"}, exitOK, "The commands are:", ""},
		{[]string{"help", "check"}, exitOK, "usage: deeptheory check [-quick]", ""},
		{[]string{"help", "bench"}, exitOK, "-peak32", ""},
		{[]string{"help", "train"}, exitOK, "-resume file", ""},
		{[]string{"train", "-h"}, exitOK, "usage: deeptheory train", ""},
		{[]string{"train", "extra"}, exitUsage, "", `unexpected arguments ["extra"]`},
		{[]string{"help", "frobnicate"}, exitUsage, "", `unknown command "frobnicate"`},
		{[]string{"help", "check", "bench"}, exitUsage, "", "usage: deeptheory help [command]"},
		{[]string{"frobnicate"}, exitUsage, "", `deeptheory: unknown command "frobnicate"`},
		{[]string{"check", "-h"}, exitOK, "Flags:\n  -json", ""},
		{[]string{"bench", "-help"}, exitOK, "usage: deeptheory bench", ""},
		{[]string{"version", "-h"}, exitOK, "usage: deeptheory version", ""},
		{[]string{"check", "extra"}, exitUsage, "", `unexpected arguments ["extra"]`},
		{[]string{"check", "-seed", "x"}, exitUsage, "", `invalid value "x" for flag -seed`},
		{[]string{"bench", "-peak32", "-1"}, exitUsage, "", "-peak32 -1: a peak must be a positive number"},
		{[]string{"bench", "-peak64", "0"}, exitUsage, "", "-peak64 0"},
		{[]string{"bench", "-peak64", "NaN"}, exitUsage, "", "-peak64 NaN"},
		{[]string{"bench", "-benchtime", "-1s"}, exitUsage, "", "-benchtime"},
		{[]string{"bench", "-run", "("}, exitUsage, "", "-run: error parsing regexp"},
		{[]string{"bench", "-run", "nothing-matches-this"}, exitUsage, "", "matches no workload"},
	} {
		r := a.runT(t, tc.args...)
		if r.code != tc.code || !strings.Contains(r.stdout, tc.stdout) || !strings.Contains(r.stderr, tc.stderr) {
			t.Errorf("deeptheory %q: want exit %d, %q in stdout, %q in stderr; got\n%v", tc.args, tc.code, tc.stdout, tc.stderr, r)
		}
		if tc.code == exitUsage && r.stdout != "" {
			t.Errorf("deeptheory %q: a usage error writes to stdout: %q", tc.args, r.stdout)
		}
	}
}

// TestIssueFlagErrorPrintedOnce: `check -bogus` printed the flag error twice.
func TestIssueFlagErrorPrintedOnce(t *testing.T) {
	r := testApp(nil, false).runT(t, "check", "-bogus")
	if r.code != exitUsage || strings.Count(r.stderr, "-bogus") != 1 || r.stdout != "" {
		t.Errorf("check -bogus: want exit 2 and the error once in stderr; got\n%v", r)
	}
}

func TestVersion(t *testing.T) {
	r := testApp(nil, false).runT(t, "version")
	if r.code != exitOK || !strings.HasPrefix(r.stdout, "deeptheory ") || !strings.Contains(r.stdout, runtime.Version()) {
		t.Errorf("%v", r)
	}
}

// TestIssueEmptyReferenceDir: `check -torchref EMPTYDIR`, or a
// DEEPTHEORY_TORCHREF that does not exist, printed "all checks passed".
func TestIssueEmptyReferenceDir(t *testing.T) {
	a := testApp(nil, false)
	empty := t.TempDir()
	r := a.runT(t, "check", "-torchref", empty, "-out", "")
	if r.code != exitFailure || !strings.Contains(r.stderr, "holds no cases") {
		t.Errorf("empty reference directory: want exit 1 and an error; got\n%v", r)
	}
	missing := filepath.Join(empty, "missing")
	r = a.runT(t, "check", "-torchref", missing, "-out", "")
	if r.code != exitFailure || !strings.Contains(r.stderr, "no such file") {
		t.Errorf("missing reference directory: want exit 1 and an error; got\n%v", r)
	}
	var stdout, stderr strings.Builder
	t.Setenv("DEEPTHEORY_TORCHREF", missing)
	if code := a.run([]string{"check", "-out", ""}, &stdout, &stderr); code != exitFailure ||
		!strings.Contains(stderr.String(), missing) {
		t.Errorf("DEEPTHEORY_TORCHREF=%s: want exit 1 and an error naming it; got %d\n%s", missing, code, stderr.String())
	}
}

// TestIssueVerboseDeterministic: `check -v` named a different tensor from
// run to run when several tied at error 0 (map iteration order).
func TestIssueVerboseDeterministic(t *testing.T) {
	a := testApp(nil, false)
	first := a.runT(t, "check", "-v", "-out", "")
	if first.code != exitOK || !strings.Contains(first.stdout, "    ok   ") {
		t.Fatalf("%v", first)
	}
	for range 5 {
		if again := a.runT(t, "check", "-v", "-out", ""); again.stdout != first.stdout {
			t.Fatalf("check -v printed different bytes:\n%s\n---\n%s", first.stdout, again.stdout)
		}
	}
}

func TestSelfCheckReportsABadCase(t *testing.T) {
	// A directory whose one op case has a wrong output must fail the check.
	dir := t.TempDir()
	src, err := os.ReadFile("../../testdata/torchref/ops/exp.safetensors")
	if err != nil {
		t.Fatal(err)
	}
	// The last bytes are data (grad0's last float64): flip a bit of its mantissa.
	src[len(src)-3] ^= 0x10
	if err := os.MkdirAll(filepath.Join(dir, "ops"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "ops", "exp.safetensors"), src, 0o644); err != nil {
		t.Fatal(err)
	}
	r := testApp(nil, false).runT(t, "check", "-torchref", dir, "-out", "")
	if r.code != exitFailure || !strings.Contains(r.stdout, "FAIL exp") || !strings.Contains(r.stdout, "0/1 op cases") {
		t.Fatalf("check of a corrupted case: want exit 1 and FAIL exp; got\n%v", r)
	}
}

func TestBenchTiny(t *testing.T) {
	r := testApp(nil, false).runT(t, "bench", "-run", "tiny", "-benchtime", "20ms")
	if r.code != exitOK || !strings.Contains(r.stdout, "tiny 5-8-1 step f64") ||
		!strings.Contains(r.stdout, "the reference machine's") {
		t.Errorf("%v", r)
	}
}
