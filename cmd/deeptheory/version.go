package main

import (
	"flag"
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
)

var versionCommand = command{
	name:    "version",
	summary: "print deeptheory's version and the Go version it was built with",
	doc: `Version prints the module version of deeptheory (from the build information: a
release version for "go install ...@version", "(devel)" for a build from a
checkout, with the VCS revision when Go recorded it), the Go version, and the
operating system and architecture.`,
	flags: func(a *app, fs *flag.FlagSet) func(stdout, stderr io.Writer) error {
		return func(stdout, stderr io.Writer) error {
			fmt.Fprintln(stdout, versionString())
			return nil
		}
	},
}

// versionString returns e.g. "deeptheory v0.1.0 (go1.26.0 linux/amd64)" or
// "deeptheory (devel) rev 1a2b3c4d5e6f+dirty (go1.26.0 linux/amd64)".
func versionString() string {
	version, rev := "(unknown)", ""
	if info, ok := debug.ReadBuildInfo(); ok {
		version = info.Main.Version
		if version == "" {
			version = "(devel)"
		}
		var dirty bool
		for _, s := range info.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.modified":
				dirty = s.Value == "true"
			}
		}
		if len(rev) > 12 {
			rev = rev[:12]
		}
		if rev != "" && dirty {
			rev += "+dirty"
		}
	}
	if rev != "" {
		version += " rev " + rev
	}
	return fmt.Sprintf("deeptheory %s (%s %s/%s)", version, runtime.Version(), runtime.GOOS, runtime.GOARCH)
}
