package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCheckPassesOnTheReferenceCases(t *testing.T) {
	t.Setenv("DEEPTHEORY_TORCHREF", "")
	var out, errOut bytes.Buffer
	if err := run([]string{"check", "-torchref", "../../testdata/torchref"}, &out, &errOut); err != nil {
		t.Fatalf("check: %v\n%s", err, out.String())
	}
	count := func(sub string) int {
		files, err := filepath.Glob(filepath.Join("../../testdata/torchref", sub, "*.safetensors"))
		if err != nil || len(files) == 0 {
			t.Fatalf("no cases in %s: %v", sub, err)
		}
		return len(files)
	}
	ops, trajs := count("ops"), count("traj")
	for _, want := range []string{"op cases", fmt.Sprintf("%d/%d passed", ops, ops), "training runs", fmt.Sprintf("%d/%d passed", trajs, trajs), "all checks passed"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
}

func TestCheckReportsABadCase(t *testing.T) {
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
	t.Setenv("DEEPTHEORY_TORCHREF", "")
	var out, errOut bytes.Buffer
	err = run([]string{"check", "-torchref", dir}, &out, &errOut)
	if err == nil || !strings.Contains(out.String(), "FAIL exp") {
		t.Fatalf("check of a corrupted case: err = %v, output:\n%s", err, out.String())
	}
}

func TestUsageErrors(t *testing.T) {
	var out, errOut bytes.Buffer
	if err := run([]string{"frobnicate"}, &out, &errOut); err == nil || !strings.Contains(err.Error(), "unknown command") {
		t.Errorf("unknown command: err = %v", err)
	}
	if err := run(nil, &out, &errOut); err == nil {
		t.Error("no command: want an error")
	}
	if err := run([]string{"check", "-torchref", filepath.Join(t.TempDir(), "missing")}, &out, &errOut); err == nil {
		t.Error("missing reference directory: want an error")
	}
	if err := run([]string{"bench", "-run", "("}, &out, &errOut); err == nil {
		t.Error("bad -run regexp: want an error")
	}
}

func TestBenchTiny(t *testing.T) {
	if testing.Short() {
		t.Skip("times a workload")
	}
	var out, errOut bytes.Buffer
	if err := run([]string{"bench", "-run", "tiny"}, &out, &errOut); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "tiny 5-8-1 step f64") {
		t.Errorf("bench output lacks the tiny row:\n%s", out.String())
	}
}
