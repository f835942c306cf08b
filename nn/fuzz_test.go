package nn_test

import (
	"bytes"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/deeptheory/deeptheory/nn"
)

// FuzzLoad loads arbitrary bytes into a float64 and a float32 model. Load
// must never panic; on error the message starts "nn: Load: " and the model
// is unchanged bit for bit; on success every value is finite and saving
// the model gives a file that loads back to the same bits.
func FuzzLoad(f *testing.F) {
	f.Add(saved(f, loadModel[float64](1)))
	f.Add(saved(f, loadModel[float32](1)))
	f.Add([]byte{})
	f.Add(headerOnly(`{"0.weight":{"dtype":"F64","shape":[1099511627776],"data_offsets":[0,8796093022208]}}`, 16))
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzLoadInto(t, data, loadModel[float64](2))
		fuzzLoadInto(t, data, loadModel[float32](2))
	})
}

func fuzzLoadInto[T nn.Float](t *testing.T, data []byte, m *nn.Sequential[T]) {
	before := stateBits[T](m)
	err := nn.Load(bytes.NewReader(data), m)
	if err != nil {
		if !strings.HasPrefix(err.Error(), "nn: Load: ") {
			t.Fatalf("error %q does not start with \"nn: Load: \"", err)
		}
		if !slices.Equal(before, stateBits[T](m)) {
			t.Fatalf("Load failed (%v) but changed the model", err)
		}
		return
	}
	for _, p := range nn.State[T](m) {
		for i, v := range p.Value.Data() {
			if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
				t.Fatalf("Load accepted %v at %s[%d]", v, p.Name, i)
			}
		}
	}
	again := loadModel[T](3)
	if err := nn.Load(bytes.NewReader(saved(t, m)), again); err != nil {
		t.Fatalf("a loaded model saved does not load: %v", err)
	}
	if !slices.Equal(stateBits[T](m), stateBits[T](again)) {
		t.Fatal("save and load changed the weights")
	}
}
