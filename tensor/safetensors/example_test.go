package safetensors_test

import (
	"bytes"
	"fmt"

	"github.com/deeptheory/deeptheory/tensor/safetensors"
)

func Example() {
	file := &safetensors.File{
		Metadata: map[string]string{"format": "pt"},
		Tensors: []safetensors.Tensor{
			{Name: "0.weight", Shape: []int{2, 3}, Data: []float32{1, 2, 3, 4, 5, 6}},
			{Name: "0.bias", Shape: []int{2}, Data: []float64{0.5, -0.5}},
		},
	}
	var buf bytes.Buffer
	if err := safetensors.Write(&buf, file); err != nil {
		fmt.Println(err)
		return
	}

	back, err := safetensors.Read(&buf)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("metadata:", back.Metadata)
	for _, t := range back.Tensors {
		fmt.Println(t.Name, t.DType(), t.Shape, t.Data)
	}
	bias, _ := back.Get("0.bias")
	fmt.Println("bias:", bias.Data.([]float64))
	// Output:
	// metadata: map[format:pt]
	// 0.weight F32 [2 3] [1 2 3 4 5 6]
	// 0.bias F64 [2] [0.5 -0.5]
	// bias: [0.5 -0.5]
}
