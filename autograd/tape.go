package autograd

import (
	"fmt"

	"github.com/deeptheory/deeptheory/tensor"
)

// Float is the set of element types: float32 and float64.
type Float = tensor.Float

// A Var is a value in a computation: a tensor and, if it is recorded, its place
// on a tape. Vars are made by a tape (Param, Const) or by operations.
type Var[T Float] struct {
	value *tensor.Tensor[T]
	tape  *Tape[T] // nil for a constant made by Const
	id    int      // index of the node that made it; -1 if not recorded
	gen   uint64   // the tape's generation (count of Resets) when v was made
}

// Value returns the variable's tensor.
//
// A value made on a tape belongs to the tape's buffer pool: it is valid only
// until the tape's next Reset, after which the next step's computation
// overwrites it in place. To keep a result across steps, copy it
// (v.Value().Clone()) or read what you need (Item, Data) before Reset.
// The tensors of parameters and constants are the caller's, which Reset
// leaves alone (their Vars are the tape's and expire like the others).
//
// Misuse is detected: Value panics when called on a variable that a Reset
// has invalidated and not yet recycled, and, on a tape in debug mode (see
// Tape.SetDebug), on any variable made before the tape's last Reset; debug
// mode also fills every recycled tensor with NaN, so a tensor kept across
// a Reset reads NaN instead of the next step's numbers.
func (v *Var[T]) Value() *tensor.Tensor[T] {
	if v.value == nil {
		panic("autograd: Var.Value: the variable was invalidated by Tape.Reset (values made on a tape live until its next Reset)")
	}
	if tp := v.tape; tp != nil && tp.debug && v.gen != tp.gen {
		panic(fmt.Sprintf("autograd: Var.Value: a variable of shape %v made before Tape.Reset (generation %d, tape at %d): values made on a tape live until its next Reset", v.value.Shape(), v.gen, tp.gen))
	}
	return v.value
}

// Shape returns the shape of the variable's value.
func (v *Var[T]) Shape() []int { return v.value.Shape() }

// Recorded reports whether gradients can flow to v: it is a parameter or the
// result of recorded operations.
func (v *Var[T]) Recorded() bool { return v.id >= 0 }

// Tape returns the tape v lives on, or nil for a constant made by Const.
func (v *Var[T]) Tape() *Tape[T] { return v.tape }

// Rule is a vector-Jacobian product: given the cotangent g of an operation's
// output, it returns one gradient per input, in input order (nil where an input
// gets no gradient). It must be written with this package's operations so that
// the backward pass can itself be recorded.
type Rule[T Float] func(g *Var[T]) []*Var[T]

// node is one entry of the Wengert list. Its backward is either a Rule (an
// operation recorded with Record, or a built-in one that keeps its rule as a
// closure) or a builtin: a built-in operation whose vector-Jacobian product
// reads what it needs from the node itself (inputs, output, s, k), so that
// recording it allocates nothing.
type node[T Float] struct {
	out    *Var[T]
	inputs []*Var[T] // nil for a leaf
	rule   Rule[T]
	op     builtin[T]
	s      T   // the op's scalar parameter (MulScalar's factor, PowScalar's exponent)
	k      int // the op's integer parameter (an axis, transpose flags)
}

// builtin is the backward of a built-in operation. vjp returns the
// gradients of the node's inputs, in input order (nil where an input gets
// none), given the cotangent g of its output; like a Rule it is written with
// this package's operations, so that the backward pass can itself be
// recorded. The types implementing it are empty structs: storing one in a
// node allocates nothing, where a Rule closure costs a heap object per
// operation and step.
//
// n points into the tape's node list, which the operations that vjp records
// may reallocate: the old array stays valid (nodes are never modified once
// appended), so n may be read throughout.
type builtin[T Float] interface {
	vjp(n *node[T], g *Var[T]) vjps[T]
}

// vjps holds a built-in operation's input gradients (at most three inputs).
type vjps[T Float] [3]*Var[T]

