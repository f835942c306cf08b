// Command deeptheory checks the claims of Poggio, Banburski & Liao,
// "Theoretical Issues in Deep Networks", with numerical experiments on the
// deeptheory framework, and times the framework.
//
// Usage:
//
//	deeptheory check [-quick] [-run REGEXP] [-seed N] [-out DIR] [-json]
//	deeptheory train [-data D] [-model M] [-epochs N] [-batch N] [-lr X] [-opt O] [-save FILE] [-resume FILE] ...
//	deeptheory bench [-run REGEXP] [-benchtime D] [-peak32 G] [-peak64 G]
//	deeptheory version
//	deeptheory help [command]
//
// Results go to standard output, progress and errors to standard error.
// The exit status is 0 on success, 1 when a check fails or an error
// occurs, and 2 for a usage error. Run `deeptheory help <command>` for a
// command's flags.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"time"

	"github.com/deeptheory/deeptheory/theory"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// app is what the commands depend on beyond their arguments, so tests can
// give them their own claims, clock and terminal.
type app struct {
	// claims returns the claims `check` may run, in order.
	claims func() []theory.Claim
	// torchref is the default directory of PyTorch reference cases.
	torchref string
	// isTerminal reports whether w is a terminal (live progress lines)
	// rather than a file or pipe (plain progress lines).
	isTerminal func(w io.Writer) bool
	// now is the clock progress and reports read.
	now func() time.Time
	// notifyInterrupt arranges for Ctrl-C to be sent on c (signal.Notify;
	// nil: Ctrl-C stops the program as usual).
	notifyInterrupt func(c chan<- os.Signal)
	// interruptAfter, if positive, makes train act as if interrupted
	// after that many optimizer steps (for tests).
	interruptAfter int
	// argsOnly makes every command stop once its arguments are checked
	// (flags parsed and validated, files named by them read), before the
	// work: how the command-line fuzz test drives the parsers alone.
	argsOnly bool
}

// defaultApp is the app of the real command: the theory package's claims,
// the reference cases of the repository, the real clock and terminal.
func defaultApp() *app {
	return &app{
		claims:          theory.Claims,
		torchref:        filepath.Join("testdata", "torchref"),
		isTerminal:      isTerminal,
		now:             time.Now,
		notifyInterrupt: func(c chan<- os.Signal) { signal.Notify(c, os.Interrupt) },
	}
}

// run runs the command line args (without the program name) and returns
// the exit status.
func run(args []string, stdout, stderr io.Writer) int {
	return defaultApp().run(args, stdout, stderr)
}

// Exit statuses.
const (
	exitOK      = 0
	exitFailure = 1 // a check failed, or something went wrong
	exitUsage   = 2 // the command line is wrong
	// exitInterrupted is the shell's status for a program stopped by
	// Ctrl-C (128 + SIGINT).
	exitInterrupted = 130
)

// errUsage marks an error already explained to the user (a flag error,
// printed by package flag with the command's usage): run prints nothing
// more and exits with status 2.
var errUsage = errors.New("usage error")

// errFailed marks a run that completed but whose checks failed; the
// command has printed why.
var errFailed = errors.New("checks failed")

// command is one subcommand.
type command struct {
	name    string
	args    string // the synopsis after the name, e.g. "[-quick] [-run REGEXP]"
	summary string // one line for `deeptheory help`
	doc     string // paragraphs for `deeptheory help <name>`
	// flags defines the command's flags on fs and returns the function
	// that runs it once they are parsed.
	flags func(a *app, fs *flag.FlagSet) func(stdout, stderr io.Writer) error
}

// commandList holds the subcommands in the order help shows them. It is
// set in init because help refers to the list it is part of.
var commandList []command

func init() {
	commandList = []command{checkCommand, trainCommand, benchCommand, versionCommand, helpCommand}
}

// commands returns the subcommands in the order help shows them.
func commands() []command { return commandList }

func lookupCommand(name string) (command, bool) {
	for _, c := range commands() {
		if c.name == name {
			return c, true
		}
	}
	return command{}, false
}

