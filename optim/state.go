package optim

import (
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/deeptheory/deeptheory/autograd"
	"github.com/deeptheory/deeptheory/tensor"
	"github.com/deeptheory/deeptheory/tensor/safetensors"
)

// state is what an optimizer binds and remembers between steps: its
// parameters and, per parameter, one buffer per name (momentum_buffer;
// exp_avg, exp_avg_sq), plus the step count and the learning rate.
type state[T Float] struct {
	name   string   // "SGD", "Adam", "AdamW", "Sphere": for messages
	kind   string   // "sgd", "adam", "adamw", "sphere": the file's "optimizer"
	names  []string // buffer names, in the order they are kept and saved
	params []autograd.Param[T]
	// buf[i][k] is buffer names[k] of params[i]. It is nil before the
	// first step, then has one entry per parameter (even when names is empty).
	buf   [][]*tensor.Tensor[T]
	steps int
	lr    float64
	vars  []*autograd.Var[T]  // Step's scratch: the parameters' variables
	grads []*tensor.Tensor[T] // and their gradients (valid until the tape's Reset)
}

// newState binds params. It panics if a name is empty or repeated or a
// Value is nil or bound twice: state is keyed by name, and a tensor
// updated twice per step is a bug.
func newState[T Float](op, kind string, names []string, params []autograd.Param[T], lr float64) state[T] {
	checkLR(op, lr)
	seen := make(map[string]bool, len(params))
	tensors := make(map[*tensor.Tensor[T]]string, len(params))
	for i, p := range params {
		switch {
		case p.Name == "":
			panic(fmt.Sprintf("optim: %s: parameter %d has no name", op, i))
		case seen[p.Name]:
			panic(fmt.Sprintf("optim: %s: two parameters are named %q", op, p.Name))
		case p.Value == nil:
			panic(fmt.Sprintf("optim: %s: parameter %q is nil", op, p.Name))
		case tensors[p.Value] != "":
			panic(fmt.Sprintf("optim: %s: parameters %q and %q are the same tensor", op, tensors[p.Value], p.Name))
		}
		seen[p.Name] = true
		tensors[p.Value] = p.Name
	}
	return state[T]{name: strings.TrimPrefix(op, "New"), kind: kind, names: names, params: slices.Clone(params), lr: lr}
}

// ensure allocates zero buffers on the first step.
func (st *state[T]) ensure() {
	if st.buf != nil {
		return
	}
	st.buf = make([][]*tensor.Tensor[T], len(st.params))
	for i, p := range st.params {
		st.buf[i] = make([]*tensor.Tensor[T], len(st.names))
		for k := range st.names {
			st.buf[i][k] = tensor.Zeros[T](p.Value.Shape()...)
		}
	}
}

// save writes the state as safetensors. Metadata: "optimizer" (the kind),
// "steps", "lr" (shortest decimal that round-trips), "params" (a JSON list
// of the names of the parameters the state holds; empty before the first
// step), plus the optimizer's hyperparameters for information. Tensors:
// "<parameter name>.<buffer name>" ("0.weight.momentum_buffer") for every
// parameter and buffer, in that order.
func (st *state[T]) save(w io.Writer, hyper map[string]string) error {
	meta := map[string]string{
		"optimizer": st.kind,
		"steps":     strconv.Itoa(st.steps),
		"lr":        strconv.FormatFloat(st.lr, 'g', -1, 64),
		"params":    st.heldNames(),
	}
	for k, v := range hyper {
		meta[k] = v
	}
	f := &safetensors.File{Metadata: meta}
	for i, bufs := range st.buf {
		for k, b := range bufs {
			f.Tensors = append(f.Tensors, tensor.ToSafetensors(bufferKey(st.params[i].Name, st.names[k]), b))
		}
	}
	return safetensors.Write(w, f)
}

func bufferKey(param, buffer string) string { return param + "." + buffer }

