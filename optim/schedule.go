package optim

import (
	"fmt"
	"math"
)

// A Schedule gives the learning rate for step t = 0, 1, 2, ... (the number
// of steps already taken): call opt.SetLR(schedule(opt.Steps())) before
// each Step. Schedules are pure functions, so resuming needs no state
// beyond the step count. They use PyTorch's closed forms.
type Schedule func(t int) float64

// Constant returns the schedule η(t) = lr.
func Constant(lr float64) Schedule { return func(int) float64 { return lr } }

// StepDecay returns η(t) = lr·γ^⌊t/every⌋ (torch.optim.lr_scheduler.StepLR
// with step_size every and gamma γ).
func StepDecay(lr float64, every int, gamma float64) Schedule {
	if every < 1 {
		panic(fmt.Sprintf("optim: StepDecay: period %d is not ≥ 1", every))
	}
	return func(t int) float64 { return lr * math.Pow(gamma, float64(t/every)) }
}

// Cosine returns cosine annealing from lr down to minLR over total steps
// (CosineAnnealingLR with T_max = total):
// η(t) = minLR + (lr − minLR)·(1 + cos(π·t/total))/2 for t ≤ total and
// minLR after (where PyTorch would climb back up).
func Cosine(lr, minLR float64, total int) Schedule {
	if total < 1 {
		panic(fmt.Sprintf("optim: Cosine: total %d is not ≥ 1", total))
	}
	return func(t int) float64 {
		if t >= total {
			return minLR
		}
		return minLR + (lr-minLR)*(1+math.Cos(math.Pi*float64(t)/float64(total)))/2
	}
}

// Warmup returns s scaled by a linear warm-up factor that goes from start
// at t = 0 to 1 at t = steps and stays 1 after (LinearLR with
// start_factor start, end_factor 1 and total_iters steps, chained with s):
// η(t) = s(t)·(start + (1 − start)·min(t, steps)/steps).
func Warmup(s Schedule, steps int, start float64) Schedule {
	if steps < 1 {
		panic(fmt.Sprintf("optim: Warmup: %d steps is not ≥ 1", steps))
	}
	return func(t int) float64 {
		f := 1.0
		if t < steps {
			f = start + (1-start)*float64(t)/float64(steps)
		}
		return s(t) * f
	}
}
