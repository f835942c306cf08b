package theory_test

import (
	"fmt"

	"github.com/deeptheory/deeptheory/theory"
)

// The positive homogeneity of bias-free ReLU networks (C10), checked on
// dense, convolutional and locally connected nets at the Quick size.
func Example_homogeneity() {
	c, _ := theory.Lookup("C10")
	r := c.Run(theory.Config{Size: theory.Quick, Seed: 1}, nil)
	fmt.Println(r.ID, r.Verdict(), len(r.Checks), "checks")
	// Output: C10 PASS 13 checks
}
