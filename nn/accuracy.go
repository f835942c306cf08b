package nn

import (
	"fmt"

	"github.com/deeptheory/deeptheory/tensor"
)

// Accuracy returns the fraction of samples whose class is predicted
// correctly: (1/N)·#{n : argmaxₖ logits[n, k] = labels[n]} for logits
// [N, K] (ties go to the lowest k). It panics if len(labels) ≠ N.
func Accuracy[T Float](logits *tensor.Tensor[T], labels []int) float64 {
	if logits.Dims() != 2 || logits.Dim(0) != len(labels) || len(labels) == 0 {
		panic(fmt.Sprintf("nn: Accuracy: logits %v for %d labels", logits.Shape(), len(labels)))
	}
	correct := 0
	for n, k := range tensor.Argmax(logits, 1) {
		if k == labels[n] {
			correct++
		}
	}
	return float64(correct) / float64(len(labels))
}

// BinaryAccuracy returns the fraction of samples on the right side of the
// decision boundary: (1/N)·#{n : sign(scores[n]) = y[n]} for scores [N]
// or [N, 1] and labels y [N] of ±1, i.e. yₙ·fₙ > 0 (a zero score counts as
// wrong).
func BinaryAccuracy[T Float](scores, y *tensor.Tensor[T]) float64 {
	n := y.Len()
	if n == 0 || scores.Len() != n || scores.Dim(0) != n {
		panic(fmt.Sprintf("nn: BinaryAccuracy: scores %v for labels %v", scores.Shape(), y.Shape()))
	}
	correct := 0
	for i, f := range scores.Data() {
		if f*y.Data()[i] > 0 {
			correct++
		}
	}
	return float64(correct) / float64(n)
}
