// Package optim updates parameters from their gradients: SGD (with momentum,
// dampening, weight decay and Nesterov), Adam and AdamW with PyTorch's exact
// update rules, a projected step on the unit sphere, learning-rate schedules
// and gradient clipping. It is the only package that changes parameters in
// place.
//
// An optimizer is driven by the training loop:
//
//	opt := optim.NewSGD[float64](optim.SGDConfig{LR: 0.1, Momentum: 0.9})
//	for step := range steps {
//		tp.Reset()
//		loss := ...                          // forward pass on tp
//		grads := autograd.Gradients(loss, vars...)
//		opt.SetLR(schedule(step))            // optional
//		opt.Step(params, grads)              // params[i] -= ...
//	}
//
// State (momentum buffers, moments, the step count) is kept per parameter
// index, so Step must be given the same parameters in the same order every
// time. It is saved and restored with SaveState and LoadState as a
// safetensors file whose tensors are named like PyTorch's optimizer
// state_dict entries ("0.momentum_buffer", "3.exp_avg"), so a run can stop
// and resume bit for bit.
//
// Arithmetic is in the parameters' type T, in the order PyTorch 1.13's
// single-tensor (foreach=False) implementations use, with the
// hyperparameters converted to T where they meet the tensors and
// computed in float64 where PyTorch computes them in Python (bias
// corrections, step sizes). In float64 trajectories then agree with
// PyTorch's to rounding (PyTorch may fuse a multiply-add where Go does not).
package optim
