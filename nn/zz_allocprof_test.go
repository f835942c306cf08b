package nn_test

import (
	"os"
	"runtime"
	"runtime/pprof"
	"testing"

	"github.com/deeptheory/deeptheory/internal/workload"
)

func TestZZAllocProf(t *testing.T) {
	name := os.Getenv("ALLOCPROF")
	if name == "" {
		t.Skip()
	}
	var s workload.Step
	switch name {
	case "mlp":
		s = workload.MLPStep()
	case "lenet":
		s = workload.LeNetStep()
	case "tiny":
		s = workload.TinyStep()
	}
	for range 3 {
		s.Run()
	}
	runtime.MemProfileRate = 1
	for range 10 {
		s.Run()
	}
	runtime.GC()
	f, _ := os.Create("/tmp/allocprof_" + name + ".out")
	pprof.Lookup("allocs").WriteTo(f, 0)
	f.Close()
}
