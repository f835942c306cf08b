package torchref

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"

	"github.com/deeptheory/deeptheory/autograd"
	"github.com/deeptheory/deeptheory/nn"
	"github.com/deeptheory/deeptheory/optim"
	"github.com/deeptheory/deeptheory/tensor"
)

// TrajTolerance is the largest relative error allowed between a training
// run reproduced by packages nn and optim and PyTorch's, in float64.
const TrajTolerance = 1e-8

// Trajectory is a training run reproduced from a traj/ case.
type Trajectory struct {
	// Loss is the full-data-set loss before each step and after the last.
	Loss []float64
	// Norms maps the arch index I of each layer with a weight to ‖W_I‖_F
	// at the same moments ("norm.I").
	Norms map[int][]float64
	// Final maps "final.I.weight" and "final.I.bias" to the parameters
	// after the run.
	Final map[string][]float64
}

// trajLayer is one entry of a case's arch, decoded.
type trajLayer struct {
	layer    nn.Layer[float64]
	weighted bool // has "weight" (and maybe "bias")
}

// optimConfig is the decoded "optim" metadata.
type optimConfig struct {
	newOpt func([]autograd.Param[float64]) optim.Optimizer[float64]
	batch  int // 0: full batch
}

// ReproduceTraj reproduces the training run of a traj/ case (see
// testdata/torchref/README.md): it builds the network of the "arch"
// metadata with package nn, loads init.I.*, and trains with the "loss"
// and "optim" metadata for "steps" steps, each step one epoch over the
// batches in stored order (one full batch when "batch" is absent).
//
// An unknown layer type, layer key, loss or optimizer key, a missing or
// unexpected tensor, a shape that does not fit, or a panic is an error: a
// case ReproduceTraj cannot reproduce never passes silently.
func ReproduceTraj(c Case) (traj *Trajectory, err error) {
	defer func() {
		if r := recover(); r != nil {
			traj, err = nil, fmt.Errorf("torchref: %s: panic: %v", c.Path, r)
		}
	}()
	layers, err := parseArch(c)
	if err != nil {
		return nil, err
	}
	model := &nn.Sequential[float64]{}
	for _, l := range layers {
		model.Layers = append(model.Layers, l.layer)
	}
	loss, ok := lossNamed(c.Meta["loss"])
	if !ok {
		return nil, fmt.Errorf("torchref: %s: unknown loss %q", c.Path, c.Meta["loss"])
	}
	oc, err := parseOptim(c)
	if err != nil {
		return nil, err
	}
	steps, err := strconv.Atoi(c.Meta["steps"])
	if err != nil || steps < 0 {
		return nil, fmt.Errorf("torchref: %s: steps %q is not a count", c.Path, c.Meta["steps"])
	}
	x, err := caseTensor(c, "x")
	if err != nil {
		return nil, err
	}
	y, err := caseTensor(c, "y")
	if err != nil {
		return nil, err
	}
	if err := checkTrajTensors(c, layers); err != nil {
		return nil, err
	}
	for i, l := range layers {
		for _, p := range l.layer.Params() {
			want, err := caseTensor(c, fmt.Sprintf("init.%d.%s", i, p.Name))
			if err != nil {
				return nil, err
			}
			if !want.SameShape(p.Value) {
				return nil, fmt.Errorf("torchref: %s: init.%d.%s has shape %v, the layer's %s is %v", c.Path, i, p.Name, want.Shape(), p.Name, p.Value.Shape())
			}
			p.Value.CopyFrom(want)
		}
	}

	traj = &Trajectory{Norms: map[int][]float64{}, Final: map[string][]float64{}}
	record := func() {
		traj.Loss = append(traj.Loss, loss(model.Forward(autograd.Const(x)), y).Value().Item())
		for i, l := range layers {
			if l.weighted {
				traj.Norms[i] = append(traj.Norms[i], tensor.Norm(l.layer.Params()[0].Value))
			}
		}
	}
	opt := oc.newOpt(model.Params())
	batchSize := oc.batch
	if batchSize == 0 {
		batchSize = x.Dim(0)
	}
	batches := nn.NewBatches(x, y, batchSize, nil)
	tp := autograd.NewTape[float64]()
	for range steps {
		record()
		for xb, yb := range batches.Epoch() {
			tp.Reset()
			opt.Step(loss(model.Forward(tp.Const(xb)), yb))
		}
	}
	record()
	for i, l := range layers {
		for _, p := range l.layer.Params() {
			traj.Final[fmt.Sprintf("final.%d.%s", i, p.Name)] = slices.Clone(p.Value.Data())
		}
	}
	return traj, nil
}

