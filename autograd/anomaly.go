package autograd

import (
	"fmt"
	"math"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/deeptheory/deeptheory/tensor"
)

// anomaly is the state of a tape in anomaly mode (see SetAnomaly): where
// each node was recorded, so that a non-finite gradient found in the
// backward pass can be traced to the forward call that made its node.
type anomaly struct {
	gen        uint64 // the tape generation sites belong to
	sites      map[int]site
	inBackward bool // a backward pass is running: rules' values are checked as gradients
}

// site is an operation and where it was recorded.
type site struct {
	op     string   // the primitive, and the composites around it: "Sub (in LogSoftmax ← CrossEntropy)"
	where  string   // file:line of the first caller outside the framework, and the framework frames below it
	inputs [][]int  // the inputs' shapes
	bad    []string // per input: "" or which non-finite values it already held
}

// SetAnomaly turns anomaly mode on or off and returns the previous setting.
// In anomaly mode every operation recorded on the tape checks its forward
// value, and every backward pass checks each gradient a rule returns, and
// the first one holding NaN or ±Inf panics with a message naming the
// operation (the primitive and the composites that called it), its input
// shapes, and the file:line of the code that recorded it: the first caller
// outside packages autograd, nn, optim and tensor.
//
// It is off by default and costs one nil check per recorded operation when
// off; when on, it walks the call stack at every operation and scans every
// value, several times slower: a debugging aid, like PyTorch's
// torch.autograd.set_detect_anomaly.
func (t *Tape[T]) SetAnomaly(on bool) (was bool) {
	was = t.anomaly != nil
	switch {
	case on && !was:
		t.anomaly = &anomaly{gen: t.gen, sites: map[int]site{}}
	case !on:
		t.anomaly = nil
	}
	return was
}

// checkForward panics if value holds a non-finite number; out is the
// variable record made for it (its id is -1 if no node was recorded).
func (t *Tape[T]) checkForward(out *Var[T], inputs []*Var[T]) {
	a := t.anomaly
	if a.gen != t.gen {
		clear(a.sites)
		a.gen = t.gen
	}
	if a.inBackward {
		return // a rule's intermediate: the gradient it leads to is checked
	}
	s := newSite(inputs)
	if bad := nonFinite(out.value); bad != "" {
		panic(fmt.Sprintf("autograd: anomaly: %s: forward value %v holds %s; %s; recorded at %s", s.op, out.value.Shape(), bad, s.describeInputs(), s.where))
	}
	if out.id >= 0 {
		a.sites[out.id] = s
	}
}

// checkGradient panics if gi, the gradient a rule returned for input i of
// node id, holds a non-finite number.
func (t *Tape[T]) checkGradient(id, i int, gi *Var[T]) {
	bad := nonFinite(gi.value)
	if bad == "" {
		return
	}
	s, ok := t.anomaly.sites[id]
	if !ok { // recorded before anomaly mode was turned on, or by a backward pass (GradientsGraph)
		panic(fmt.Sprintf("autograd: anomaly: the gradient %v of input %d of node %d holds %s (the node was recorded before SetAnomaly(true) or by a recorded backward pass: turn anomaly mode on before the forward pass to learn more)", gi.Shape(), i, id, bad))
	}
	panic(fmt.Sprintf("autograd: anomaly: %s: the gradient %v of input %d holds %s; %s; recorded at %s", s.op, gi.Shape(), i, bad, s.describeInputs(), s.where))
}

// describeInputs lists the inputs' shapes, flagging inputs that already held
// non-finite values (then an earlier unchecked computation made them).
func (s site) describeInputs() string {
	var b strings.Builder
	b.WriteString("inputs")
	for _, shape := range s.inputs {
		fmt.Fprintf(&b, " %v", shape)
	}
	for i, bad := range s.bad {
		if bad != "" {
			fmt.Fprintf(&b, "; input %d already held %s", i, bad)
		}
	}
	return b.String()
}

// newSite records the inputs and the call stack of the operation being recorded.
func newSite[T Float](inputs []*Var[T]) site {
	s := site{inputs: make([][]int, len(inputs)), bad: make([]string, len(inputs))}
	for i, x := range inputs {
		s.inputs[i] = x.Shape()
		s.bad[i] = nonFinite(x.value)
	}
	s.op, s.where = callSite()
	return s
}

