package optim

import (
	"bufio"
	"fmt"
	"math"
	"os"

	"github.com/deeptheory/deeptheory/internal/atomicfile"
)

// SaveStateFile writes o's state (SaveState) to the file at path
// atomically: to a temporary file in the same directory, synced, then
// renamed over path and the directory synced (internal/atomicfile). If
// anything fails, the file at path is as it was and no temporary file
// remains. Save the model (nn.SaveFile) and the optimizer's state to two
// files; each survives a crash during the other's write.
func SaveStateFile[T Float](path string, o Optimizer[T]) error {
	if err := atomicfile.Write(path, 0o644, o.SaveState); err != nil {
		return fmt.Errorf("optim: SaveStateFile: %w", err)
	}
	return nil
}

// LoadStateFile replaces o's state with the one in the file at path
// (LoadState); on error o is unchanged.
func LoadStateFile[T Float](path string, o Optimizer[T]) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("optim: LoadStateFile: %w", err)
	}
	defer f.Close()
	return o.LoadState(bufio.NewReader(f))
}

// checkFinite returns an error naming the tensor if data holds NaN or ±Inf:
// a buffer holding one would turn every parameter it touches into NaN at
// the next step. (Unlike nn.LoadWith there is no option to accept it:
// inspecting a diverged run needs the model, not its optimizer's state.)
func checkFinite[T Float](key string, data []T) error {
	for i, v := range data {
		if f := float64(v); math.IsNaN(f) || math.IsInf(f, 0) {
			return fmt.Errorf("optim: LoadState: tensor %q holds %v at index %d of %d: refusing non-finite state", key, f, i, len(data))
		}
	}
	return nil
}
