package main

import (
	"flag"
	"fmt"
	"io"
	"regexp"
	"runtime"
	"text/tabwriter"
	"time"

	"github.com/deeptheory/deeptheory/internal/workload"
)

// The FMA peak of the two-core machine this project is measured on, from a
// register-only FMA loop (GFLOP/s); -peak32 and -peak64 set your own.
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
	{"tiny 5-8-1 step f64", true, workload.TinyStep},
}

func runBench(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	filter := fs.String("run", "", "only the workloads whose name matches this `regexp`")
	peak32 := fs.Float64("peak32", defaultPeak32, "float32 FMA peak of this machine in `GFLOP/s`")
	peak64 := fs.Float64("peak64", defaultPeak64, "float64 FMA peak of this machine in `GFLOP/s`")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("bench: unexpected arguments %q", fs.Args())
	}
	match, err := regexp.Compile(*filter)
	if err != nil {
		return fmt.Errorf("bench: -run: %w", err)
	}

	fmt.Fprintf(stdout, "GOMAXPROCS=%d, %s/%s; %% of peak against %.0f (f32) and %.0f (f64) GFLOP/s\n\n",
		runtime.GOMAXPROCS(0), runtime.GOOS, runtime.GOARCH, *peak32, *peak64)
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "workload\ttime/op\tGFLOP/s\t% of peak\tallocs/op\t")
	for _, c := range benchCases {
		if !match.MatchString(c.name) {
			continue
		}
		fmt.Fprintf(stderr, "running %s\n", c.name)
		step := c.make()
		res := workload.Time(step, time.Second)
		gflops, pct := "-", "-"
		if g := res.GFLOPS(step); g > 0 {
			peak := *peak32
			if c.f64 {
				peak = *peak64
			}
			gflops, pct = fmt.Sprintf("%.1f", g), fmt.Sprintf("%.0f%%", 100*g/peak)
		}
		fmt.Fprintf(tw, "%s\t%v\t%s\t%s\t%.0f\t\n", c.name, res.PerOp, gflops, pct, res.AllocsOp)
	}
	return tw.Flush()
}
