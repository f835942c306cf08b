package testcheck

import (
	"errors"
	"fmt"
	"testing"
)

// recorder is a T that keeps what it is told.
type recorder struct{ errs []string }

func (r *recorder) Helper() {}
func (r *recorder) Errorf(format string, args ...any) {
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}

func TestPanics(t *testing.T) {
	for _, tc := range []struct {
		want string
		f    func()
		fail bool
	}{
		{"bad shape", func() { panic("tensor: Add: bad shape [2]") }, false},
		{"bad shape", func() { panic(errors.New("bad shape")) }, false},
		{"", func() { panic(42) }, false},
		{"bad shape", func() { panic("other") }, true},
		{"", func() {}, true},
	} {
		var r recorder
		Panics(&r, "case", tc.want, tc.f)
		if failed := len(r.errs) > 0; failed != tc.fail {
			t.Errorf("want %q: errors %q, want failure %v", tc.want, r.errs, tc.fail)
		}
	}
}
