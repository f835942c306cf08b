package main

import (
	"bytes"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"

	"github.com/deeptheory/deeptheory/nn"
	"github.com/deeptheory/deeptheory/tensor"
	"github.com/deeptheory/deeptheory/tensor/safetensors"
)

// A checkpoint is one safetensors file: the model's state as
// "model.<name>" ("model.0.weight"), the optimizer's state as
// "optim.<name>" ("optim.0.weight.exp_avg"), and in the metadata the
// run's settings, where training stands and the optimizer's own metadata
// under "optim.".
const checkpointFormat = "deeptheory-train-checkpoint-1"

// trainSettings are what a checkpoint must be resumed with.
type trainSettings struct {
	data, model, opt, dtype string
	batch, epochs           int
	lr, decay               float64
	seed                    uint64
}

func (s trainSettings) metadata() map[string]string {
	return map[string]string{
		"format": checkpointFormat,
		"data":   s.data, "model": s.model, "opt": s.opt, "dtype": s.dtype,
		"batch": strconv.Itoa(s.batch), "lr": strconv.FormatFloat(s.lr, 'g', -1, 64),
		"decay": strconv.FormatFloat(s.decay, 'g', -1, 64),
		"seed":  strconv.FormatUint(s.seed, 10),
	}
}

// adopt makes o continue the checkpoint's run: settings not given on the
// command line are taken from the checkpoint; ones given must agree.
func (s trainSettings) adopt(o *trainOptions) error {
	type field struct {
		flag        string
		have, given string
		set         func()
	}
	fields := []field{
		{"data", s.data, o.data, func() { o.data = s.data }},
		{"model", s.model, o.model, func() { o.model = s.model }},
		{"opt", s.opt, o.opt, func() { o.opt = s.opt }},
		{"batch", strconv.Itoa(s.batch), strconv.Itoa(o.batch), func() { o.batch = s.batch }},
		{"lr", strconv.FormatFloat(s.lr, 'g', -1, 64), strconv.FormatFloat(o.lr, 'g', -1, 64), func() { o.lr = s.lr }},
		{"decay", strconv.FormatFloat(s.decay, 'g', -1, 64), strconv.FormatFloat(o.decay, 'g', -1, 64), func() { o.decay = s.decay }},
		{"seed", strconv.FormatUint(s.seed, 10), strconv.FormatUint(o.seed, 10), func() { o.seed = s.seed }},
		{"float64", strconv.FormatBool(s.dtype == "float64"), strconv.FormatBool(o.float64), func() { o.float64 = s.dtype == "float64" }},
	}
	for _, f := range fields {
		if o.set[f.flag] && f.have != f.given {
			return fmt.Errorf("-resume %s: the checkpoint was trained with -%s %s, not %s", o.resume, f.flag, f.have, f.given)
		}
		f.set()
	}
	if !o.set["epochs"] {
		o.epochs = s.epochs
	}
	return nil
}

// checkpoint is a checkpoint file read back.
type checkpoint struct {
	path         string
	settings     trainSettings
	epoch, batch int
	epochRNG     []byte
	file         *safetensors.File
}

// readCheckpoint reads and validates the checkpoint at path.
func readCheckpoint(path string) (*checkpoint, error) {
	f, err := safetensors.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("-resume: %w", err)
	}
	m := f.Metadata
	if m["format"] != checkpointFormat {
		return nil, fmt.Errorf("-resume %s: not a deeptheory train checkpoint (format %q)", path, m["format"])
	}
	ck := &checkpoint{path: path, file: f}
	s := &ck.settings
	s.data, s.model, s.opt, s.dtype = m["data"], m["model"], m["opt"], m["dtype"]
	var errs []error
	atoi := func(key string) int {
		v, err := strconv.Atoi(m[key])
		if err != nil || v < 0 {
			errs = append(errs, fmt.Errorf("%s %q", key, m[key]))
		}
		return v
	}
	s.batch, s.epochs = atoi("batch"), atoi("epochs")
	ck.epoch, ck.batch = atoi("epoch"), atoi("batch_in_epoch")
	if s.lr, err = strconv.ParseFloat(m["lr"], 64); err != nil {
		errs = append(errs, fmt.Errorf("lr %q", m["lr"]))
	}
	if s.decay, err = strconv.ParseFloat(m["decay"], 64); err != nil {
		errs = append(errs, fmt.Errorf("decay %q", m["decay"]))
	}
	if s.seed, err = strconv.ParseUint(m["seed"], 10, 64); err != nil {
		errs = append(errs, fmt.Errorf("seed %q", m["seed"]))
	}
	if ck.epochRNG, err = hex.DecodeString(m["rng"]); err != nil {
		errs = append(errs, fmt.Errorf("rng %q", m["rng"]))
	}
	if s.dtype != "float32" && s.dtype != "float64" {
		errs = append(errs, fmt.Errorf("dtype %q", s.dtype))
	}
	if len(errs) > 0 {
		return nil, fmt.Errorf("-resume %s: bad metadata: %v", path, errs)
	}
	return ck, nil
}

