package theory

import (
	"math/rand/v2"
	"runtime"
	"sync"

	"github.com/deeptheory/deeptheory/nn"
	"github.com/deeptheory/deeptheory/tensor"
)

// The table behind C1 and C3–C6: test NMSE of the four networks at equal
// parameter counts, for each target, activation and parameter budget, the
// median over independent repeats (fresh data, target constants and
// initializations). One table is trained once per process and config and
// shared by the claims that read it.

// approxSpec says what a table holds and how it is trained.
type approxSpec struct {
	name      string         // cache key and label
	stream    uint64         // random stream of Config.Rand
	targets   []approxTarget // targets, all on the same inputs
	softplus  []bool         // activations: false ReLU, true softplus
	qs        []int          // units per tree node, setting the parameter budget 7(4Q+1)
	archs     []approxArch   // networks
	nTrain    int            // training points
	nTest     int            // test points
	iters     int            // Adam steps
	repeats   int            // independent repeats (medians are over these)
	lrs       []float64      // initial learning rates tried; the lowest training loss wins
	inits     int            // initializations tried at each rate (0 means 1); the lowest training loss wins
	keepModel bool           // keep repeat 0's trained models as artifacts
	dataTag   string         // suffix of the data's artifact names ("x_<tag>"), to tell two tables' data apart in one Result
}

// approxCell identifies one entry of a table.
type approxCell struct {
	target   approxTarget
	softplus bool
	q        int
	arch     approxArch
}

// approxFit is the outcome of one cell in one repeat, at its best rate.
type approxFit struct {
	lr        float64 // the chosen initial learning rate
	trainNMSE float64 // training MSE / Var(y)
	testNMSE  float64 // test MSE / Var(y_test)
}

// approxTable is a trained table.
type approxTable struct {
	spec   approxSpec
	fits   map[approxCell][]approxFit // one per repeat
	params map[approxCell]int         // parameter count of each cell's network
	layers map[approxCell][]string
	models map[approxCell][]nn.Param[float64] // repeat 0, best rate (if spec.keepModel)
	x, xt  *tensor.Tensor[float64]            // repeat 0's inputs
	y, yt  map[approxTarget]*tensor.Tensor[float64]
}

// median returns the median test NMSE of cell c over the repeats (the mean
// of the middle two for an even count).
func (t *approxTable) median(c approxCell) float64 {
	v := make([]float64, 0, len(t.fits[c]))
	for _, f := range t.fits[c] {
		v = append(v, f.testNMSE)
	}
	return genMedian(v)
}

type approxCacheKey struct {
	name string
	cfg  Config
}

var (
	approxCacheMu sync.Mutex
	approxCache   = map[approxCacheKey]*approxTable{}
)

// approxGetTable returns the table of spec for cfg, training it on first
// use (reporting progress as claim id) and caching it for the claims that
// share it. The result depends only on spec and cfg.
func approxGetTable(spec approxSpec, cfg Config, id string, progress Progress) *approxTable {
	approxCacheMu.Lock()
	defer approxCacheMu.Unlock()
	key := approxCacheKey{spec.name, cfg}
	if t, ok := approxCache[key]; ok {
		progress.Report(id, 1, 1)
		return t
	}
	t := approxTrainTable(spec, cfg, id, progress)
	approxCache[key] = t
	return t
}

// approxJob is one training: a cell in one repeat from one initialization
// at one learning rate.
type approxJob struct {
	cell     approxCell
	repeat   int
	lr       float64
	initSeed uint64
	init     int // which initialization of the seed: PCG stream init+1
	x, y     *tensor.Tensor[float64]
	xt, yt   *tensor.Tensor[float64]
	// results
	trainMSE, testMSE float64
	params            []nn.Param[float64]
	layers            []string
	count             int
}

// approxTrainTable trains every job of spec. All random numbers are drawn
// up front in a fixed order; the jobs then run on GOMAXPROCS workers and
// each depends only on its own seed and data, so the table is the same
// under any GOMAXPROCS.
func approxTrainTable(spec approxSpec, cfg Config, id string, progress Progress) *approxTable {
	t, jobs := approxPlan(spec, cfg)
	approxRunJobs(jobs, spec, id, progress)
	approxCollect(t, jobs)
	return t
}

