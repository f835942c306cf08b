package theory_test

import (
	"fmt"

	"github.com/deeptheory/deeptheory/theory"
)

// Check the Quick config of claim C7: the Hessian at an interpolating
// minimum of an overparametrized net has W − N zero eigenvalues.
func Example_landscapeC7() {
	c, _ := theory.Lookup("C7")
	r := c.Run(theory.Config{Size: theory.Quick, Seed: 1}, nil)
	fmt.Println(r.ID, r.Verdict())
	// Output: C7 PASS
}
