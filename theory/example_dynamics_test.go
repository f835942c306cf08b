package theory_test

import (
	"fmt"

	"github.com/deeptheory/deeptheory/theory"
)

// The smoothed normalized margin of a 2-layer ReLU network never falls
// after the data are separated (C19, Quick config).
func Example_dynamics() {
	c, _ := theory.Lookup("C19")
	r := c.Run(theory.Config{Size: theory.Quick, Seed: 1}, nil)
	fmt.Println(r.ID, r.Verdict())
	// Output: C19 PASS
}
