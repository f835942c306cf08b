package dataset

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
)

// The digits CSV layout: each row is one 8×8 image, its 64 pixels row by row
// (integers 0..16, the count of inked cells in a 4×4 block of a 32×32
// bitmap), then its label (0..9).
const (
	digitsSide    = 8
	digitsPixels  = digitsSide * digitsSide
	digitsColumns = digitsPixels + 1
	digitsMax     = 16
	digitsClasses = 10
)

// maxDigitsRows bounds the rows ReadDigitsCSV accepts (the real file has
// 1797), and maxDigitsLine the bytes of one row, so that no input, however
// large once decompressed, makes it hold more than a few MiB.
const (
	maxDigitsRows = 1 << 16
	maxDigitsLine = 4096
)

// ReadDigitsCSV reads scikit-learn's 8×8 digits (digits.csv.gz, from the
// UCI Optical Recognition of Handwritten Digits test set) from r,
// gzip-compressed or not: one image per line, 65 comma-separated numbers,
// the 64 pixels row by row then the label. Each pixel must be an integer in
// 0..16 and each label an integer in 0..9 (written as "7" or "7.0"; NaN,
// ±Inf and fractions are errors). It returns Images with Max 16 and
// Classes 10. Errors name the line (counted from 1) and the column.
func ReadDigitsCSV(r io.Reader) (*Images, error) {
	im, err := readDigitsCSV(r)
	if err != nil {
		return nil, fmt.Errorf("dataset: digits CSV: %w", err)
	}
	return im, nil
}

func readDigitsCSV(r io.Reader) (*Images, error) {
	r, trailing, err := maybeGunzip(r)
	if err != nil {
		return nil, err
	}

	var pixels []uint8
	var labels []int
	lines := bufio.NewScanner(r)
	lines.Buffer(make([]byte, 0, 512), maxDigitsLine)
	line := 0
	for lines.Scan() {
		line++
		text := strings.TrimSuffix(lines.Text(), "\r")
		if len(labels) == maxDigitsRows {
			return nil, fmt.Errorf("line %d: more than %d rows", line, maxDigitsRows)
		}
		if strings.TrimSpace(text) == "" {
			return nil, fmt.Errorf("line %d: empty", line)
		}
		fields := strings.Split(text, ",")
		if len(fields) != digitsColumns {
			return nil, fmt.Errorf("line %d: %d columns; want %d (%d pixels, then the label)", line, len(fields), digitsColumns, digitsPixels)
		}
		for col, field := range fields {
			limit := digitsMax
			if col == digitsPixels {
				limit = digitsClasses - 1
			}
			v, err := parseSmallInt(field, limit)
			if err != nil {
				return nil, fmt.Errorf("line %d, column %d (%s): %w", line, col+1, columnName(col), err)
			}
			if col == digitsPixels {
				labels = append(labels, v)
			} else {
				pixels = append(pixels, uint8(v))
			}
		}
	}
	if err := lines.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return nil, fmt.Errorf("line %d: longer than %d bytes", line+1, maxDigitsLine)
		}
		if errors.Is(err, io.ErrUnexpectedEOF) {
			return nil, fmt.Errorf("truncated: the compressed stream is cut short after line %d", line)
		}
		return nil, fmt.Errorf("after line %d: %w", line, err)
	}
	if err := trailing(); err != nil {
		return nil, err
	}
	if len(labels) == 0 {
		return nil, errors.New("no rows")
	}
	return &Images{
		Count: len(labels), Height: digitsSide, Width: digitsSide,
		Pixels: pixels, Max: digitsMax, Labels: labels, Classes: digitsClasses,
	}, nil
}

// parseSmallInt parses field (surrounding spaces allowed) as a number that
// must be an integer in 0..limit.
func parseSmallInt(field string, limit int) (int, error) {
	s := strings.TrimSpace(field)
	v, err := strconv.ParseFloat(s, 64)
	switch {
	case s == "":
		return 0, errors.New("empty")
	case err != nil:
		return 0, fmt.Errorf("%q is not a number", s)
	case math.IsNaN(v):
		return 0, errors.New("NaN")
	case math.IsInf(v, 0):
		return 0, fmt.Errorf("%q is infinite", s)
	case v != math.Trunc(v):
		return 0, fmt.Errorf("%q is not an integer", s)
	case v < 0 || v > float64(limit):
		return 0, fmt.Errorf("%q not in 0..%d", s, limit)
	}
	return int(v), nil
}

// columnName says what column col (from 0) of a digits row holds.
func columnName(col int) string {
	if col == digitsPixels {
		return "label"
	}
	return fmt.Sprintf("pixel row %d, column %d", col/digitsSide, col%digitsSide)
}
