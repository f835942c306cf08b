package dataset

import (
	"fmt"

	"github.com/deeptheory/deeptheory/tensor"
)

// Images is a labelled set of gray images with integer pixels, as stored on
// disk, before any scaling.
type Images struct {
	Count, Height, Width int
	// Pixels holds Count·Height·Width values: image i is
	// Pixels[i·Height·Width : (i+1)·Height·Width], row by row.
	Pixels []uint8
	// Max is the value of full ink: 255 in IDX files, 16 in the digits CSV.
	// Every pixel is at most Max.
	Max uint8
	// Labels holds Count classes, each in 0..Classes-1.
	Labels  []int
	Classes int
}

// NewImages pairs an IDX file of images (shape [N, H, W] with H, W ≥ 1)
// with an IDX file of labels (shape [N], each in 0..classes-1). Pixels are
// taken to run from 0 to 255. It returns an error saying what does not
// match: a shape, the counts, or the first label out of range (with its
// record and its byte offset in the labels file).
func NewImages(images, labels *IDX, classes int) (*Images, error) {
	if classes < 1 || classes > 256 {
		return nil, fmt.Errorf("dataset: %d classes; want 1 to 256", classes)
	}
	if len(images.Shape) != 3 || images.Shape[1] < 1 || images.Shape[2] < 1 {
		return nil, fmt.Errorf("dataset: images have shape %v; want [count height width] with height, width ≥ 1", images.Shape)
	}
	if len(labels.Shape) != 1 {
		return nil, fmt.Errorf("dataset: labels have shape %v; want [count]", labels.Shape)
	}
	if images.Shape[0] != labels.Shape[0] {
		return nil, fmt.Errorf("dataset: %d images but %d labels", images.Shape[0], labels.Shape[0])
	}
	ys := make([]int, len(labels.Data))
	for i, y := range labels.Data {
		if int(y) >= classes {
			return nil, fmt.Errorf("dataset: labels record %d (offset %d): label %d not in 0..%d", i, 8+i, y, classes-1)
		}
		ys[i] = int(y)
	}
	return &Images{
		Count: images.Shape[0], Height: images.Shape[1], Width: images.Shape[2],
		Pixels: images.Data, Max: 255, Labels: ys, Classes: classes,
	}, nil
}

// Split is one part (train or test) of a data set, ready for a network.
type Split[T tensor.Float] struct {
	// Images has shape [N, 1, H, W] (one channel) and values in [0, 1].
	Images *tensor.Tensor[T]
	// Labels holds N classes.
	Labels []int
}

// Len returns the number of examples in s.
func (s Split[T]) Len() int { return len(s.Labels) }

// NewSplit returns images from..to-1 of im as a Split: pixel p becomes
// T(p)/T(im.Max), computed in T (for Max 255 and float32 the same bits as
// torchvision's ToTensor, which divides a float32 tensor by 255). It panics
// unless 0 ≤ from ≤ to ≤ im.Count and im.Max > 0.
func NewSplit[T tensor.Float](im *Images, from, to int) Split[T] {
	if from < 0 || from > to || to > im.Count {
		panic(fmt.Sprintf("dataset: NewSplit: range [%d, %d) outside the %d images", from, to, im.Count))
	}
	if im.Max == 0 {
		panic("dataset: NewSplit: Images.Max is 0")
	}
	size := im.Height * im.Width
	pixels := im.Pixels[from*size : to*size]
	data := make([]T, len(pixels))
	full := T(im.Max)
	for i, p := range pixels {
		data[i] = T(p) / full
	}
	return Split[T]{
		Images: tensor.FromSlice(data, to-from, 1, im.Height, im.Width),
		Labels: append([]int(nil), im.Labels[from:to]...),
	}
}
