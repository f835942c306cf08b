package nn

import (
	"fmt"
	"strconv"

	"github.com/deeptheory/deeptheory/autograd"
)

// Sequential applies its layers in order: y = Layers[k−1](···Layers[0](x)).
// Its parameters are its layers' in order, named "<i>.<name>" after the
// layer's index, like PyTorch's nn.Sequential state_dict ("0.weight",
// "0.bias", "2.weight"); nested Sequentials give "1.0.weight".
type Sequential[T Float] struct {
	Layers []Layer[T]
}

// NewSequential returns a Sequential of the given layers.
func NewSequential[T Float](layers ...Layer[T]) *Sequential[T] {
	return &Sequential[T]{Layers: layers}
}

// Params returns every layer's parameters in layer order, prefixed "<i>.".
func (s *Sequential[T]) Params() []Param[T] {
	var ps []Param[T]
	for i, l := range s.Layers {
		ps = append(ps, prefixed(strconv.Itoa(i), l.Params())...)
	}
	return ps
}

// Buffers returns the buffers of every layer that has some, prefixed "<i>.".
func (s *Sequential[T]) Buffers() []Param[T] {
	var bs []Param[T]
	for i, l := range s.Layers {
		if b, ok := l.(Buffered[T]); ok {
			bs = append(bs, prefixed(strconv.Itoa(i), b.Buffers())...)
		}
	}
	return bs
}

// SetTraining sets the mode of every layer that has one.
func (s *Sequential[T]) SetTraining(on bool) {
	for _, l := range s.Layers {
		SetTraining(l, on)
	}
}

// Forward applies the layers in order. A layer's panic (a shape that does
// not fit) is repanicked with the layer's index, type and input shape
// prefixed: "nn: Sequential.Forward: layer 2 (*nn.Dense[float64]), input
// [8 3]: autograd: Linear: shapes ...".
func (s *Sequential[T]) Forward(x *autograd.Var[T]) *autograd.Var[T] {
	i := 0
	defer func() {
		if r := recover(); r != nil {
			if msg, ok := r.(string); ok {
				r = fmt.Sprintf("nn: Sequential.Forward: layer %d (%T), input %v: %s", i, s.Layers[i], x.Shape(), msg)
			}
			panic(r)
		}
	}()
	for ; i < len(s.Layers); i++ {
		x = s.Layers[i].Forward(x)
	}
	return x
}
