package optim

import (
	"math"

	"github.com/deeptheory/deeptheory/tensor"
)

// ClipGradNorm scales grads in place so that their global norm does not
// exceed maxNorm, as torch.nn.utils.clip_grad_norm_: with
// norm = √(Σ_t ‖g_t‖²) over all tensors (the norm of the tensors' norms, as
// PyTorch computes it, in float64), every g_t
// is multiplied by c = maxNorm/(norm + 1e-6) when c < 1 and left alone
// otherwise. It returns the norm before clipping.
func ClipGradNorm[T Float](grads []*tensor.Tensor[T], maxNorm float64) (norm T) {
	var sq float64
	for _, g := range grads {
		n := tensor.Norm(g)
		sq += n * n
	}
	total := math.Sqrt(sq)
	if c := maxNorm / (total + 1e-6); c < 1 {
		s := T(c)
		for _, g := range grads {
			d := g.Data()
			for j := range d {
				d[j] *= s
			}
		}
	}
	return T(total)
}