// RunTraj reproduces case c (ReproduceTraj) and returns the relative
// error of "loss", of every "norm.I" and of every "final.I.*" against
// PyTorch's, like RunOp for ops. Curves are compared point by point, each
// point relative to its own size (a loss that decays to 1e-6 must still
// match to the tolerance relative); final parameters with RelError,
// relative to the tensor's largest element.
func RunTraj(c Case) (errs map[string]float64, err error) {
	traj, err := ReproduceTraj(c)
	if err != nil {
		return nil, err
	}
	errs = map[string]float64{"loss": curveError(traj.Loss, c.Tensors["loss"].Data)}
	for i, norms := range traj.Norms {
		name := fmt.Sprintf("norm.%d", i)
		errs[name] = curveError(norms, c.Tensors[name].Data)
	}
	for name, final := range traj.Final {
		errs[name] = RelError(final, c.Tensors[name].Data)
	}
	return errs, nil
}

// CheckTraj runs case c (RunTraj) and returns an error naming every curve
// or final parameter whose relative error exceeds tol.
func CheckTraj(c Case, tol float64) error {
	errs, err := RunTraj(c)
	if err != nil {
		return err
	}
	var bad []string
	for _, name := range slices.Sorted(maps.Keys(errs)) {
		if e := errs[name]; !(e <= tol) {
			bad = append(bad, fmt.Sprintf("%s (relative error %.3g)", name, e))
		}
	}
	if len(bad) > 0 {
		return fmt.Errorf("torchref: %s: differs from PyTorch beyond %g: %s", c.Path, tol, strings.Join(bad, ", "))
	}
	return nil
}

// curveError returns max_i |got_i − want_i|/|want_i| (+Inf on a length
// mismatch or a NaN; relFloor guards a zero reference).
func curveError(got, want []float64) float64 {
	if len(got) != len(want) {
		return math.Inf(1)
	}
	worst := 0.0
	for i, w := range want {
		e := math.Abs(got[i]-w) / max(math.Abs(w), relFloor)
		if math.IsNaN(e) {
			return math.Inf(1)
		}
		worst = max(worst, e)
	}
	return worst
}

// caseTensor returns the case's tensor name as a tensor.
func caseTensor(c Case, name string) (*tensor.Tensor[float64], error) {
	t, ok := c.Tensors[name]
	if !ok {
		return nil, fmt.Errorf("torchref: %s: missing tensor %q", c.Path, name)
	}
	return tensor.FromSlice(slices.Clone(t.Data), t.Shape...), nil
}

// checkTrajTensors checks that the case holds exactly the tensors its arch
// calls for: x, y, loss, and for each layer with a weight init.I.*,
// final.I.* and norm.I, with curves of one value per moment.
func checkTrajTensors(c Case, layers []trajLayer) error {
	want := map[string]bool{"x": true, "y": true, "loss": true}
	for i, l := range layers {
		for _, p := range l.layer.Params() {
			want[fmt.Sprintf("init.%d.%s", i, p.Name)] = true
			want[fmt.Sprintf("final.%d.%s", i, p.Name)] = true
		}
		if l.weighted {
			want[fmt.Sprintf("norm.%d", i)] = true
		}
	}
	for _, name := range slices.Sorted(maps.Keys(want)) {
		if _, ok := c.Tensors[name]; !ok {
			return fmt.Errorf("torchref: %s: missing tensor %q", c.Path, name)
		}
	}
	for _, name := range slices.Sorted(maps.Keys(c.Tensors)) {
		if !want[name] {
			return fmt.Errorf("torchref: %s: unexpected tensor %q", c.Path, name)
		}
	}
	return nil
}

// decodeStrict decodes the JSON object raw into v, rejecting unknown keys.
func decodeStrict(raw []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return fmt.Errorf("trailing data after the JSON value")
	}
	return nil
}

// intPair is a JSON integer n (meaning [n, n]) or a list [a, b].
type intPair [2]int

func (p *intPair) UnmarshalJSON(b []byte) error {
	var n int
	if err := json.Unmarshal(b, &n); err == nil {
		*p = intPair{n, n}
		return nil
	}
	var list []int
	if err := json.Unmarshal(b, &list); err != nil || len(list) != 2 {
		return fmt.Errorf("%s is not an integer or a pair of integers", b)
	}
	*p = intPair{list[0], list[1]}
	return nil
}