// restoreCheckpoint puts the checkpoint's model, optimizer and position
// into t.
func restoreCheckpoint[T tensor.Float](ck *checkpoint, t *trainer[T]) error {
	model := &safetensors.File{}
	opt := &safetensors.File{Metadata: map[string]string{}}
	for _, st := range ck.file.Tensors {
		if name, ok := strings.CutPrefix(st.Name, "model."); ok {
			st.Name = name
			model.Tensors = append(model.Tensors, st)
		} else if name, ok := strings.CutPrefix(st.Name, "optim."); ok {
			st.Name = name
			opt.Tensors = append(opt.Tensors, st)
		} else {
			return fmt.Errorf("unexpected tensor %q", st.Name)
		}
	}
	for k, v := range ck.file.Metadata {
		if key, ok := strings.CutPrefix(k, "optim."); ok {
			opt.Metadata[key] = v
		}
	}
	var buf bytes.Buffer
	if err := safetensors.Write(&buf, model); err != nil {
		return err
	}
	if err := nn.Load(&buf, t.model); err != nil {
		return err
	}
	buf.Reset()
	if err := safetensors.Write(&buf, opt); err != nil {
		return err
	}
	if err := t.opt.LoadState(&buf); err != nil {
		return err
	}
	if err := t.shuffle.UnmarshalBinary(ck.epochRNG); err != nil {
		return fmt.Errorf("rng: %w", err)
	}
	if ck.epoch > t.o.epochs {
		return fmt.Errorf("the checkpoint is at epoch %d, beyond -epochs %d", ck.epoch, t.o.epochs)
	}
	t.epoch, t.batchInEpoch, t.epochRNG = ck.epoch, ck.batch, ck.epochRNG
	return nil
}

// saveCheckpoint writes where t stands to path, atomically.
func (t *trainer[T]) saveCheckpoint(path string) error {
	rng := t.epochRNG
	if t.batchInEpoch == 0 { // between epochs: the next epoch starts from here
		var err error
		if rng, err = t.shuffle.MarshalBinary(); err != nil {
			return err
		}
	}
	f := &safetensors.File{Metadata: t.settings().metadata()}
	f.Metadata["epochs"] = strconv.Itoa(t.o.epochs)
	f.Metadata["epoch"] = strconv.Itoa(t.epoch)
	f.Metadata["batch_in_epoch"] = strconv.Itoa(t.batchInEpoch)
	f.Metadata["step"] = strconv.Itoa(t.opt.Steps())
	f.Metadata["rng"] = hex.EncodeToString(rng)
	for _, p := range nn.State[T](t.model) {
		f.Tensors = append(f.Tensors, tensor.ToSafetensors("model."+p.Name, p.Value))
	}
	var buf bytes.Buffer
	if err := t.opt.SaveState(&buf); err != nil {
		return err
	}
	opt, err := safetensors.Read(&buf)
	if err != nil {
		return err
	}
	for k, v := range opt.Metadata {
		f.Metadata["optim."+k] = v
	}
	for _, st := range opt.Tensors {
		st.Name = "optim." + st.Name
		f.Tensors = append(f.Tensors, st)
	}
	if err := safetensors.WriteFile(path, f); err != nil {
		return fmt.Errorf("checkpoint: %w", err)
	}
	return nil
}

func (t *trainer[T]) settings() trainSettings {
	return trainSettings{data: t.o.data, model: t.o.model, opt: t.o.opt, dtype: dtypeName[T](),
		batch: t.o.batch, epochs: t.o.epochs, lr: t.o.lr, decay: t.o.decay, seed: t.o.seed}
}
