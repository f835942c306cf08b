// Command mnistdir prints what dataset.MNISTDir returns. TestMNISTDirInAProgram
// builds it: unlike test binaries, programs carry their dependencies' versions
// in their build information, which MNISTDir reads.
package main

import (
	"fmt"
	"os"
	"runtime/debug"

	"github.com/deeptheory/deeptheory/internal/dataset"
)

func main() {
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, dep := range info.Deps {
			fmt.Printf("dep %s %s\n", dep.Path, dep.Version)
		}
	}
	dir, err := dataset.MNISTDir()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Println("dir", dir)
}
