package autograd

import "github.com/deeptheory/deeptheory/tensor"

// Param is a named parameter: a tensor that training changes in place, and
// the name it is saved and reported under. Names are PyTorch's state_dict
// keys ("weight", "0.bias", "1.0.weight_v"). Value is the owner's tensor,
// not a copy: layers hand out their Params, optimizers update the Values,
// and the layers see the change.
//
// It lives in this package, below both nn and optim, so that the two can
// exchange parameters without importing each other.
type Param[T Float] struct {
	Name  string
	Value *tensor.Tensor[T]
}
