// Package testcheck holds the checks that the tests of several packages
// share. It does not import package testing: a *testing.T is a T.
package testcheck

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/deeptheory/deeptheory/tensor/safetensors"
)

// T is the part of *testing.T the checks use.
type T interface {
	Helper()
	Errorf(format string, args ...any)
}

// Panics calls f and reports an error through t, labelled what, unless f
// panics with a message (a string, an error or anything printable)
// containing want; an empty want accepts any panic.
func Panics(t T, what, want string, f func()) {
	t.Helper()
	defer func() {
		t.Helper()
		r := recover()
		if r == nil {
			t.Errorf("%s: no panic; want one containing %q", what, want)
			return
		}
		if msg := Text(r); !strings.Contains(msg, want) {
			t.Errorf("%s: panic %q; want one containing %q", what, msg, want)
		}
	}()
	f()
}

// Text returns a recovered panic value as text.
func Text(r any) string {
	switch v := r.(type) {
	case string:
		return v
	case error:
		return v.Error()
	}
	return fmt.Sprint(r)
}

// Fataler is the part of *testing.T that EditSafetensors uses.
type Fataler interface {
	Helper()
	Fatal(args ...any)
}

// EditSafetensors returns the safetensors file with edit applied to its
// parsed form: how the loaders' tests make bad files from good ones.
func EditSafetensors(t Fataler, file []byte, edit func(f *safetensors.File)) []byte {
	t.Helper()
	f, err := safetensors.Read(bytes.NewReader(file))
	if err != nil {
		t.Fatal(err)
	}
	edit(f)
	var buf bytes.Buffer
	if err := safetensors.Write(&buf, f); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