// parseArch decodes the "arch" metadata into layers.
func parseArch(c Case) ([]trajLayer, error) {
	var raws []json.RawMessage
	if err := json.Unmarshal([]byte(c.Meta["arch"]), &raws); err != nil {
		return nil, fmt.Errorf("torchref: %s: arch %q is not a JSON list: %v", c.Path, c.Meta["arch"], err)
	}
	// The weights are overwritten by init.I.*; the generator only fills them first.
	r := rand.New(rand.NewPCG(0, 0))
	layers := make([]trajLayer, len(raws))
	for i, raw := range raws {
		var head struct {
			Type string `json:"type"`
		}
		if err := json.Unmarshal(raw, &head); err != nil {
			return nil, fmt.Errorf("torchref: %s: arch[%d] = %s: %v", c.Path, i, raw, err)
		}
		// The size a layer claims must be the size of its initial weight
		// in the file: a layer is allocated only as large as bytes read.
		name := fmt.Sprintf("init.%d.weight", i)
		var init []int // nil if the case has no such tensor
		if t, ok := c.Tensors[name]; ok {
			init = append([]int{}, t.Shape...)
		}
		l, err := buildLayer(r, head.Type, raw, name, init)
		if err != nil {
			return nil, fmt.Errorf("torchref: %s: arch[%d] = %s: %v", c.Path, i, raw, err)
		}
		layers[i] = l
	}
	return layers, nil
}

// buildLayer makes the layer of one arch entry (keys as in the README).
// init is the shape of the layer's initial weight in the case (nil if
// absent), called name; a layer whose weight would have another shape is an
// error, found before anything is allocated.
func buildLayer(r *rand.Rand, typ string, raw []byte, name string, init []int) (trajLayer, error) {
	switch typ {
	case "linear":
		spec := struct {
			Type    string `json:"type"`
			In, Out int
			Bias    *bool `json:"bias"`
		}{}
		if err := decodeStrict(raw, &spec); err != nil {
			return trajLayer{}, err
		}
		if spec.In < 1 || spec.Out < 1 {
			return trajLayer{}, fmt.Errorf("linear needs in and out ≥ 1")
		}
		if err := checkWeights(name, init, spec.Out, spec.In); err != nil {
			return trajLayer{}, err
		}
		return trajLayer{nn.NewDense[float64](r, spec.In, spec.Out, spec.Bias == nil || *spec.Bias), true}, nil
	case "conv2d":
		spec := struct {
			Type            string `json:"type"`
			In, Out         int
			Kernel          intPair
			Stride, Padding *intPair
			Bias            *bool `json:"bias"`
		}{}
		if err := decodeStrict(raw, &spec); err != nil {
			return trajLayer{}, err
		}
		stride, padding := intPair{1, 1}, intPair{0, 0}
		if spec.Stride != nil {
			stride = *spec.Stride
		}
		if spec.Padding != nil {
			padding = *spec.Padding
		}
		if spec.In < 1 || spec.Out < 1 || spec.Kernel[0] < 1 || spec.Kernel[1] < 1 || stride[0] < 1 || stride[1] < 1 || padding[0] < 0 || padding[1] < 0 {
			return trajLayer{}, fmt.Errorf("conv2d needs in, out, kernel, stride ≥ 1 and padding ≥ 0")
		}
		if padding[0] >= spec.Kernel[0] || padding[1] >= spec.Kernel[1] {
			return trajLayer{}, fmt.Errorf("conv2d padding %v is not smaller than the kernel %v", padding, spec.Kernel)
		}
		if err := checkWeights(name, init, spec.Out, spec.In, spec.Kernel[0], spec.Kernel[1]); err != nil {
			return trajLayer{}, err
		}
		return trajLayer{nn.NewConv2D[float64](r, spec.In, spec.Out, spec.Kernel, stride, padding, spec.Bias == nil || *spec.Bias), true}, nil
	case "avg_pool2d":
		spec := struct {
			Type   string `json:"type"`
			Kernel intPair
			Stride *intPair
		}{}
		if err := decodeStrict(raw, &spec); err != nil {
			return trajLayer{}, err
		}
		stride := spec.Kernel
		if spec.Stride != nil {
			stride = *spec.Stride
		}
		if spec.Kernel[0] < 1 || spec.Kernel[1] < 1 || stride[0] < 1 || stride[1] < 1 {
			return trajLayer{}, fmt.Errorf("avg_pool2d needs kernel and stride ≥ 1")
		}
		return trajLayer{layer: nn.AvgPool2D[float64]{Kernel: spec.Kernel, Stride: stride}}, nil
	case "relu", "tanh", "flatten":
		var spec struct {
			Type string `json:"type"`
		}
		if err := decodeStrict(raw, &spec); err != nil {
			return trajLayer{}, err
		}
		switch typ {
		case "relu":
			return trajLayer{layer: nn.ReLU[float64]{}}, nil
		case "tanh":
			return trajLayer{layer: nn.Tanh[float64]{}}, nil
		}
		return trajLayer{layer: nn.Flatten[float64]{}}, nil
	}
	return trajLayer{}, fmt.Errorf("unknown layer type %q", typ)
}

