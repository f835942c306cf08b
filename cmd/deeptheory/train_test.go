package main

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/deeptheory/deeptheory/tensor/safetensors"
)

func TestTrainDigits(t *testing.T) {
	r := testApp(nil, false).runT(t, "train", "-data", "digits", "-model", "mlp", "-epochs", "2")
	if r.code != exitOK {
		t.Fatalf("%v", r)
	}
	if m := lacks(r.stdout, "train digits (1500 train, 297 test images 8×8) with mlp, adam lr 0.001 (×0.7 per epoch), batch 64, 2 epochs, float32, seed 1",
		"Linear(64, 256, bias=False)", "epoch 1  test accuracy ", "epoch 2  test accuracy ",
		"layer norms ρ_k", "ρ = ∏ ρ_k", "normalized margin", "normalized cross-entropy"); m != nil {
		t.Errorf("stdout lacks %q:\n%s", m, r.stdout)
	}
	if m := lacks(r.stderr, "epoch 1/2: started\n", "epoch 2/2: train loss "); m != nil {
		t.Errorf("stderr lacks %q:\n%s", m, r.stderr)
	}
}

// TestTrainResumeSameBits: a run interrupted (mid-epoch or between
// epochs) and resumed from its checkpoint ends with the same bits as a run
// never interrupted: model, optimizer state and accuracies.
func TestTrainResumeSameBits(t *testing.T) {
	for _, tc := range []struct {
		name  string
		args  []string
		after []int // interrupt after these optimizer steps (24 per epoch)
	}{
		{"mlp float32 adam", []string{"-model", "mlp", "-epochs", "3"}, []int{30, 24}},
		{"deep-lc float64 sgd", []string{"-model", "deep-lc", "-epochs", "2", "-float64", "-opt", "sgd", "-lr", "0.05", "-batch", "100"}, []int{7}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			args := append([]string{"train", "-data", "digits", "-seed", "3"}, tc.args...)
			whole := filepath.Join(dir, "whole.ckpt")
			ref := testApp(nil, false).runT(t, append(args, "-save", whole)...)
			if ref.code != exitOK {
				t.Fatalf("uninterrupted run: %v", ref)
			}
			for _, after := range tc.after {
				part := filepath.Join(dir, "part.ckpt")
				a := testApp(nil, false)
				a.interruptAfter = after
				r := a.runT(t, append(args, "-save", part)...)
				if r.code != exitInterrupted || !strings.Contains(r.stderr, "checkpoint written to "+part) {
					t.Fatalf("interrupted run: want exit 130 and a checkpoint; got\n%v", r)
				}
				resumed := testApp(nil, false).runT(t, "train", "-resume", part, "-save", part)
				if resumed.code != exitOK {
					t.Fatalf("resumed run: %v", resumed)
				}
				if !strings.Contains(resumed.stdout, "resumed from "+part) {
					t.Errorf("resumed run does not say so:\n%s", resumed.stdout)
				}
				// Every epoch line and the final quantities agree with the whole run.
				if got, want := tail(resumed.stdout, "The trained network"), tail(ref.stdout, "The trained network"); got != want {
					t.Errorf("after step %d: final report differs:\n%s\nwant\n%s", after, got, want)
				}
				last := func(s string) string { return s[strings.LastIndex(s, "epoch "):] }
				if last(resumed.stdout) != last(ref.stdout) {
					t.Errorf("after step %d: last epoch line differs", after)
				}
				assertSameTensors(t, whole, part)
			}
		})
	}
}

// tail returns s from the first occurrence of marker.
func tail(s, marker string) string {
	if i := strings.Index(s, marker); i >= 0 {
		return s[i:]
	}
	return "(no " + marker + ")"
}

