// Package nn builds networks from layers: dense, convolutional and locally
// connected layers, pooling, activations, weight and batch normalization,
// Sequential; the losses training loops use; initializers with PyTorch's
// defaults; save and load as safetensors with PyTorch's state_dict names;
// a seeded batch iterator; and the measures the theory of homogeneous
// networks needs (layer norms ρ_k, their product ρ, the normalized network
// f̃ = f/ρ, its margin and loss).
//
// A layer is a plain struct with exported tensor fields (Weight, Bias, ...),
// generic over float32 and float64. Params lists its tensors in a fixed,
// documented order with PyTorch's names; Forward maps a batch on a tape:
//
//	model := nn.NewSequential[float64](
//		nn.NewDense[float64](r, 784, 256, true), nn.ReLU[float64]{},
//		nn.NewDense[float64](r, 256, 10, true),
//	)
//	logits := model.Forward(tp, tp.Const(x))   // params "0.weight", "0.bias", "2.weight", "2.bias"
//
// Forward asks the tape for its weights with tp.Param, which returns the
// same variable for the same tensor until tp.Reset, so the training loop
// names the gradients it wants with the same tensors (see Gradients). On a
// nil tape Forward only evaluates.
//
// nn never changes a parameter during training: package optim does. The
// only state nn updates itself is a batch normalization layer's running
// statistics (buffers), in training mode, as PyTorch does.
package nn
