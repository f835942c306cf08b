package optim

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"

	"github.com/deeptheory/deeptheory/tensor"
	"github.com/deeptheory/deeptheory/tensor/safetensors"
)

// state is what an optimizer remembers between steps: per parameter index,
// one buffer per name (momentum_buffer; exp_avg, exp_avg_sq), plus the step
// count and the learning rate.
type state[T Float] struct {
	kind  string   // "sgd", "adam", "adamw", "sphere": the file's "optimizer"
	names []string // buffer names, in the order they are kept and saved
	// buf[i][k] is buffer names[k] of parameter i. It is nil before the
	// first step, then has one entry per parameter (even when names is empty).
	buf   [][]*tensor.Tensor[T]
	steps int
	lr    float64
}

// ensure allocates zero buffers for params on the first step.
func (st *state[T]) ensure(params []*tensor.Tensor[T]) {
	if st.buf != nil {
		return
	}
	st.buf = make([][]*tensor.Tensor[T], len(params))
	for i, p := range params {
		st.buf[i] = make([]*tensor.Tensor[T], len(st.names))
		for k := range st.names {
			st.buf[i][k] = tensor.Zeros[T](p.Shape()...)
		}
	}
}

// save writes the state as safetensors. Metadata: "optimizer" (the kind),
// "steps", "lr" (shortest decimal that round-trips), "params" (how many
// parameters the state holds; 0 before the first step), plus the
// optimizer's hyperparameters for information. Tensors: "<i>.<name>" for
// every parameter index i and buffer name, in that order.
func (st *state[T]) save(w io.Writer, hyper map[string]string) error {
	meta := map[string]string{
		"optimizer": st.kind,
		"steps":     strconv.Itoa(st.steps),
		"lr":        strconv.FormatFloat(st.lr, 'g', -1, 64),
		"params":    strconv.Itoa(len(st.buf)),
	}
	for k, v := range hyper {
		meta[k] = v
	}
	f := &safetensors.File{Metadata: meta}
	for i, bufs := range st.buf {
		for k, b := range bufs {
			f.Tensors = append(f.Tensors, tensor.ToSafetensors(bufferKey(i, st.names[k]), b))
		}
	}
	return safetensors.Write(w, f)
}

func bufferKey(i int, name string) string { return strconv.Itoa(i) + "." + name }

// load reads a state written by save and, if it is valid for params,
// replaces st's step count, learning rate and buffers with it. It checks
// strictly: the optimizer kind, the parameter count, every expected tensor
// present with params[i]'s shape and T's dtype, and no other tensor. On
// error st is unchanged.
func (st *state[T]) load(r io.Reader, params []*tensor.Tensor[T]) error {
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
	nparams, err := metaInt(meta, "params")
	if err != nil {
		return err
	}
	lr, err := strconv.ParseFloat(meta["lr"], 64)
	if err != nil || !(lr >= 0) {
		return fmt.Errorf("optim: LoadState: metadata lr = %q is not a learning rate", meta["lr"])
	}
	if (steps == 0) != (nparams == 0) {
		return fmt.Errorf("optim: LoadState: %d steps but state for %d parameters", steps, nparams)
	}
	if nparams != 0 && nparams != len(params) {
		return fmt.Errorf("optim: LoadState: the state is for %d parameters, not %d", nparams, len(params))
	}
	tensors := make(map[string]safetensors.Tensor, len(f.Tensors))
	for _, t := range f.Tensors {
		tensors[t.Name] = t
	}
	var buf [][]*tensor.Tensor[T]
	if nparams > 0 {
		buf = make([][]*tensor.Tensor[T], nparams)
	}
	for i := range buf {
		buf[i] = make([]*tensor.Tensor[T], len(st.names))
		for k, name := range st.names {
			key := bufferKey(i, name)
			t, ok := tensors[key]
			if !ok {
				return fmt.Errorf("optim: LoadState: missing tensor %q", key)
			}
			delete(tensors, key)
			if !slices.Equal(t.Shape, params[i].Shape()) {
				return fmt.Errorf("optim: LoadState: tensor %q has shape %v, parameter %d has shape %v", key, t.Shape, i, params[i].Shape())
			}
			value, ok := tensor.FromSafetensors[T](t)
			if !ok {
				return fmt.Errorf("optim: LoadState: tensor %q is %s, want %s", key, t.DType(), tensor.DTypeOf[T]())
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
