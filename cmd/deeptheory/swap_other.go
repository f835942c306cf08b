//go:build !linux

package main

import "errors"

// exchangeDirs would swap a and b atomically; this system has no such
// call, so replaceDir moves the old directory aside instead.
func exchangeDirs(a, b string) error { return errors.New("no atomic exchange on this system") }