// heldNames returns the JSON list of the names of the parameters st holds
// buffers for: all of them after the first step, none before.
func (st *state[T]) heldNames() string {
	names := []string{}
	if st.buf != nil {
		for _, p := range st.params {
			names = append(names, p.Name)
		}
	}
	b, _ := json.Marshal(names) // a []string always marshals
	return string(b)
}

// load reads a state written by save and, if it is valid for the bound
// parameters, replaces st's step count, learning rate and buffers with it.
// It checks strictly: the optimizer kind, the parameter names (the same
// set, in any order), every expected tensor present with its parameter's
// shape and T's dtype, and no other tensor. On error st is unchanged.
func (st *state[T]) load(r io.Reader) error {
	f, err := safetensors.Read(r)
	if err != nil {
		return fmt.Errorf("optim: LoadState: %w", err)
	}
	meta := f.Metadata
	if got := meta["optimizer"]; got != st.kind {
		return fmt.Errorf("optim: LoadState: the file holds %q optimizer state, not %q", got, st.kind)
	}
	steps, err := metaInt(meta, "steps")
	if err != nil {
		return err
	}
	var held []string
	if err := json.Unmarshal([]byte(meta["params"]), &held); err != nil {
		return fmt.Errorf("optim: LoadState: metadata params = %q is not a list of names", meta["params"])
	}
	lr, err := strconv.ParseFloat(meta["lr"], 64)
	if err != nil || !(lr >= 0) || math.IsInf(lr, 1) {
		return fmt.Errorf("optim: LoadState: metadata lr = %q is not a learning rate", meta["lr"])
	}
	if (steps == 0) != (len(held) == 0) {
		return fmt.Errorf("optim: LoadState: %d steps but state for %d parameters", steps, len(held))
	}
	if len(held) > 0 {
		bound := make([]string, len(st.params))
		for i, p := range st.params {
			bound[i] = p.Name
		}
		slices.Sort(bound)
		if sorted := slices.Sorted(slices.Values(held)); !slices.Equal(sorted, bound) {
			return fmt.Errorf("optim: LoadState: the state is for parameters %q, the optimizer has %q", sorted, bound)
		}
	}
	tensors := make(map[string]safetensors.Tensor, len(f.Tensors))
	for _, t := range f.Tensors {
		tensors[t.Name] = t
	}
	var buf [][]*tensor.Tensor[T]
	if len(held) > 0 {
		buf = make([][]*tensor.Tensor[T], len(st.params))
	}
	for i := range buf {
		p := st.params[i]
		buf[i] = make([]*tensor.Tensor[T], len(st.names))
		for k, name := range st.names {
			key := bufferKey(p.Name, name)
			t, ok := tensors[key]
			if !ok {
				return fmt.Errorf("optim: LoadState: missing tensor %q", key)
			}
			delete(tensors, key)
			if !slices.Equal(t.Shape, p.Value.Shape()) {
				return fmt.Errorf("optim: LoadState: tensor %q has shape %v, parameter %q has shape %v", key, t.Shape, p.Name, p.Value.Shape())
			}
			value, ok := tensor.FromSafetensors[T](t)
			if !ok {
				return fmt.Errorf("optim: LoadState: tensor %q is %s, want %s", key, t.DType(), tensor.DTypeOf[T]())
			}
			if err := checkFinite(key, value.Data()); err != nil {
				return err
			}
			buf[i][k] = value
		}
	}
	if len(tensors) > 0 {
		return fmt.Errorf("optim: LoadState: unexpected tensor %q", slices.Sorted(maps.Keys(tensors))[0])
	}
	st.buf, st.steps, st.lr = buf, steps, lr
	return nil
}

func metaInt(meta map[string]string, key string) (int, error) {
	v, err := strconv.Atoi(meta[key])
	if err != nil || v < 0 {
		return 0, fmt.Errorf("optim: LoadState: metadata %s = %q is not a count", key, meta[key])
	}
	return v, nil
}

func formatFloat(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }
