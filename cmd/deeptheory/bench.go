package main

import (
	"flag"
	"fmt"
	"io"
	"math"
	"regexp"
	"runtime"
	"text/tabwriter"
	"time"

	"github.com/deeptheory/deeptheory/internal/workload"
)

// The default FMA peaks, in GFLOP/s: those of the project's reference
// machine (a 2-vCPU AMD EPYC VM with AVX-512), measured there with a
// register-only loop of AVX-512 FMA instructions on both cores. Plain Go
// cannot issue vector FMAs, so this command cannot measure the peak of the
// machine it runs on; pass -peak32 and -peak64 for yours.
const (
	defaultPeak32 = 489
	defaultPeak64 = 245
)

// benchCase is one row of the bench table.
type benchCase struct {
	name string
	f64  bool // which peak the GFLOP/s are compared with
	make func() workload.Step
}

var benchCases = []benchCase{
	{"matmul f32 n=64", false, func() workload.Step { return workload.MatMul[float32](64) }},
	{"matmul f32 n=256", false, func() workload.Step { return workload.MatMul[float32](256) }},
	{"matmul f32 n=512", false, func() workload.Step { return workload.MatMul[float32](512) }},
	{"matmul f32 n=1024", false, func() workload.Step { return workload.MatMul[float32](1024) }},
	{"matmul f64 n=64", true, func() workload.Step { return workload.MatMul[float64](64) }},
	{"matmul f64 n=256", true, func() workload.Step { return workload.MatMul[float64](256) }},
	{"matmul f64 n=512", true, func() workload.Step { return workload.MatMul[float64](512) }},
	{"matmul f64 n=1024", true, func() workload.Step { return workload.MatMul[float64](1024) }},
	{"conv2d 3→16 3x3 b32 fwd+bwd f32", false, workload.Conv2DStep},
	{"mlp 784-256-256-10 b128 step f32", false, workload.MLPStep},
	{"lenet b64 step f32", false, workload.LeNetStep},
	{"tiny 5-8-1 step f64", true, workload.TinyStep},
}

var benchCommand = command{
	name:    "bench",
	args:    "[-run REGEXP] [-benchtime D] [-peak32 G] [-peak64 G]",
	summary: "time GEMM, convolution and training steps (GFLOP/s, % of FMA peak)",
	doc: `Bench times the framework's workloads: square matrix products, a convolution
layer's forward and backward pass, a training step of an MLP and of the paper's
tiny network. Each runs for about -benchtime; the table gives the time per
operation, GFLOP/s, the percentage of the FMA peak, and allocations per
operation. The default peaks (489 GFLOP/s float32, 245 float64) are those of the
project's reference machine (2-vCPU AMD EPYC VM, AVX-512), measured there with a
register-only AVX-512 FMA loop; set -peak32 and -peak64 to your machine's.`,
	flags: func(a *app, fs *flag.FlagSet) func(stdout, stderr io.Writer) error {
		filter := fs.String("run", "", "only the workloads whose name matches this `regexp`")
		benchtime := fs.Duration("benchtime", time.Second, "run each workload for about this `duration`")
		peak32 := fs.Float64("peak32", defaultPeak32, "float32 FMA peak of your machine in `GFLOP/s`")
		peak64 := fs.Float64("peak64", defaultPeak64, "float64 FMA peak of your machine in `GFLOP/s`")
		return func(stdout, stderr io.Writer) error {
			for _, p := range []struct {
				name string
				v    float64
			}{{"-peak32", *peak32}, {"-peak64", *peak64}} {
				if !(p.v > 0) || math.IsInf(p.v, 0) {
					fmt.Fprintf(stderr, "deeptheory bench: %s %g: a peak must be a positive number of GFLOP/s\n", p.name, p.v)
					return errUsage
				}
			}
			if *benchtime <= 0 {
				fmt.Fprintf(stderr, "deeptheory bench: -benchtime %v: must be positive\n", *benchtime)
				return errUsage
			}
			match, err := regexp.Compile(*filter)
			if err != nil {
				fmt.Fprintf(stderr, "deeptheory bench: -run: %v\n", err)
				return errUsage
			}
			cases := selectBench(match)
			if len(cases) == 0 {
				fmt.Fprintf(stderr, "deeptheory bench: -run %q matches no workload\n", match)
				return errUsage
			}
			if a.argsOnly {
				return nil
			}
			return bench(stdout, stderr, cases, *benchtime, *peak32, *peak64, *peak32 == defaultPeak32 && *peak64 == defaultPeak64)
		}
	},
}

// selectBench returns the workloads whose name match matches.
func selectBench(match *regexp.Regexp) []benchCase {
	var cases []benchCase
	for _, c := range benchCases {
		if match.MatchString(c.name) {
			cases = append(cases, c)
		}
	}
	return cases
}

// bench times cases and prints the table.
func bench(stdout, stderr io.Writer, cases []benchCase, benchtime time.Duration, peak32, peak64 float64, reference bool) error {
	source := "your"
	if reference {
		source = "the reference machine's (see deeptheory help bench)"
	}
	fmt.Fprintf(stdout, "GOMAXPROCS=%d, %s/%s; %% of peak against %s FMA peak: %.0f (f32) and %.0f (f64) GFLOP/s\n\n",
		runtime.GOMAXPROCS(0), runtime.GOOS, runtime.GOARCH, source, peak32, peak64)
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "workload\ttime/op\tGFLOP/s\t% of peak\tallocs/op\t")
	for _, c := range cases {
		fmt.Fprintf(stderr, "running %s\n", c.name)
		step := c.make()
		t := workload.Time(step, benchtime)
		gflops, pct := "-", "-"
		if g := t.GFLOPS(step); g > 0 {
			peak := peak32
			if c.f64 {
				peak = peak64
			}
			gflops, pct = fmt.Sprintf("%.1f", g), fmt.Sprintf("%.0f%%", 100*g/peak)
		}
		fmt.Fprintf(tw, "%s\t%v\t%s\t%s\t%.0f\t\n", c.name, t.PerOp.Round(time.Nanosecond), gflops, pct, t.AllocsOp)
	}
	return tw.Flush()
}