// A Tape records operations for reverse-mode differentiation. The zero value
// is not usable: make one with NewTape. A Tape is not safe for concurrent use.
type Tape[T Float] struct {
	nodes     []node[T]
	leaves    []*Var[T] // the Params since the last Reset, for Param's lookup
	inputs    []*Var[T] // backing store for the nodes' input lists
	recording bool
	debug     bool     // see SetDebug
	anomaly   *anomaly // see SetAnomaly; nil when off
	gen       uint64   // number of Resets so far
	pool      pool[T]

	// Scratch space, reused from call to call so that steady-state steps
	// do not allocate: grads holds backward's cotangents by node, and
	// shape is room to build an output shape in (a shape passed on to the
	// tensor package escapes to the heap, so a stack array would not do).
	grads []*Var[T]
	shape []int

	// windows holds the convolution windows of the nodes recorded since
	// the last Reset, indexed by their k (see saveWindow).
	windows []tensor.Window
}

// NewTape returns an empty tape that records.
func NewTape[T Float]() *Tape[T] { return &Tape[T]{recording: true} }

// Reset forgets every node and recycles every tensor the tape allocated since
// the last Reset: all Vars, values and gradients obtained from the tape since
// then become invalid. Parameters wrapped with Param are not the tape's: they
// survive. A training loop calls Reset at the start of each step.
func (t *Tape[T]) Reset() {
	clear(t.nodes) // drop references so the closures can be collected
	t.nodes = t.nodes[:0]
	clear(t.inputs)
	t.inputs = t.inputs[:0]
	clear(t.leaves)
	t.leaves = t.leaves[:0]
	t.windows = t.windows[:0]
	t.pool.reset(t.debug)
	t.gen++
}

// SetDebug turns debug mode on or off and returns the previous setting. In
// debug mode Reset does not recycle: it fills every tensor the tape
// allocated since the previous Reset with NaN and drops it and its
// variables, so that a value kept across Reset reads NaN and Value on a
// stale variable panics (see Var.Value), at the cost of allocating every
// step afresh. Use it to hunt a result that changes under you.
func (t *Tape[T]) SetDebug(on bool) (was bool) {
	was, t.debug = t.debug, on
	return was
}

// SetRecording turns recording on or off and returns the previous setting.
// While off, Param makes unrecorded variables and operations record nothing:
// evaluation for inference.
func (t *Tape[T]) SetRecording(on bool) (was bool) {
	was, t.recording = t.recording, on
	return was
}

// Len returns the number of nodes on the tape.
func (t *Tape[T]) Len() int { return len(t.nodes) }

// Param returns the recorded leaf holding value (not copied): a variable that
// gradients are taken with respect to. The first call for a tensor since the
// last Reset makes the leaf; later calls return the same one, so a layer can
// ask for its weights' variables during the forward pass and the training loop
// again when it takes gradients. The tensor stays the caller's.
//
// On a nil tape, or one that is not recording, Param is Const.
func (t *Tape[T]) Param(value *tensor.Tensor[T]) *Var[T] {
	if t == nil || !t.recording {
		return t.Const(value)
	}
	for _, v := range t.leaves {
		if v.value == value {
			return v
		}
	}
	v := t.pool.newVar(value, t)
	v.id = len(t.nodes)
	t.nodes = append(t.nodes, node[T]{out: v})
	t.leaves = append(t.leaves, v)
	return v
}

// Const returns an unrecorded variable holding value (not copied): data, or
// anything gradients are not wanted for. On a nil tape it is the package-level Const.
func (t *Tape[T]) Const(value *tensor.Tensor[T]) *Var[T] {
	if t == nil {
		return Const(value)
	}
	return t.pool.newVar(value, t)
}

// Const returns a variable that belongs to no tape: a constant. Operations
// mixing it with a tape's variables use that tape.
func Const[T Float](value *tensor.Tensor[T]) *Var[T] { return &Var[T]{value: value, id: -1} }

// Scalar returns a constant scalar variable.
func Scalar[T Float](x T) *Var[T] { return Const(tensor.Scalar(x)) }

// tapeOf returns the tape shared by the inputs of op (nil if none has one).
// It panics if two inputs belong to different tapes.
func tapeOf[T Float](op string, inputs ...*Var[T]) *Tape[T] {
	var tp *Tape[T]
	for _, x := range inputs {
		switch {
		case x.tape == nil:
		case tp == nil:
			tp = x.tape
		case tp != x.tape:
			panic(fmt.Sprintf("autograd: %s: inputs belong to different tapes", op))
		}
	}
	return tp
}

