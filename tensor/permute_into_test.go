package tensor

import (
	"math/rand/v2"
	"slices"
	"testing"
)

// permutations returns every permutation of 0..n-1.
func permutations(n int) [][]int {
	if n == 0 {
		return [][]int{{}}
	}
	var out [][]int
	for _, p := range permutations(n - 1) {
		for at := 0; at <= len(p); at++ {
			q := slices.Insert(slices.Clone(p), at, n-1)
			out = append(out, q)
		}
	}
	return out
}

func TestPermuteInto(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for _, shape := range [][]int{{}, {4}, {2, 3}, {2, 3, 4}, {3, 1, 2, 2}, {2, 0, 3}, {2, 1, 2, 1, 2, 1, 2, 3, 2}} {
		x := RandN[float64](r, shape...)
		perms := permutations(len(shape))
		if len(perms) > 30 {
			perms = append(perms[:15], perms[len(perms)-15:]...)
		}
		for _, axes := range perms {
			out := PermuteInto(Full(float64(-1), permuteShape(shape, axes...)...), x, axes...)
			// out[i] = x[j] with j[axes[k]] = i[k].
			forEachIndex(out.Shape(), func(index []int) {
				j := make([]int, len(index))
				for k, a := range axes {
					j[a] = index[k]
				}
				if got, want := out.At(index...), x.At(j...); got != want {
					t.Errorf("PermuteInto %v by %v at %v: %g, want %g", shape, axes, index, got, want)
				}
			})
			if want := Permute(x, axes...); !slices.Equal(out.Data(), want.Data()) {
				t.Errorf("PermuteInto %v by %v differs from Permute", shape, axes)
			}
		}
	}
}

func TestPermuteIntoPanics(t *testing.T) {
	x := Zeros[float64](2, 3)
	mustPanic(t, "tensor: Permute: axes [0 0] are not a permutation of the 2 dimensions of shape [2 3]", func() { permuteShape(x.Shape(), 0, 0) })
	mustPanic(t, "tensor: Permute: axes [0] are not a permutation of the 2 dimensions of shape [2 3]", func() { permuteShape(x.Shape(), 0) })
	mustPanic(t, "tensor: Permute: destination shape [2 3], want [3 2]", func() { PermuteInto(Zeros[float64](2, 3), x, 1, 0) })
}
