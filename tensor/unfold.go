package tensor

import (
	"fmt"
	"slices"

	"github.com/deeptheory/deeptheory/internal/kernel"
)

// Window describes a 2-D sliding window: its size, its step, and the zero padding
// added on each side of the input, each as [rows, columns]. A 1-D window over
// sequences is a Window with one row (see Window1D).
type Window struct {
	Kernel, Stride, Padding [2]int
}

// Window1D is the window of a 1-D convolution with kernel size k, stride s and
// padding p, applied to an input viewed as [N, C, 1, L].
func Window1D(k, s, p int) Window {
	return Window{Kernel: [2]int{1, k}, Stride: [2]int{1, s}, Padding: [2]int{0, p}}
}

// Out returns the output size for an h×w input: ⌊(h + 2·ph − kh)/sh⌋ + 1 rows,
// likewise columns.
func (win Window) Out(h, w int) (ho, wo int) {
	ho = (h+2*win.Padding[0]-win.Kernel[0])/win.Stride[0] + 1
	wo = (w+2*win.Padding[1]-win.Kernel[1])/win.Stride[1] + 1
	return ho, wo
}

// Check returns nil if win is a valid window for an h×w input: kernel and
// stride at least 1, padding at least 0, and the kernel no larger than the
// padded input (h + 2·ph ≥ kh, likewise columns); else an error saying
// which. Every op and layer with a window validates it here.
func (win Window) Check(h, w int) error {
	for i := range 2 {
		if win.Kernel[i] < 1 || win.Stride[i] < 1 || win.Padding[i] < 0 {
			return fmt.Errorf("bad window: kernel %v, stride %v, padding %v", win.Kernel, win.Stride, win.Padding)
		}
	}
	if h+2*win.Padding[0] < win.Kernel[0] || w+2*win.Padding[1] < win.Kernel[1] {
		return fmt.Errorf("kernel %v larger than the %d×%d input with padding %v", win.Kernel, h, w, win.Padding)
	}
	return nil
}

// check panics, naming op, unless win is valid for an h×w input, and
// returns the output size.
func (win Window) check(op string, h, w int) (ho, wo int) {
	if err := win.Check(h, w); err != nil {
		panic(fmt.Sprintf("tensor: %s: %v", op, err))
	}
	return win.Out(h, w)
}

// Unfold extracts the sliding windows of a batch of images (im2col). x is
// [N, C, H, W]; the result is [N, C·kh·kw, Ho·Wo] with
//
//	out[n, (c·kh + p)·kw + q, i·Wo + j] = x[n, c, i·sh + p − ph, j·sw + q − pw]
//
// (zero in the padding), the layout of PyTorch's F.unfold. A convolution is then
// one matrix product per image, and a locally connected layer one per position.
func Unfold[T Float](x *Tensor[T], win Window) *Tensor[T] {
	if len(x.shape) != 4 {
		panic(fmt.Sprintf("tensor: Unfold: shape %v is not [N C H W]", x.shape))
	}
	n, c, h, w := x.shape[0], x.shape[1], x.shape[2], x.shape[3]
	ho, wo := win.check("Unfold", h, w)
	return UnfoldInto(Zeros[T](n, c*win.Kernel[0]*win.Kernel[1], ho*wo), x, win)
}

// UnfoldInto is Unfold writing into dst; returns dst.
func UnfoldInto[T Float](dst, x *Tensor[T], win Window) *Tensor[T] {
	n, c, h, w := x.shape[0], x.shape[1], x.shape[2], x.shape[3]
	ho, wo := win.check("Unfold", h, w)
	rows := c * win.Kernel[0] * win.Kernel[1]
	if !slices.Equal(dst.shape, []int{n, rows, ho * wo}) {
		panic(fmt.Sprintf("tensor: Unfold: destination shape %v, want [%d %d %d]", dst.shape, n, rows, ho*wo))
	}
	kernel.Im2ColBatch(dst.data, x.data, n, c, h, w,
		win.Kernel[0], win.Kernel[1], win.Stride[0], win.Stride[1], win.Padding[0], win.Padding[1], ho, wo)
	return dst
}

// Fold is the adjoint of Unfold (col2im): given cols [N, C·kh·kw, Ho·Wo] for
// h×w images it returns x [N, C, h, w] with every entry of cols added back to
// the position it was taken from. Fold(Unfold(x)) multiplies each pixel by the
// number of windows that cover it.
func Fold[T Float](cols *Tensor[T], h, w int, win Window) *Tensor[T] {
	if len(cols.shape) != 3 {
		panic(fmt.Sprintf("tensor: Fold: shape %v is not [N C·kh·kw L]", cols.shape))
	}
	k := win.Kernel[0] * win.Kernel[1]
	if cols.shape[1]%k != 0 {
		panic(fmt.Sprintf("tensor: Fold: %d rows are not a multiple of the window size %v", cols.shape[1], win.Kernel))
	}
	return FoldAddInto(Zeros[T](cols.shape[0], cols.shape[1]/k, h, w), cols, win)
}

// FoldAddInto adds Fold(cols) into dst [N, C, H, W] and returns dst.
func FoldAddInto[T Float](dst, cols *Tensor[T], win Window) *Tensor[T] {
	if len(dst.shape) != 4 {
		panic(fmt.Sprintf("tensor: Fold: destination shape %v is not [N C H W]", dst.shape))
	}
	n, c, h, w := dst.shape[0], dst.shape[1], dst.shape[2], dst.shape[3]
	ho, wo := win.check("Fold", h, w)
	rows := c * win.Kernel[0] * win.Kernel[1]
	if !slices.Equal(cols.shape, []int{n, rows, ho * wo}) {
		panic(fmt.Sprintf("tensor: Fold: columns shape %v, want [%d %d %d] for images %v", cols.shape, n, rows, ho*wo, dst.shape))
	}
	kernel.Col2ImBatch(dst.data, cols.data, n, c, h, w,
		win.Kernel[0], win.Kernel[1], win.Stride[0], win.Stride[1], win.Padding[0], win.Padding[1], ho, wo)
	return dst
}
