package nn_test

import (
	"bytes"
	"encoding/binary"
	"math/rand/v2"
	"runtime"
	"testing"

	"github.com/deeptheory/deeptheory/autograd"
	"github.com/deeptheory/deeptheory/nn"
	"github.com/deeptheory/deeptheory/optim"
	"github.com/deeptheory/deeptheory/tensor"
)

// heapAfterGC returns the live heap after a full collection.
func heapAfterGC() uint64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// TestTrainingMemoryBounded runs 10,000 training steps of a small network
// (one tape, reset every step) and checks the live heap at the end is
// within 256 KiB of the heap after 100 warm-up steps: steady-state steps
// retain nothing. (A leak of one 8-byte word per step would be 80 KB; of
// one node per step, several hundred KB.)
func TestTrainingMemoryBounded(t *testing.T) {
	if testing.Short() {
		t.Skip("10,000 steps: skipped with -short")
	}
	r := rand.New(rand.NewPCG(8, 9))
	model := nn.NewSequential[float64](nn.NewDense[float64](r, 4, 16, true), nn.ReLU[float64]{}, nn.NewDense[float64](r, 16, 3, true))
	x := tensor.Zeros[float64](32, 4)
	for i := range x.Data() {
		x.Data()[i] = r.NormFloat64()
	}
	labels := make([]int, 32)
	for i := range labels {
		labels[i] = r.IntN(3)
	}
	opt := optim.NewAdam(model.Params(), optim.AdamDefaults(0.01))
	tp := autograd.NewTape[float64]()
	step := func() {
		tp.Reset()
		opt.Step(nn.CrossEntropy(model.Forward(tp.Const(x)), labels))
	}
	for range 100 {
		step()
	}
	warm := heapAfterGC()
	for range 10_000 - 100 {
		step()
	}
	end := heapAfterGC()
	t.Logf("live heap after warm-up %d B, after 10,000 steps %d B", warm, end)
	if end > warm+256<<10 {
		t.Errorf("the live heap grew from %d to %d bytes over 9,900 steps", warm, end)
	}
}

// TestCheckpointSize: a saved model of N parameters is 8 bytes (the header
// length), the JSON header, and exactly N × the dtype's size; the header
// is small (under 100 bytes per tensor plus the metadata).
func TestCheckpointSize(t *testing.T) {
	check := func(name string, file []byte, state []nn.Param[float64], elemSize int) {
		t.Helper()
		n := 0
		for _, p := range state {
			n += p.Value.Len()
		}
		header := int(binary.LittleEndian.Uint64(file))
		if want := 8 + header + n*elemSize; len(file) != want {
			t.Errorf("%s: %d bytes, want 8 + header %d + %d × %d = %d", name, len(file), header, n, elemSize, want)
		}
		if limit := 32 + 100*len(state); header > limit {
			t.Errorf("%s: header of %d bytes for %d tensors, want at most %d", name, header, len(state), limit)
		}
		t.Logf("%s: %d parameters, %d bytes (header %d)", name, n, len(file), header)
	}
	m64 := loadModel[float64](1)
	check("float64", saved(t, m64), nn.State[float64](m64), 8)
	m32 := loadModel[float32](1)
	state32 := nn.State[float32](m32)
	as64 := make([]nn.Param[float64], len(state32)) // only the counts matter
	for i, p := range state32 {
		as64[i] = nn.Param[float64]{Name: p.Name, Value: tensor.Zeros[float64](p.Value.Shape()...)}
	}
	check("float32", saved(t, m32), as64, 4)
}

// TestLoadHugeClaimDoesNotAllocate: a file whose header claims a tensor of
// 2^40 float64s (8 TiB) is refused having allocated under 1 MiB.
func TestLoadHugeClaimDoesNotAllocate(t *testing.T) {
	file := headerOnly(`{"0.weight":{"dtype":"F64","shape":[1099511627776],"data_offsets":[0,8796093022208]}}`, 64)
	m := loadModel[float64](1)
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	err := nn.Load(bytes.NewReader(file), m)
	runtime.ReadMemStats(&after)
	if err == nil {
		t.Fatal("Load accepted the file")
	}
	if got := after.TotalAlloc - before.TotalAlloc; got > 1<<20 {
		t.Errorf("Load allocated %d bytes for a %d-byte file", got, len(file))
	}
}
