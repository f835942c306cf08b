package nn

import (
	"fmt"
	"io"
	"math"

	"github.com/deeptheory/deeptheory/tensor/safetensors"
)

// LoadOptions relaxes what LoadWith accepts. The zero value is Load's
// strict behaviour.
type LoadOptions struct {
	// AllowNonFinite accepts tensors holding NaN or ±Inf. By default they
	// are refused: a model whose weights hold NaN computes NaN for every
	// input, and such a file is almost always the last checkpoint of a
	// run that diverged. Set it to load that checkpoint anyway, to inspect
	// where the divergence started.
	AllowNonFinite bool
}

// LoadWith is Load with options.
func LoadWith[T Float](r io.Reader, m Module[T], opts LoadOptions) error {
	f, err := safetensors.Read(r)
	if err != nil {
		return fmt.Errorf("nn: Load: %w", err)
	}
	return loadState(f, m, opts)
}

// LoadFileWith is LoadFile with options.
func LoadFileWith[T Float](path string, m Module[T], opts LoadOptions) error {
	f, err := safetensors.ReadFile(path)
	if err != nil {
		return fmt.Errorf("nn: LoadFile: %w", err)
	}
	return loadState(f, m, opts)
}

// checkFinite returns an error naming the tensor if data holds NaN or ±Inf
// and opts does not allow it.
func checkFinite[T Float](opts LoadOptions, name string, data []T) error {
	if opts.AllowNonFinite {
		return nil
	}
	for i, v := range data {
		if f := float64(v); math.IsNaN(f) || math.IsInf(f, 0) {
			return fmt.Errorf("nn: Load: key %q holds %v at index %d of %d: refusing non-finite weights (LoadOptions.AllowNonFinite accepts them)", name, f, i, len(data))
		}
	}
	return nil
}