// approxPlan draws a table's data and seeds and returns the empty table
// and its jobs, in a fixed order: for each repeat, target, activation,
// budget and network, one job per initialization and learning rate.
func approxPlan(spec approxSpec, cfg Config) (*approxTable, []*approxJob) {
	r := cfg.Rand(spec.stream)
	t := &approxTable{
		spec: spec, fits: map[approxCell][]approxFit{}, params: map[approxCell]int{},
		layers: map[approxCell][]string{}, models: map[approxCell][]nn.Param[float64]{},
		y: map[approxTarget]*tensor.Tensor[float64]{}, yt: map[approxTarget]*tensor.Tensor[float64]{},
	}
	var jobs []*approxJob
	for rep := range spec.repeats {
		dataRand := rand.New(rand.NewPCG(r.Uint64(), r.Uint64()))
		x := approxUniform(dataRand, spec.nTrain)
		xt := approxUniform(dataRand, spec.nTest)
		if rep == 0 {
			t.x, t.xt = x, xt
		}
		for _, target := range spec.targets {
			f := approxNewTarget(dataRand, target)
			y, yt := approxEval(f, x), approxEval(f, xt)
			if rep == 0 {
				t.y[target], t.yt[target] = y, yt
			}
			for _, sp := range spec.softplus {
				for _, q := range spec.qs {
					for _, a := range spec.archs {
						seed := r.Uint64()
						for init := range spec.tries() {
							for _, lr := range spec.lrs {
								jobs = append(jobs, &approxJob{
									cell: approxCell{target, sp, q, a}, repeat: rep, lr: lr, initSeed: seed, init: init,
									x: x, y: y, xt: xt, yt: yt,
								})
							}
						}
					}
				}
			}
		}
	}
	return t, jobs
}

// tries returns the number of initializations tried at each rate.
func (s approxSpec) tries() int { return max(s.inits, 1) }

// approxCollect fills t from its trained jobs: the best initialization and
// rate of each (cell, repeat) by training loss, the first in job order on
// a tie.
func approxCollect(t *approxTable, jobs []*approxJob) {
	spec := t.spec
	group := spec.tries() * len(spec.lrs)
	for i := 0; i < len(jobs); i += group {
		best := jobs[i]
		for _, j := range jobs[i+1 : i+group] {
			if j.trainMSE < best.trainMSE {
				best = j
			}
		}
		c := best.cell
		varY := approxVariance(best.y.Data())
		varYt := approxVariance(best.yt.Data())
		t.fits[c] = append(t.fits[c], approxFit{lr: best.lr, trainNMSE: best.trainMSE / varY, testNMSE: best.testMSE / varYt})
		t.params[c], t.layers[c] = best.count, best.layers
		if best.repeat == 0 && spec.keepModel {
			t.models[c] = best.params
		}
	}
}

// approxRunJobs trains the jobs on min(GOMAXPROCS, len(jobs)) workers.
func approxRunJobs(jobs []*approxJob, spec approxSpec, id string, progress Progress) {
	var (
		mu   sync.Mutex
		done int
		wg   sync.WaitGroup
		next = make(chan *approxJob)
	)
	progress.Report(id, 0, len(jobs))
	workers := min(runtime.GOMAXPROCS(0), len(jobs))
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range next {
				approxRunJob(j, spec)
				mu.Lock()
				done++
				progress.Report(id, done, len(jobs))
				mu.Unlock()
			}
		}()
	}
	for _, j := range jobs {
		next <- j
	}
	close(next)
	wg.Wait()
}

// approxRunJob builds the job's network from its seed and initialization
// index and trains it.
func approxRunJob(j *approxJob, spec approxSpec) {
	c := j.cell
	w := approxWidth(c.arch, approxTreeParams(c.q))
	model, layers := approxNet(rand.New(rand.NewPCG(j.initSeed, uint64(j.init)+1)), c.arch, w, c.softplus)
	j.trainMSE = approxTrain(model, j.x, j.y, j.lr, spec.iters)
	j.testMSE = approxMSE(model, j.xt, j.yt)
	j.layers, j.count = layers, approxCount(model)
	if spec.keepModel && j.repeat == 0 {
		j.params = model.Params()
	}
}

// approxUniform returns n points x ~ U[−1, 1]^8 drawn from r, shape [n, 8].
func approxUniform(r *rand.Rand, n int) *tensor.Tensor[float64] {
	x := tensor.Zeros[float64](n, approxDim)
	for i := range x.Data() {
		x.Data()[i] = 2*r.Float64() - 1
	}
	return x
}

// approxEval returns f at the rows of x [n, 8], as [n, 1].
func approxEval(f approxFunc, x *tensor.Tensor[float64]) *tensor.Tensor[float64] {
	n := x.Dim(0)
	y := tensor.Zeros[float64](n, 1)
	for i := range n {
		y.Data()[i] = f(x.Data()[i*approxDim : (i+1)*approxDim])
	}
	return y
}
