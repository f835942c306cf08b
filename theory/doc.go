// Package theory checks, with numerical experiments on this project's
// framework, the claims of Poggio, Banburski & Liao, "Theoretical Issues in
// Deep Networks" (PNAS 2020; arXiv:1908.09375).
//
// Each claim is a Claim in one registry (Claims): an id such as "C7", a
// one-line statement of what the paper says, and a Run function from a
// Config (Quick or Full, and a seed) to a Result. A Result holds the
// measured quantities, the criterion in words, the Checks the criterion is
// made of (each compares a measured number with a threshold), the curves a
// reader wants to see, and the data and trained weights a sceptic needs to
// recheck the claim elsewhere. The verdict is computed from the checks,
// never stored.
//
// The claims come in five families, one file each: approximation (C1–C6),
// landscape (C7–C9), homogeneity (C10–C15), dynamics (C16–C19) and
// generalization (C20–C24). The measures of positively homogeneous networks
// (layer norms ρ_k, their product ρ, the normalized network f̃ = f/ρ, margins)
// are in measure.go.
//
// Every experiment is deterministic: randomness comes from a PCG generator
// seeded by Config.Seed, and the framework's kernels sum in a fixed order,
// so a config gives the same bits under any GOMAXPROCS.
package theory
