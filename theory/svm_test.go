package theory

import (
	"math"
	"testing"
)

// The symmetric 2-D set of CLAIMS.md's P2: w_SVM = (1/2, 0), γ* = 2.
func TestFitSVMKnownAnswer(t *testing.T) {
	pos := [][]float64{{2, 1}, {2, -1}, {3, 0.5}, {2.5, 2}, {4, -1.5}, {3, -0.2}}
	var x [][]float64
	var y []float64
	for _, p := range pos {
		x = append(x, p, []float64{-p[0], -p[1]})
		y = append(y, 1, -1)
	}
	s, err := FitSVM(x, y, 1e-13, 100000)
	if err != nil {
		t.Fatal(err)
	}
	if got := s.Margin(); math.Abs(got-2) > 1e-9 {
		t.Errorf("margin %v, want 2", got)
	}
	if a := Angle(s.W, []float64{1, 0}); a > 1e-9 {
		t.Errorf("angle to (1,0) is %v", a)
	}
	if v := s.KKTViolation(x, y); v > 1e-9 {
		t.Errorf("KKT violation %v", v)
	}
}

func TestFitSVMNotSeparable(t *testing.T) {
	x := [][]float64{{1, 0}, {1, 0}}
	y := []float64{1, -1}
	if _, err := FitSVM(x, y, 1e-12, 100000); err == nil {
		t.Error("no error for inseparable data")
	}
}

func TestAngle(t *testing.T) {
	for _, c := range []struct {
		a, b []float64
		want float64
	}{
		{[]float64{1, 0}, []float64{0, 2}, math.Pi / 2},
		{[]float64{1, 0}, []float64{-3, 0}, math.Pi},
		{[]float64{1, 1e-9}, []float64{1, 0}, 1e-9},
		{[]float64{2, 2}, []float64{1, 1}, 0},
	} {
		if got := Angle(c.a, c.b); math.Abs(got-c.want) > 1e-15*max(1, c.want) {
			t.Errorf("Angle(%v, %v) = %v, want %v", c.a, c.b, got, c.want)
		}
	}
}
