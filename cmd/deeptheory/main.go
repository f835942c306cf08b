// Command deeptheory runs deeptheory's checks, benchmarks and training runs.
//
// Usage:
//
//	deeptheory check [flags]   reproduce the PyTorch reference cases (and, as they land, the paper's claims)
//	deeptheory bench [flags]   time GEMM, convolution and training steps
//
// Results go to standard output, progress to standard error. Run
// `deeptheory <command> -h` for a command's flags.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
)

func main() {
	err := run(os.Args[1:], os.Stdout, os.Stderr)
	switch {
	case err == nil:
	case errors.Is(err, flag.ErrHelp):
		os.Exit(2)
	default:
		fmt.Fprintln(os.Stderr, "deeptheory:", err)
		os.Exit(1)
	}
}

// commands maps each subcommand to its entry point and a one-line summary.
var commands = map[string]struct {
	run     func(args []string, stdout, stderr io.Writer) error
	summary string
}{
	"check": {runCheck, "reproduce the PyTorch reference cases and check the framework's claims"},
	"bench": {runBench, "time GEMM, convolution and training steps (GFLOP/s, % of FMA peak)"},
}

func run(args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] == "-h" || args[0] == "help" || args[0] == "--help" {
		usage(stderr)
		if len(args) == 0 {
			return errors.New("no command given")
		}
		return nil
	}
	cmd, ok := commands[args[0]]
	if !ok {
		usage(stderr)
		return fmt.Errorf("unknown command %q", args[0])
	}
	return cmd.run(args[1:], stdout, stderr)
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: deeptheory <command> [flags]")
	fmt.Fprintln(w)
	for _, name := range []string{"check", "bench"} {
		fmt.Fprintf(w, "  %-6s %s\n", name, commands[name].summary)
	}
}