// libraryPackages are the packages whose frames are the framework, not the
// user: the location reported is the first frame outside them.
var libraryPackages = []string{"autograd", "nn", "optim", "tensor", "internal/kernel"}

const modulePath = "github.com/deeptheory/deeptheory/"

// callSite walks the stack above the recording operation. It returns the
// operation, the innermost exported function of package autograd (with the
// exported autograd functions that called it), and the location: the first
// frame outside the library packages, followed by the library frames
// between it and autograd.
func callSite() (op, where string) {
	pcs := make([]uintptr, 64)
	frames := runtime.CallersFrames(pcs[:runtime.Callers(3, pcs)])
	var ops, via []string
	for {
		f, more := frames.Next()
		pkg, name := splitFunc(f.Function)
		loc := fmt.Sprintf("%s:%d", shortFile(f.File), f.Line)
		switch {
		case pkg == "autograd" && !strings.HasSuffix(f.File, "_test.go"):
			if exported(name) {
				ops = append(ops, name)
			}
		case isLibrary(pkg) && !strings.HasSuffix(f.File, "_test.go"):
			via = append(via, fmt.Sprintf("%s.%s at %s", pkg, name, loc))
		default:
			where = loc
			if f.Function == "" {
				where = "an unknown caller"
			}
			more = false
		}
		if !more {
			break
		}
	}
	switch len(ops) {
	case 0:
		op = "an operation"
	case 1:
		op = ops[0]
	default:
		op = ops[0] + " (in " + strings.Join(ops[1:], " ← ") + ")"
	}
	if len(via) > 0 {
		where += " (via " + strings.Join(via, " ← ") + ")"
	}
	return op, where
}

// splitFunc splits a runtime function name such as
// "github.com/deeptheory/deeptheory/autograd.Sub[...]" or
// "github.com/deeptheory/deeptheory/autograd.(*Tape[...]).record" into the
// package path below the module ("autograd") and the bare name ("Sub",
// "record"): type parameters, receivers and closure suffixes removed.
func splitFunc(full string) (pkg, name string) {
	rest, ok := strings.CutPrefix(full, modulePath)
	if !ok {
		return "", full
	}
	slash := strings.LastIndex(rest, "/")
	dot := strings.Index(rest[slash+1:], ".")
	if dot < 0 {
		return rest, ""
	}
	pkg, name = rest[:slash+1+dot], rest[slash+1+dot+1:]
	receiver := ""
	if i := strings.LastIndex(name, ")."); i >= 0 && strings.HasPrefix(name, "(") { // a method: (*Dense[...]).Forward
		receiver = strings.TrimPrefix(name[1:i], "*")
		if j := strings.Index(receiver, "["); j >= 0 {
			receiver = receiver[:j]
		}
		name = name[i+2:]
	}
	if i := strings.IndexAny(name, "[."); i >= 0 { // type parameters, closures
		name = name[:i]
	}
	if receiver != "" && !exported(name) {
		return pkg, name // an unexported method (the tape's record): not an op
	}
	if receiver != "" {
		name = receiver + "." + name
	}
	return pkg, name
}

func exported(name string) bool { return name != "" && name[0] >= 'A' && name[0] <= 'Z' }

func isLibrary(pkg string) bool {
	for _, p := range libraryPackages {
		if pkg == p {
			return true
		}
	}
	return false
}

// shortFile returns the last two elements of path: "nn/loss.go".
func shortFile(path string) string {
	dir, file := filepath.Split(path)
	return filepath.Join(filepath.Base(dir), file)
}

// nonFinite returns "" if every element of x is finite, else what it holds:
// "NaN (3 of 12, first at index 5)", "+Inf (...)".
func nonFinite[T Float](x *tensor.Tensor[T]) string {
	if x == nil {
		return ""
	}
	count, first := 0, -1
	var kind string
	for i, v := range x.Data() {
		f := float64(v)
		if !math.IsNaN(f) && !math.IsInf(f, 0) {
			continue
		}
		count++
		if first < 0 {
			first = i
			switch {
			case math.IsNaN(f):
				kind = "NaN"
			case f > 0:
				kind = "+Inf"
			default:
				kind = "-Inf"
			}
		}
	}
	if count == 0 {
		return ""
	}
	return fmt.Sprintf("%s (%d of %d non-finite, the first at index %d)", kind, count, x.Len(), first)
}
