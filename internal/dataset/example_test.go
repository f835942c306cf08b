package dataset_test

import (
	"fmt"

	"github.com/deeptheory/deeptheory/internal/dataset"
)

// Load the built-in 8×8 digits as float32 tensors.
func ExampleLoad() {
	d, err := dataset.Load[float32]("digits", "")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(d.Name, d.Classes, "classes")
	fmt.Println("train", d.Train.Images.Shape(), d.Train.Len(), "labels")
	fmt.Println("test ", d.Test.Images.Shape(), d.Test.Len(), "labels")
	fmt.Println("first label", d.Train.Labels[0], "pixel (0, 2) =", d.Train.Images.At(0, 0, 0, 2), "= 5/16")
	// Output:
	// digits 10 classes
	// train [1500 1 8 8] 1500 labels
	// test  [297 1 8 8] 297 labels
	// first label 0 pixel (0, 2) = 0.3125 = 5/16
}