// assertSameTensors fails unless the checkpoints a and b hold the same
// tensors, bit for bit, and the same position.
func assertSameTensors(t *testing.T, a, b string) {
	t.Helper()
	fa, err := safetensors.ReadFile(a)
	if err != nil {
		t.Fatal(err)
	}
	fb, err := safetensors.ReadFile(b)
	if err != nil {
		t.Fatal(err)
	}
	if len(fa.Tensors) != len(fb.Tensors) || len(fa.Tensors) == 0 {
		t.Fatalf("%d and %d tensors", len(fa.Tensors), len(fb.Tensors))
	}
	for i, ta := range fa.Tensors {
		tb := fb.Tensors[i]
		equal := ta.Name == tb.Name && slices.Equal(ta.Shape, tb.Shape)
		switch da := ta.Data.(type) {
		case []float32:
			db, ok := tb.Data.([]float32)
			equal = equal && ok && slices.Equal(da, db)
		case []float64:
			db, ok := tb.Data.([]float64)
			equal = equal && ok && slices.Equal(da, db)
		}
		if !equal {
			t.Errorf("tensor %s differs from %s", ta.Name, tb.Name)
		}
	}
	for _, key := range []string{"epoch", "batch_in_epoch", "step", "rng", "optim.steps"} {
		if fa.Metadata[key] != fb.Metadata[key] {
			t.Errorf("metadata %s: %q and %q", key, fa.Metadata[key], fb.Metadata[key])
		}
	}
}

func TestTrainErrors(t *testing.T) {
	dir := t.TempDir()
	garbage := filepath.Join(dir, "garbage.ckpt")
	if err := os.WriteFile(garbage, []byte("not a checkpoint"), 0o644); err != nil {
		t.Fatal(err)
	}
	notCkpt := filepath.Join(dir, "weights.safetensors")
	if err := safetensors.WriteFile(notCkpt, &safetensors.File{Tensors: []safetensors.Tensor{{Name: "w", Shape: []int{1}, Data: []float32{1}}}}); err != nil {
		t.Fatal(err)
	}
	ckpt := filepath.Join(dir, "mlp.ckpt")
	if r := testApp(nil, false).runT(t, "train", "-data", "digits", "-epochs", "1", "-save", ckpt); r.code != exitOK {
		t.Fatalf("%v", r)
	}
	a := testApp(nil, false)
	for _, tc := range []struct {
		args   []string
		code   int
		stderr string
	}{
		{[]string{"-data", "cifar"}, exitUsage, `-data "cifar": want one of mnist, fashion-mnist, digits`},
		{[]string{"-model", "resnet"}, exitUsage, `-model "resnet"`},
		{[]string{"-opt", "lbfgs"}, exitUsage, `-opt "lbfgs"`},
		{[]string{"-batch", "0"}, exitUsage, "-batch 0"},
		{[]string{"-epochs", "-1"}, exitUsage, "-epochs -1"},
		{[]string{"-lr", "-1"}, exitUsage, "-lr -1"},
		{[]string{"-decay", "1.5"}, exitUsage, "-decay 1.5"},
		{[]string{"-float32", "-float64"}, exitUsage, "exclude each other"},
		{[]string{"-data", "fashion-mnist", "-data-dir", filepath.Join(dir, "none")}, exitFailure, "apt-get install dataset-fashion-mnist"},
		{[]string{"-resume", filepath.Join(dir, "missing.ckpt")}, exitFailure, "no such file"},
		{[]string{"-resume", garbage}, exitFailure, "-resume"},
		{[]string{"-resume", notCkpt}, exitFailure, "not a deeptheory train checkpoint"},
		{[]string{"-resume", ckpt, "-model", "cnn"}, exitFailure, "the checkpoint was trained with -model mlp, not cnn"},
		{[]string{"-resume", ckpt, "-float64"}, exitFailure, "-float64 false, not true"},
	} {
		r := a.runT(t, append([]string{"train"}, tc.args...)...)
		if r.code != tc.code || !strings.Contains(r.stderr, tc.stderr) {
			t.Errorf("train %q: want exit %d and %q in stderr; got\n%v", tc.args, tc.code, tc.stderr, r)
		}
		if strings.Contains(r.stderr, "goroutine") {
			t.Errorf("train %q: a stack trace", tc.args)
		}
	}
}
