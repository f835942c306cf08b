// Package optim updates parameters from their gradients: SGD (with momentum,
// dampening, weight decay and Nesterov), Adam and AdamW with PyTorch's exact
// update rules, a projected step on the unit sphere, learning-rate schedules
// and gradient clipping. It is the only package that changes parameters in
// place.
//
// An optimizer is bound to the parameters it updates when it is made, as in
// PyTorch, and driven by the training loop (see package nn for the model):
//
//	opt := optim.NewSGD(model.Params(), optim.SGDConfig{LR: 0.1, Momentum: 0.9})
//	tp := autograd.NewTape[float64]()
//	for step := range steps {
//		tp.Reset()
//		loss := nn.CrossEntropy(model.Forward(tp.Const(x)), labels)
//		opt.SetLR(schedule(step))            // optional
//		opt.Step(loss)                       // gradients of loss, then one update
//	}
//
// Step takes the gradients itself, with respect to each bound parameter's
// variable on the loss's tape. To change the gradients first (clipping),
// take them and call Update:
//
//	grads := autograd.Gradients(loss, vars...) // vars[i] = tp.Param(opt.Params()[i].Value)
//	optim.ClipGradNorm(grads, 1)
//	opt.Update(grads)
//
// State (momentum buffers, moments, the step count) is kept per parameter
// and keyed by its name. SaveState and LoadState write and read it as a
// safetensors file whose tensors are named "<parameter>.<buffer>"
// ("0.weight.momentum_buffer", "2.bias.exp_avg"), so a run can stop and
// resume bit for bit, and a state loads only into an optimizer bound to
// parameters of the same names and shapes.
//
// Arithmetic is in the parameters' type T, in the order PyTorch 1.13's
// single-tensor (foreach=False) implementations use, with the
// hyperparameters converted to T where they meet the tensors and
// computed in float64 where PyTorch computes them in Python (bias
// corrections, step sizes). In float64 trajectories then agree with
// PyTorch's to rounding (PyTorch may fuse a multiply-add where Go does not).
//
// Imports: autograd for the parameters (Param) and the gradients Step
// takes; tensor for the parameters' data (the update loops are written here,
// in PyTorch's order of operations; no kernel is called directly) and
// tensor/safetensors for the state files.
package optim
