package theory

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

var (
	update = flag.Bool("update", false, "rewrite the golden files in testdata/theory")
	sweep  = flag.Int("sweep", 0, "also run each claim with seeds 2..N+1 and report its verdict and checks (slow; for calibration)")
	full   = flag.Bool("full", false, "with -sweep: run the Full configs instead of the Quick ones")
)

// goldenSeed is the seed every claim test runs with.
const goldenSeed = 1

// golden is what a claim's golden file pins: the measured quantities, the
// checks, the verdict and the curves subsampled to at most maxGoldenPoints.
type golden struct {
	ID         string     `json:"id"`
	Verdict    Verdict    `json:"verdict"`
	Quantities []Quantity `json:"quantities"`
	Checks     []Check    `json:"checks"`
	Curves     []Curve    `json:"curves,omitempty"`
}

const maxGoldenPoints = 16

// noiseBound is the largest bound of an identity check: a check
// "error < bound" with 0 < bound ≤ noiseBound measures rounding error, whose
// bits change with the GEMM kernel (-tags purego) and the summation order.
// Pinning it to any relative tolerance would pin noise, so the golden file
// keeps such a check's name, bound and outcome with its value recorded as
// 0; the test asserts the criterion on the real values (requirePass).
const noiseBound = 1e-8

// goldenOf returns what r's golden file pins.
func goldenOf(r *Result) golden {
	g := golden{ID: r.ID, Verdict: r.Verdict(), Quantities: r.Quantities}
	g.Checks = append([]Check(nil), r.Checks...)
	for i, ch := range g.Checks {
		if ch.Op == "<" && ch.Bound > 0 && ch.Bound <= noiseBound {
			g.Checks[i].Value = 0
		}
	}
	for _, c := range r.Curves {
		stride := max(1, (len(c.X)+maxGoldenPoints-1)/maxGoldenPoints)
		sub := c
		sub.X, sub.Y = nil, nil
		for i := 0; i < len(c.X); i += stride {
			sub.X = append(sub.X, c.X[i])
			sub.Y = append(sub.Y, c.Y[i])
		}
		g.Curves = append(g.Curves, sub)
	}
	return g
}

// runClaim runs the Quick config of claim id with the golden seed, compares
// the result with testdata/theory/<id>.golden (numbers equal to relative
// tolerance rel; -update rewrites the file), and returns the result for
// the test to assert the claim itself.
func runClaim(t *testing.T, id string, rel float64) *Result {
	t.Helper()
	if testing.Short() {
		t.Skip("the claims' experiments run in the full test (-short is the race detector's run)")
	}
	c, ok := Lookup(id)
	if !ok {
		t.Fatalf("no claim %s in the registry", id)
	}
	r := c.Run(Config{Size: Quick, Seed: goldenSeed}, nil)
	for _, ch := range r.Checks {
		t.Logf("%s: %v", id, ch)
	}
	for _, q := range r.Quantities {
		t.Logf("%s: %s = %.6g", id, q.Name, q.Value)
	}
	got := goldenOf(r)
	path := filepath.Join("..", "testdata", "theory", id+".golden")
	if *update {
		data, err := json.MarshalIndent(got, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, append(data, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
		return r
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./theory -update to create it)", err)
	}
	var want golden
	if err := json.Unmarshal(data, &want); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	opts := cmp.Options{cmpopts.EquateApprox(rel, 1e-300), cmpopts.EquateNaNs()}
	if diff := cmp.Diff(want, got, opts); diff != "" {
		t.Errorf("%s differs from %s (-golden +now):\n%s", id, path, diff)
	}
	return r
}

// requirePass fails the test unless r's verdict is PASS, listing the checks
// that failed.
func requirePass(t *testing.T, r *Result) {
	t.Helper()
	if r.Verdict() == Pass {
		return
	}
	for _, c := range r.Checks {
		if !c.Holds {
			t.Errorf("%s: criterion not met: %v", r.ID, c)
		}
	}
}

// sweepSeeds runs claim id with seeds 2..N+1 when -sweep N is given (the
// Full config with -full) and fails the test if a verdict differs from
// want, logging every check: the robustness check behind each claim.
func sweepSeeds(t *testing.T, id string, want Verdict) {
	t.Helper()
	if *sweep == 0 {
		return
	}
	c, _ := Lookup(id)
	size := Quick
	if *full {
		size = Full
	}
	for seed := uint64(2); seed < uint64(2+*sweep); seed++ {
		r := c.Run(Config{Size: size, Seed: seed}, nil)
		t.Logf("%s %v seed %d: %s in %v", id, size, seed, r.Verdict(), r.Elapsed.Round(1e6))
		for _, ch := range r.Checks {
			t.Logf("    %v", ch)
		}
		for _, q := range r.Quantities {
			t.Logf("    %s = %.6g", q.Name, q.Value)
		}
		if r.Verdict() != want {
			t.Errorf("%s %v seed %d: verdict %s, want %s", id, size, seed, r.Verdict(), want)
		}
	}
}