// parseOptim decodes the "optim" metadata; absent keys take PyTorch's defaults.
func parseOptim(c Case) (optimConfig, error) {
	raw := []byte(c.Meta["optim"])
	var head struct {
		Type string `json:"type"`
	}
	if err := json.Unmarshal(raw, &head); err != nil {
		return optimConfig{}, fmt.Errorf("torchref: %s: optim %q is not a JSON object: %v", c.Path, raw, err)
	}
	wrap := func(err error) error { return fmt.Errorf("torchref: %s: optim %s: %v", c.Path, raw, err) }
	switch head.Type {
	case "sgd":
		spec := struct {
			Type        string   `json:"type"`
			LR          *float64 `json:"lr"`
			Momentum    float64  `json:"momentum"`
			Dampening   float64  `json:"dampening"`
			WeightDecay float64  `json:"weight_decay"`
			Nesterov    bool     `json:"nesterov"`
			Batch       int      `json:"batch"`
		}{}
		if err := decodeStrict(raw, &spec); err != nil {
			return optimConfig{}, wrap(err)
		}
		if spec.LR == nil {
			return optimConfig{}, wrap(fmt.Errorf("sgd needs lr"))
		}
		if spec.Batch < 0 {
			return optimConfig{}, wrap(fmt.Errorf("batch %d", spec.Batch))
		}
		cfg := optim.SGDConfig{LR: *spec.LR, Momentum: spec.Momentum, Dampening: spec.Dampening, WeightDecay: spec.WeightDecay, Nesterov: spec.Nesterov}
		return optimConfig{newOpt: func(ps []autograd.Param[float64]) optim.Optimizer[float64] { return optim.NewSGD(ps, cfg) }, batch: spec.Batch}, nil
	case "adam", "adamw":
		spec := struct {
			Type        string      `json:"type"`
			LR          *float64    `json:"lr"`
			Betas       *[2]float64 `json:"betas"`
			Eps         *float64    `json:"eps"`
			WeightDecay *float64    `json:"weight_decay"`
			Batch       int         `json:"batch"`
		}{}
		if err := decodeStrict(raw, &spec); err != nil {
			return optimConfig{}, wrap(err)
		}
		if spec.Batch < 0 {
			return optimConfig{}, wrap(fmt.Errorf("batch %d", spec.Batch))
		}
		cfg := optim.AdamDefaults(1e-3)
		if head.Type == "adamw" {
			cfg = optim.AdamWDefaults(1e-3)
		}
		if spec.LR != nil {
			cfg.LR = *spec.LR
		}
		if spec.Betas != nil {
			cfg.Betas = *spec.Betas
		}
		if spec.Eps != nil {
			cfg.Eps = *spec.Eps
		}
		if spec.WeightDecay != nil {
			cfg.WeightDecay = *spec.WeightDecay
		}
		newOpt := func(ps []autograd.Param[float64]) optim.Optimizer[float64] { return optim.NewAdam(ps, cfg) }
		if head.Type == "adamw" {
			newOpt = func(ps []autograd.Param[float64]) optim.Optimizer[float64] { return optim.NewAdamW(ps, cfg) }
		}
		return optimConfig{newOpt: newOpt, batch: spec.Batch}, nil
	}
	return optimConfig{}, fmt.Errorf("torchref: %s: unknown optimizer type %q", c.Path, head.Type)
}

// checkWeights returns an error unless a layer's weight of shape dims
// (all ≥ 1) has the shape init of its init tensor, called name.
func checkWeights(name string, init []int, dims ...int) error {
	if init == nil {
		return fmt.Errorf("missing tensor %q for a weight of shape %v", name, dims)
	}
	if !slices.Equal(init, dims) {
		return fmt.Errorf("%s has shape %v, the layer's weight is %v", name, init, dims)
	}
	return nil
}
