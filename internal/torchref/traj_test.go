package torchref

import (
	"maps"
	"slices"
	"strings"
	"testing"
)

// TestTrajs reproduces every trajectory of every reference directory with
// packages nn and optim: the loss curve, every norm curve and the final
// parameters must match PyTorch's to TrajTolerance. A case that cannot be
// run (unknown layer, loss or optimizer key) fails.
func TestTrajs(t *testing.T) {
	checkEveryDir(t, "trajectories", LoadTrajs, func(c Case) error { return CheckTraj(c, TrajTolerance) })
}

// TestTrajRejects: what ReproduceTraj cannot reproduce is an error, never a pass.
func TestTrajRejects(t *testing.T) {
	cases := loadAtLeast(t, "LoadTrajs", LoadTrajs, 1)
	var base Case
	for _, c := range cases {
		if c.Name == "traj_relu_adam_ce" {
			base = c
		}
	}
	if base.Name == "" {
		t.Fatal("traj_relu_adam_ce not found")
	}
	for _, tc := range []struct {
		key, value, want string
	}{
		{"arch", `[{"type": "linear", "in": 6, "out": 12}, {"type": "gelu"}, {"type": "linear", "in": 12, "out": 3}]`, `unknown layer type "gelu"`},
		{"arch", `[{"type": "linear", "in": 6, "out": 12, "dropout": 0.5}, {"type": "relu"}, {"type": "linear", "in": 12, "out": 3}]`, `unknown field "dropout"`},
		{"arch", `[{"type": "linear", "in": 6, "out": 12}, {"type": "relu"}, {"type": "linear", "in": 12, "out": 4}]`, `init.2.weight has shape [3 12]`},
		{"arch", `[{"type": "linear", "in": 6, "out": 12}, {"type": "relu"}]`, `unexpected tensor "final.2.bias"`},
		{"arch", `not json`, `is not a JSON list`},
		{"loss", `l1_loss`, `unknown loss "l1_loss"`},
		{"optim", `{"type": "rmsprop", "lr": 0.01}`, `unknown optimizer type "rmsprop"`},
		{"optim", `{"type": "adam", "lr": 0.01, "amsgrad": true}`, `unknown field "amsgrad"`},
		{"optim", `{"type": "sgd", "momentum": 0.9}`, `sgd needs lr`},
		{"steps", `-1`, `steps "-1"`},
	} {
		c := base
		c.Meta = map[string]string{}
		for k, v := range base.Meta {
			c.Meta[k] = v
		}
		c.Meta[tc.key] = tc.value
		_, err := ReproduceTraj(c)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s = %s: error %v, want one containing %q", tc.key, tc.value, err, tc.want)
		}
	}
}

// TestRunTrajErrors: RunTraj reports every compared tensor, and a run that
// differs from PyTorch's (a slightly different eps) shows up in all of them.
func TestRunTrajErrors(t *testing.T) {
	cases, err := LoadTrajs(sharedDir)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cases {
		if c.Name != "traj_relu_adam_ce" {
			continue
		}
		errs, err := RunTraj(c)
		if err != nil {
			t.Fatal(err)
		}
		want := []string{"final.0.bias", "final.0.weight", "final.2.bias", "final.2.weight", "loss", "norm.0", "norm.2"}
		if got := slices.Sorted(maps.Keys(errs)); !slices.Equal(got, want) {
			t.Errorf("RunTraj compared %v, want %v", got, want)
		}
		c.Meta = maps.Clone(c.Meta)
		c.Meta["optim"] = `{"type": "adam", "lr": 0.01, "batch": 16, "eps": 1.1e-8}`
		errs, err = RunTraj(c)
		if err != nil {
			t.Fatal(err)
		}
		for name, e := range errs {
			if e <= TrajTolerance {
				t.Errorf("eps 1.1e-8 instead of 1e-8: %s still within tolerance (%g)", name, e)
			}
		}
		return
	}
	t.Fatal("traj_relu_adam_ce not found")
}
