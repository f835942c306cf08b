package nn

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/deeptheory/deeptheory/tensor"
)

// Initializers fill a tensor in place with values drawn from r in storage
// order, so the same seed gives the same tensor. Draws are made in float64
// and rounded to T. They cannot reproduce PyTorch's random numbers, only
// its distributions.

// Fans returns PyTorch's fan_in and fan_out for a weight of shape
// [out, in, k₁, ..., kₘ]: in·k₁···kₘ and out·k₁···kₘ (for a 1-D shape [n],
// both are n). Layouts that are not PyTorch's (locally connected weights)
// compute their fans themselves.
func Fans(shape []int) (fanIn, fanOut int) {
	switch len(shape) {
	case 0:
		panic("nn: Fans: a scalar has no fans")
	case 1:
		return shape[0], shape[0]
	}
	receptive := 1
	for _, k := range shape[2:] {
		receptive *= k
	}
	return shape[1] * receptive, shape[0] * receptive
}

// Uniform fills t with independent draws from U[lo, hi).
func Uniform[T Float](r *rand.Rand, t *tensor.Tensor[T], lo, hi float64) {
	d := t.Data()
	for i := range d {
		d[i] = T(lo + (hi-lo)*r.Float64())
	}
}

// Normal fills t with independent draws from N(mean, std²): the scaled
// normal initialization, std chosen by the caller.
func Normal[T Float](r *rand.Rand, t *tensor.Tensor[T], mean, std float64) {
	d := t.Data()
	for i := range d {
		d[i] = T(mean + std*r.NormFloat64())
	}
}

// kaimingGain is √(2/(1 + a²)), the gain of a leaky ReLU with negative
// slope a (a = 0: ReLU, √2).
func kaimingGain(a float64) float64 { return math.Sqrt(2 / (1 + a*a)) }

func checkFan(op string, fans ...int) {
	for _, f := range fans {
		if f <= 0 {
			panic(fmt.Sprintf("nn: %s: fan %d is not positive", op, f))
		}
	}
}

// KaimingUniform fills t from U[−b, b] with b = gain·√(3/fan) and
// gain = √(2/(1 + a²)) (He et al.; torch.nn.init.kaiming_uniform_ with
// nonlinearity leaky_relu). fan is fan_in (or fan_out to preserve the
// backward pass). PyTorch's default weight initialization is a = √5,
// which gives b = 1/√fan_in.
func KaimingUniform[T Float](r *rand.Rand, t *tensor.Tensor[T], fan int, a float64) {
	checkFan("KaimingUniform", fan)
	b := kaimingGain(a) * math.Sqrt(3/float64(fan))
	Uniform(r, t, -b, b)
}

// KaimingNormal fills t from N(0, std²) with std = gain/√fan and
// gain = √(2/(1 + a²)) (kaiming_normal_).
func KaimingNormal[T Float](r *rand.Rand, t *tensor.Tensor[T], fan int, a float64) {
	checkFan("KaimingNormal", fan)
	Normal(r, t, 0, kaimingGain(a)/math.Sqrt(float64(fan)))
}

// XavierUniform fills t from U[−b, b] with b = gain·√(6/(fanIn + fanOut))
// (Glorot and Bengio; xavier_uniform_).
func XavierUniform[T Float](r *rand.Rand, t *tensor.Tensor[T], fanIn, fanOut int, gain float64) {
	checkFan("XavierUniform", fanIn, fanOut)
	b := gain * math.Sqrt(6/float64(fanIn+fanOut))
	Uniform(r, t, -b, b)
}

// XavierNormal fills t from N(0, std²) with std = gain·√(2/(fanIn + fanOut))
// (xavier_normal_).
func XavierNormal[T Float](r *rand.Rand, t *tensor.Tensor[T], fanIn, fanOut int, gain float64) {
	checkFan("XavierNormal", fanIn, fanOut)
	Normal(r, t, 0, gain*math.Sqrt(2/float64(fanIn+fanOut)))
}

// defaultInit is PyTorch's reset_parameters for Linear and ConvNd: the
// weight from KaimingUniform with a = √5 (U[−1/√fanIn, 1/√fanIn]), then the
// bias, if any, from U[−1/√fanIn, 1/√fanIn].
func defaultInit[T Float](r *rand.Rand, w, b *tensor.Tensor[T], fanIn int) {
	KaimingUniform(r, w, fanIn, math.Sqrt(5))
	if b != nil {
		bound := 1 / math.Sqrt(float64(fanIn))
		Uniform(r, b, -bound, bound)
	}
}

// newBias returns a zero tensor of the given shape, or nil if !bias.
func newBias[T Float](bias bool, shape ...int) *tensor.Tensor[T] {
	if !bias {
		return nil
	}
	return tensor.Zeros[T](shape...)
}
