// Package autograd is reverse-mode automatic differentiation on a tape.
//
// A Tape is a Wengert list: every operation on recorded variables appends one
// node holding the operation's output and its vector-Jacobian product (VJP)
// rule. Nodes are appended in creation order, and an operation can only use
// values that already exist, so walking the list backwards visits every node
// after all the nodes that use it: a topological order for free.
//
// Backward, for an output y with cotangent ȳ (1 for a scalar loss), starts with
// grad[y] = ȳ and visits the nodes from y down to the first. A node with
// output z = f(x₁, ..., xₖ) and accumulated cotangent z̄ asks its rule for
// x̄ᵢ = (∂f/∂xᵢ)ᵀ z̄, one per input, and the tape adds each to grad[xᵢ]. A rule
// returns its gradients; it never adds into shared state itself, so a variable
// used twice simply receives two contributions, and there is nothing to zero.
//
// Rules are written with this package's own operations. Ordinarily they run
// without recording; when asked to (GradientsGraph), the backward pass is
// itself recorded on the tape, and the gradients it returns can be
// differentiated again: Hessian-vector products, gradients of gradient norms.
//
// A Var whose inputs are all unrecorded (constants, or a tape that is not
// recording) is computed without a node: evaluation for inference costs the
// kernels and nothing else.
//
// A training loop reuses one tape: Reset forgets the nodes and recycles every
// tensor the tape allocated, so steady-state steps do not grow memory. A value
// read from a Var lives until the next Reset (see Var.Value); Tape.SetDebug
// makes a value kept longer visible.
//
// Parameters are named tensors (Param), the currency between package nn,
// which owns them, and package optim, which updates them.
//
// Imports: tensor for every computation (autograd never touches a kernel
// itself), and internal/shapes, the shape arithmetic (broadcast, reduced,
// permuted shapes) that it shares with tensor rather than repeating it.
//
// Concurrency: a Tape, and every Var on it, belongs to one goroutine at a
// time. Separate tapes in separate goroutines are safe, even when they read
// the same tensors (several goroutines may each wrap one shared weight with
// their own tape's Param and take gradients): operations only read their
// inputs. What is not safe is writing a tensor (an optimizer step, CopyFrom)
// while another goroutine computes with it, or sharing one tape. Constants
// (Const) need no tape and are safe to evaluate from any number of
// goroutines. Results do not depend on GOMAXPROCS: the kernels split work
// by size alone, and each output element is summed in a fixed order.
//
// Numerical faults: Tape.SetAnomaly(true) makes the tape stop at the first
// operation whose value or gradient holds NaN or ±Inf, naming the
// operation, its input shapes and the line of the caller that recorded it.
package autograd
