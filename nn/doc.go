// Package nn builds networks from layers: dense, convolutional and locally
// connected layers, pooling, activations, weight and batch normalization,
// Sequential; one of each loss (CrossEntropy, ExpLoss, LogisticLoss,
// HingeLoss, MSELoss) and Accuracy; initializers with PyTorch's defaults;
// save and load as safetensors with PyTorch's state_dict names; a seeded
// batch iterator.
//
// A layer is a plain struct with exported tensor fields (Weight, Bias, ...),
// generic over float32 and float64. Params lists its tensors in a fixed,
// documented order with PyTorch's names ("0.weight", "0.bias", "2.weight",
// ...); Forward maps a batch. The training loop, with package optim:
//
//	r := rand.New(rand.NewPCG(1, 2))
//	model := nn.NewSequential[float64](
//		nn.NewDense[float64](r, 2, 16, true), nn.ReLU[float64]{},
//		nn.NewDense[float64](r, 16, 2, true))
//	opt := optim.NewSGD(model.Params(), optim.SGDConfig{LR: 0.1, Momentum: 0.9})
//	tp := autograd.NewTape[float64]()
//	for range 300 {
//		tp.Reset()
//		loss := nn.CrossEntropy(model.Forward(tp.Const(x)), labels) // labels []int
//		opt.Step(loss)
//	}
//	pred := model.Forward(autograd.Const(x)).Value() // inference: no tape
//
// Forward takes its tape from its input. On x's tape it records the
// computation, asking the tape for its weights with tp.Param, which returns
// the same variable for the same tensor until tp.Reset, so the optimizer
// (or autograd.Gradients with tp.Param(p.Value)) finds the gradients of the
// same tensors. For a constant input (autograd.Const) it only evaluates,
// with the weights as constants, and allocates nothing on a tape.
//
// Training and evaluation modes are separate from the tape: SetTraining(model,
// false) is PyTorch's model.eval(), SetTraining(model, true) its train(). Only
// batch normalization has modes; in training mode it updates its running
// statistics at every Forward, taped or not, as PyTorch does under no_grad.
//
// nn never changes a parameter during training: package optim does. The
// only state nn updates itself is a batch normalization layer's running
// statistics (buffers), in training mode.
//
// Imports: autograd for every computation with gradients; tensor for its
// Tensor type, the data every package exchanges, and tensor/safetensors
// for files.
//
// Concurrency: a model is plain data, read by Forward. Any number of
// goroutines may run Forward on one model at the same time, with constants
// or each with its own tape (and take gradients with respect to the shared
// weights), provided nothing writes the model meanwhile: put it in
// evaluation mode first (SetTraining(model, false)), since batch
// normalization in training mode updates its running statistics at every
// Forward, and do not step an optimizer, Load, or change fields
// concurrently. Training separate models in separate goroutines, each with
// its own tape and optimizer, is safe. A Batches iterator belongs to one
// goroutine. Training gives the same bits for any GOMAXPROCS.
//
// Loading is strict (Load): a file whose tensors do not match the model's
// names, shapes and dtype, or hold NaN or ±Inf (unless LoadOptions allows
// it), is refused with an error naming the tensor, and the model is left
// unchanged. SaveFile writes atomically (a crash leaves the old file).
package nn
