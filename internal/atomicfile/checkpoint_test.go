package atomicfile_test

import (
	"bytes"
	"errors"
	"io"
	"maps"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/deeptheory/deeptheory/autograd"
	"github.com/deeptheory/deeptheory/internal/atomicfile"
	"github.com/deeptheory/deeptheory/nn"
	"github.com/deeptheory/deeptheory/optim"
	"github.com/deeptheory/deeptheory/tensor"
)

var errDiskFull = errors.New("injected: disk full")

// diskFails passes the first n bytes on and then fails, as a full disk does.
type diskFails struct {
	w io.Writer
	n int
}

func (d *diskFails) Write(p []byte) (int, error) {
	if len(p) <= d.n {
		d.n -= len(p)
		return d.w.Write(p)
	}
	k, err := d.w.Write(p[:d.n])
	d.n -= k
	if err == nil {
		err = errDiskFull
	}
	return k, err
}

// trainer is a small model and its optimizer, trained on fixed data.
type trainer struct {
	model *nn.Sequential[float32]
	opt   *optim.Adam[float32]
	tp    *autograd.Tape[float32]
	x     *tensor.Tensor[float32]
}

func newTrainer() *trainer {
	r := rand.New(rand.NewPCG(3, 4))
	model := nn.NewSequential[float32](nn.NewDense[float32](r, 3, 4, true), nn.Tanh[float32]{}, nn.NewDense[float32](r, 4, 2, true))
	return &trainer{
		model: model,
		opt:   optim.NewAdam(model.Params(), optim.AdamDefaults(0.01)),
		tp:    autograd.NewTape[float32](),
		x:     tensor.FromSlice([]float32{1, 0, -1, 0.5, 2, -0.5, 0, 1, 1, -2, 0.25, 0}, 4, 3),
	}
}

func (tr *trainer) step() {
	tr.tp.Reset()
	tr.opt.Step(nn.CrossEntropy(tr.model.Forward(tr.tp.Const(tr.x)), []int{0, 1, 1, 0}))
}

// save writes the checkpoint: model and optimizer state, two files.
func (tr *trainer) save(dir string) error {
	if err := nn.SaveFile(filepath.Join(dir, "model.safetensors"), tr.model); err != nil {
		return err
	}
	return optim.SaveStateFile(filepath.Join(dir, "opt.safetensors"), tr.opt)
}

// readDir returns the names and contents of the files in dir.
func readDir(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		files[e.Name()] = data
	}
	return files
}

// TestCheckpointFailsAtEveryOffset saves a checkpoint (model and Adam
// state) after one step, then tries to save the next step's checkpoint
// with the disk failing after every byte offset of each file. Each attempt
// returns the error, the directory holds exactly the old checkpoint byte
// for byte (no temporary file), and the old checkpoint loads and resumes.
func TestCheckpointFailsAtEveryOffset(t *testing.T) {
	dir := t.TempDir()
	tr := newTrainer()
	tr.step()
	if err := tr.save(dir); err != nil {
		t.Fatal(err)
	}
	old := readDir(t, dir)
	if len(old) != 2 {
		t.Fatalf("the checkpoint is %d files, want 2", len(old))
	}
	tr.step()
	var newModel, newOpt bytes.Buffer
	if err := nn.Save(&newModel, tr.model); err != nil {
		t.Fatal(err)
	}
	if err := tr.opt.SaveState(&newOpt); err != nil {
		t.Fatal(err)
	}
	writes := []struct {
		name  string
		size  int
		write func() error
	}{
		{"model.safetensors", newModel.Len(), func() error { return nn.SaveFile(filepath.Join(dir, "model.safetensors"), tr.model) }},
		{"opt.safetensors", newOpt.Len(), func() error { return optim.SaveStateFile(filepath.Join(dir, "opt.safetensors"), tr.opt) }},
	}
	for _, w := range writes {
		for offset := range w.size {
			restore := atomicfile.SetFileWriter(func(f io.Writer) io.Writer { return &diskFails{w: f, n: offset} })
			err := w.write()
			restore()
			if !errors.Is(err, errDiskFull) {
				t.Fatalf("%s, disk failing at offset %d of %d: error %v, want the injected one", w.name, offset, w.size, err)
			}
			now := readDir(t, dir)
			if len(now) != len(old) || !bytes.Equal(now["model.safetensors"], old["model.safetensors"]) || !bytes.Equal(now["opt.safetensors"], old["opt.safetensors"]) {
				names := slices.Sorted(maps.Keys(now))
				t.Fatalf("%s, disk failing at offset %d: the directory holds %v, not the old checkpoint", w.name, offset, names)
			}
		}
	}

	// The old checkpoint still loads and resumes; the new one saves.
	resumed := newTrainer()
	if err := nn.LoadFile(filepath.Join(dir, "model.safetensors"), resumed.model); err != nil {
		t.Fatal(err)
	}
	if err := optim.LoadStateFile(filepath.Join(dir, "opt.safetensors"), resumed.opt); err != nil {
		t.Fatal(err)
	}
	resumed.step()
	var resumedModel bytes.Buffer
	if err := nn.Save(&resumedModel, resumed.model); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(resumedModel.Bytes(), newModel.Bytes()) {
		t.Error("resuming from the old checkpoint did not reproduce the second step")
	}
	if err := tr.save(dir); err != nil {
		t.Fatal(err)
	}
	if now := readDir(t, dir); !bytes.Equal(now["model.safetensors"], newModel.Bytes()) || !bytes.Equal(now["opt.safetensors"], newOpt.Bytes()) || len(now) != 2 {
		t.Error("the successful save did not leave exactly the new checkpoint")
	}
}
