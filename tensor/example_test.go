package tensor_test

import (
	"fmt"
	"math/rand/v2"

	"github.com/deeptheory/deeptheory/tensor"
)

// Broadcasting follows NumPy: shapes align at the right, and a dimension of
// size 1 stretches to match.
func ExampleAdd() {
	col := tensor.FromSlice([]float64{0, 10, 20}, 3, 1)
	row := tensor.FromSlice([]float64{1, 2}, 2)
	sum := tensor.Add(col, row)
	fmt.Println(sum.Shape(), sum.Data())
	// Output: [3 2] [1 2 11 12 21 22]
}

// MatMulT multiplies with either operand transposed, without copying it.
func ExampleMatMulT() {
	a := tensor.FromSlice([]float32{1, 2, 3, 4, 5, 6}, 2, 3)
	gram := tensor.MatMulT(a, a, false, true) // a·aᵀ
	fmt.Println(gram.Shape(), gram.Data())
	// Output: [2 2] [14 32 32 77]
}

// SumAxis reduces one axis; keepDim leaves it in place with size 1, ready
// to broadcast against the input.
func ExampleSumAxis() {
	x := tensor.Arange[float64](6).Reshape(2, 3)
	rows := tensor.SumAxis(x, 1, true)
	fmt.Println(rows.Shape(), rows.Data())
	fmt.Println(tensor.Div(x, rows).Data())
	// Output:
	// [2 1] [3 12]
	// [0 0.3333333333333333 0.6666666666666666 0.25 0.3333333333333333 0.4166666666666667]
}

// Unfold lays out every 2×2 window of an image as a column: a convolution is
// then one matrix product.
func ExampleUnfold() {
	img := tensor.Arange[float64](9).Reshape(1, 1, 3, 3)
	cols := tensor.Unfold(img, tensor.Window{Kernel: [2]int{2, 2}, Stride: [2]int{1, 1}})
	fmt.Println(cols.Shape())
	for p := range 4 {
		fmt.Println(cols.Data()[p*4 : p*4+4])
	}
	// Output:
	// [1 4 4]
	// [0 1 3 4]
	// [1 2 4 5]
	// [3 4 6 7]
	// [4 5 7 8]
}

// Random tensors come from an explicit generator: the same seed gives the
// same tensor on every machine and Go version.
func ExampleRandN() {
	r := rand.New(rand.NewPCG(1, 2))
	x := tensor.RandN[float64](r, 2, 2)
	y := tensor.RandN[float64](rand.New(rand.NewPCG(1, 2)), 2, 2)
	fmt.Println(x.Shape(), tensor.Equal(x, y).Data())
	// Output: [2 2] [1 1 1 1]
}