// shapeBuf returns an empty slice with room for a shape, reused from call to
// call: the shape built in it must be consumed (by alloc) before the next call.
func (t *Tape[T]) shapeBuf() []int {
	if t == nil {
		return make([]int, 0, 8)
	}
	if t.shape == nil {
		t.shape = make([]int, 0, 8)
	}
	return t.shape[:0]
}

// alloc returns a zeroed tensor of the given shape: from the tape's pool when
// there is a tape, else a fresh one.
func (t *Tape[T]) alloc(shape ...int) *tensor.Tensor[T] {
	if t == nil {
		return tensor.Zeros[T](shape...)
	}
	return t.pool.tensor(shape)
}

// saveWindow keeps win for a node's backward and returns its index, the
// node's k: a window is six ints, more than a node holds.
func (t *Tape[T]) saveWindow(win tensor.Window) int {
	if t == nil {
		return -1
	}
	t.windows = append(t.windows, win)
	return len(t.windows) - 1
}

// Zeros returns a tensor of zeros of the given shape from the tape's buffer
// pool: scratch space that, like every value made on the tape, is valid
// until the tape's next Reset, which recycles it. A loss uses it for its
// per-step constants (CrossEntropy's label weights), so that a training step
// allocates nothing. On a nil tape it is tensor.Zeros.
func (t *Tape[T]) Zeros(shape ...int) *tensor.Tensor[T] { return t.alloc(shape...) }

// allocUncleared is alloc for a caller that writes every element of the
// tensor: pooled storage is handed back as it is, without the zeroing pass.
func (t *Tape[T]) allocUncleared(shape ...int) *tensor.Tensor[T] {
	if t == nil {
		return tensor.Zeros[T](shape...)
	}
	return t.pool.tensorUncleared(shape)
}

// wrap returns an unrecorded variable holding value on tape t (which may be nil).
func (t *Tape[T]) wrap(value *tensor.Tensor[T]) *Var[T] {
	if t == nil {
		return Const(value)
	}
	return t.pool.newVar(value, t)
}

// record returns a variable holding value and, when the tape records and some
// input is recorded, appends the node that lets gradients flow through rule.
func (t *Tape[T]) record(value *tensor.Tensor[T], rule Rule[T], inputs ...*Var[T]) *Var[T] {
	return t.push(value, rule, nil, 0, 0, inputs)
}

// recordOp is record for a built-in operation: op's vjp gets the node,
// which holds s and k for it.
func (t *Tape[T]) recordOp(value *tensor.Tensor[T], op builtin[T], s T, k int, inputs ...*Var[T]) *Var[T] {
	return t.push(value, nil, op, s, k, inputs)
}

// push wraps value and, when the tape records and some input is recorded,
// appends its node: the output, the inputs and the backward (rule or op,
// with s and k).
func (t *Tape[T]) push(value *tensor.Tensor[T], rule Rule[T], op builtin[T], s T, k int, inputs []*Var[T]) *Var[T] {
	if t == nil {
		return Const(value)
	}
	out := t.pool.newVar(value, t)
	if t.recording {
		for _, x := range inputs {
			if x.id >= 0 {
				start := len(t.inputs)
				t.inputs = append(t.inputs, inputs...)
				out.id = len(t.nodes)
				t.nodes = append(t.nodes, node[T]{out: out, inputs: t.inputs[start:len(t.inputs):len(t.inputs)], rule: rule, op: op, s: s, k: k})
				break
			}
		}
	}
	if t.anomaly != nil {
		t.checkForward(out, inputs)
	}
	return out
}

// Record appends a user-defined operation: out is the operation's value,
// computed by the caller from the inputs' values, and rule its vector-Jacobian
// product. It is how new primitives are added outside this package; check them
// with CheckGradient.
func Record[T Float](op string, value *tensor.Tensor[T], rule Rule[T], inputs ...*Var[T]) *Var[T] {
	return tapeOf(op, inputs...).record(value, rule, inputs...)
}