func (a *app) run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return exitUsage
	}
	switch args[0] {
	case "-h", "-help", "--help":
		usage(stdout)
		return exitOK
	}
	cmd, ok := lookupCommand(args[0])
	if !ok {
		fmt.Fprintf(stderr, "deeptheory: unknown command %q\nRun 'deeptheory help' for usage.\n", args[0])
		return exitUsage
	}
	fs := cmd.flagSet(a, stderr)
	runCmd := cmd.flags(a, fs)
	if wantsHelp(args[1:]) { // asked for: the full usage, on stdout
		fs.Usage = func() { cmd.printUsage(stdout, fs) }
	}
	err := fs.Parse(args[1:])
	switch {
	case errors.Is(err, flag.ErrHelp):
		return exitOK
	case err != nil:
		return exitUsage // package flag printed the error and the usage
	}
	if cmd.name != "help" && fs.NArg() > 0 {
		fmt.Fprintf(stderr, "deeptheory %s: unexpected arguments %q\n", cmd.name, fs.Args())
		fs.Usage()
		return exitUsage
	}
	err = runCmd(stdout, stderr)
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, errUsage):
		return exitUsage
	case errors.Is(err, errFailed):
		return exitFailure
	case errors.Is(err, errInterrupted):
		return exitInterrupted // the command has said what it kept
	}
	fmt.Fprintf(stderr, "deeptheory %s: %v\n", cmd.name, err)
	return exitFailure
}

// flagSet returns the command's flag set, which reports errors to stderr
// (once, with a short usage) and returns them instead of exiting.
func (c command) flagSet(a *app, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(c.name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "usage: deeptheory %s %s\nRun 'deeptheory help %s' for details.\n", c.name, c.args, c.name)
	}
	return fs
}

// wantsHelp reports whether the flags in args (up to the first non-flag
// or "--") ask for help, as package flag reads them.
func wantsHelp(args []string) bool {
	for _, arg := range args {
		if arg == "--" || !strings.HasPrefix(arg, "-") {
			return false
		}
		switch arg {
		case "-h", "-help", "--h", "--help":
			return true
		}
	}
	return false
}

// printUsage prints the synopsis, the description and the flags of c.
func (c command) printUsage(w io.Writer, fs *flag.FlagSet) {
	fmt.Fprintf(w, "usage: deeptheory %s %s\n\n%s\n", c.name, c.args, c.doc)
	hasFlags := false
	fs.VisitAll(func(*flag.Flag) { hasFlags = true })
	if hasFlags {
		fmt.Fprintln(w, "\nFlags:")
		out := fs.Output()
		fs.SetOutput(w)
		fs.PrintDefaults()
		fs.SetOutput(out)
	}
}

// usage prints the list of commands.
func usage(w io.Writer) {
	fmt.Fprint(w, `deeptheory checks the claims of Poggio, Banburski & Liao, "Theoretical Issues
in Deep Networks", with numerical experiments on a deep learning framework
written in pure Go.

Usage:

	deeptheory <command> [flags]

The commands are:

`)
	for _, c := range commands() {
		fmt.Fprintf(w, "\t%-8s %s\n", c.name, c.summary)
	}
	fmt.Fprint(w, `
Use "deeptheory help <command>" for more about a command.
Results go to standard output, progress and errors to standard error. The exit
status is 0 on success, 1 when a check fails or an error occurs, 2 for a usage
error.
`)
}

var helpCommand = command{
	name:    "help",
	args:    "[command]",
	summary: "explain deeptheory or one of its commands",
	doc:     "Help prints the list of commands, or the usage and flags of one command.",
	flags: func(a *app, fs *flag.FlagSet) func(stdout, stderr io.Writer) error {
		return func(stdout, stderr io.Writer) error {
			switch fs.NArg() {
			case 0:
				usage(stdout)
				return nil
			case 1:
			default:
				fmt.Fprintln(stderr, "usage: deeptheory help [command]")
				return errUsage
			}
			cmd, ok := lookupCommand(fs.Arg(0))
			if !ok {
				fmt.Fprintf(stderr, "deeptheory help: unknown command %q\nRun 'deeptheory help' for the list.\n", fs.Arg(0))
				return errUsage
			}
			cfs := cmd.flagSet(a, stdout)
			cmd.flags(a, cfs)
			cmd.printUsage(stdout, cfs)
			return nil
		}
	},
}
