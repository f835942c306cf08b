package theory_test

import (
	"fmt"

	"github.com/deeptheory/deeptheory/theory"
)

// C24's Quick config: among the interpolants of an overparametrized linear
// regression, the leave-one-out error grows with the distance r from the
// minimum-norm solution.
func Example_leaveOneOut() {
	c, _ := theory.Lookup("C24")
	r := c.Run(theory.Config{Size: theory.Quick, Seed: 1}, nil)
	loo0, _ := r.Quantity("LOO(r=0)")
	loo4, _ := r.Quantity("LOO(r=4)")
	fmt.Printf("%s %s: LOO(r=0) = %.2f, LOO(r=4) = %.2f\n", r.ID, r.Verdict(), loo0, loo4)
	// Output: C24 PASS: LOO(r=0) = 0.82, LOO(r=4) = 14.44
}
