package autograd

import (
	"math/rand/v2"
	"testing"

	"github.com/deeptheory/deeptheory/tensor"
)

func TestSmoke(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	a := tensor.RandN[float64](r, 3, 4)
	b := tensor.RandN[float64](r, 4)
	c := tensor.RandN[float64](r, 4, 2)
	res, err := CheckGradient(func(xs ...*Var[float64]) *Var[float64] {
		h := Tanh(Add(Mul(xs[0], xs[1]), Div(xs[0], AddScalar(Square(xs[1]), 1))))
		return MatMul(Exp(Sigmoid(h)), xs[2])
	}, []*tensor.Tensor[float64]{a, b, c}, CheckOptions{})
	t.Log(res, err)
	if err != nil {
		t.Fatal(err)
	}
}
