package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/deeptheory/deeptheory/tensor"
	"github.com/deeptheory/deeptheory/tensor/safetensors"
)

// FuzzCommandLine feeds arbitrary command lines (arguments separated by
// newlines; "@ck" stands for a file holding the fuzzed checkpoint bytes) to
// the argument parsing and checking of every command, stopping each before
// its work (app.argsOnly). Whatever the arguments and the checkpoint, the
// program must not panic, must exit 0, 1 or 2, and must say why on standard
// error when it does not exit 0.
func FuzzCommandLine(f *testing.F) {
	ck := seedCheckpoint(f)
	for _, line := range []string{
		"check", "check\n-quick", "check\n-run\nC1[67]|landscape\n-seed\n7", "check\n-run\n(", "check\n-seed\n-1",
		"check\n-out\n\n-json", "check\n-bogus", "check\nextra",
		"train", "train\n-data\nfashion-mnist\n-model\ncnn\n-epochs\n2", "train\n-lr\nNaN", "train\n-lr\n1e400",
		"train\n-decay\n0", "train\n-batch\n-3", "train\n-float32\n-float64", "train\n-resume\n/nonexistent/ck",
		"train\n-opt\nrmsprop", "train\n-epochs\n99999999999999999999",
		"train\n-resume\n@ck", "train\n-resume\n@ck\n-lr\n0.5", "train\n-resume\n@ck\n-float32",
		"bench", "bench\n-run\nmatmul", "bench\n-run\nnothing", "bench\n-benchtime\n-1s", "bench\n-peak32\nInf",
		"version", "help", "help\ntrain", "help\nnope", "nope", "-h", "check\n-h", "train\n--help\n-lr\nx",
	} {
		f.Add(line, ck)
	}
	path := filepath.Join(f.TempDir(), "ck")
	f.Fuzz(func(t *testing.T, line string, ck []byte) {
		args := strings.Split(line, "\n")
		for i, arg := range args {
			if arg == "@ck" { // written only when named: an exec stays cheap
				if err := os.WriteFile(path, ck, 0o600); err != nil {
					t.Fatal(err)
				}
				args[i] = path
			}
		}
		a := testApp(nil, false)
		a.argsOnly = true
		var stdout, stderr bytes.Buffer
		status := a.run(args, &stdout, &stderr)
		switch {
		case status != exitOK && status != exitFailure && status != exitUsage:
			t.Fatalf("run(%q): status %d, want 0, 1 or 2", args, status)
		case status != exitOK && stderr.Len() == 0:
			t.Fatalf("run(%q): status %d with nothing on standard error", args, status)
		}
	})
}

// seedCheckpoint returns a small checkpoint as train writes it: its
// metadata and one model tensor.
func seedCheckpoint(f *testing.F) []byte {
	s := trainSettings{data: "digits", model: "mlp", opt: "adam", dtype: "float32", batch: 64, epochs: 3, lr: 1e-3, decay: 0.7, seed: 1}
	file := &safetensors.File{Metadata: s.metadata()}
	for k, v := range map[string]string{"epochs": "3", "epoch": "1", "batch_in_epoch": "0", "step": "24", "rng": "00ff"} {
		file.Metadata[k] = v
	}
	file.Tensors = append(file.Tensors, tensor.ToSafetensors("model.0.weight", tensor.Zeros[float32](2, 2)))
	var buf bytes.Buffer
	if err := safetensors.Write(&buf, file); err != nil {
		f.Fatal(err)
	}
	return buf.Bytes()
}

// TestResumeChecksTheCheckpointsSettings: the settings a checkpoint brings
// pass the same checks as the command line's (a batch of 0 or a NaN rate
// in a hand-edited checkpoint is refused before training), and a good
// checkpoint is accepted.
func TestResumeChecksTheCheckpointsSettings(t *testing.T) {
	good := seedCheckpoint(new(testing.F))
	for _, tc := range []struct {
		key, value string
		status     int
		want       string
	}{
		{"", "", exitOK, ""},
		{"batch", "0", exitFailure, "-batch 0: want at least 1"},
		{"lr", "NaN", exitFailure, "-lr NaN: want a positive learning rate"},
		{"decay", "7", exitFailure, "-decay 7: want a factor in (0, 1]"},
		{"model", "resnet", exitFailure, `-model "resnet"`},
	} {
		file, err := safetensors.Read(bytes.NewReader(good))
		if err != nil {
			t.Fatal(err)
		}
		if tc.key != "" {
			file.Metadata[tc.key] = tc.value
		}
		path := filepath.Join(t.TempDir(), "ck")
		if err := safetensors.WriteFile(path, file); err != nil {
			t.Fatal(err)
		}
		a := testApp(nil, false)
		a.argsOnly = true
		r := a.runT(t, "train", "-resume", path)
		if r.code != tc.status || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("%s=%q: want status %d and %q; got\n%v", tc.key, tc.value, tc.status, tc.want, r)
		}
	}
}
