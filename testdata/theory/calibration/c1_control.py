"""Calibration of the approximation controls C1 and C2 (deeptheory, theory/approximation*.go).

PyTorch float64, CPU. Independent of the Go code except for the set-up, which it mirrors:
x ~ U[-1,1]^8, full-batch Adam (PyTorch defaults) on the MSE, the learning rate decaying
geometrically to a tenth over the run, best of lr 1e-2 / 3e-3 per seed by training loss,
test NMSE = test MSE / Var(y_test), medians over 3 seeds.

C1: a non-compositional target, f(x) = sum_{k<4} c_k tanh(<u_k,x>) + tanh(<u_4,x>) tanh(<u_5,x>),
u_k ~ N(0, 4 I/8), c_k ~ U[-1,1]: every term reads all 8 inputs at once. Four networks at equal
parameter counts: LC binary tree (7 nodes 2->Q->1, untied), the same tree with weights shared
within a level, a deep FC net (3 hidden layers) and a shallow net 8->M->1; ReLU.

C2: Theorem 1's exponent n/m: shallow ReLU nets 2->M->1 on the 2-variable node
h(a,b) = tanh(ab + (a-b)/2) versus 8->M->1 on the 8-variable tanh tree of C6
(h1j(a,b) = tanh(alpha_j a + s_j beta_j b), s = (+,+,+,-); h2 = tanh(uv + (u-v)/2); h3 = uv + u/2), M in {12, 23, 45}.

Run: /usr/bin/python3 c1_control.py  (output: c1_control.txt beside this file)
"""
import math
import sys
import time

import torch
import torch.nn as nn

torch.set_default_dtype(torch.float64)
torch.set_num_threads(1)

D = 8


class LC1d(nn.Module):
    """Locally connected 1-D layer: y[n,o,l] = b[o,l] + sum_{c,j} w[l,o,c,j] x[n,c,l*s+j]."""

    def __init__(self, cin, cout, length, k, s):
        super().__init__()
        self.k, self.s = k, s
        lout = (length - k) // s + 1
        bound = 1 / math.sqrt(cin * k)
        self.weight = nn.Parameter(torch.empty(lout, cout, cin, k).uniform_(-bound, bound))
        self.bias = nn.Parameter(torch.empty(cout, lout).uniform_(-bound, bound))

    def forward(self, x):
        p = x.unfold(2, self.k, self.s)  # [N, C, Lout, k]
        return torch.einsum("nclj,locj->nol", p, self.weight) + self.bias


def tree(q, shared, act):
    layers = [nn.Unflatten(1, (1, D))]
    length = D
    while length > 1:
        nodes = length // 2
        if shared:
            layers += [nn.Conv1d(1, q, 2, stride=2), act(), nn.Conv1d(q, 1, 1)]
        else:
            layers += [LC1d(1, q, length, 2, 2), act(), LC1d(q, 1, nodes, 1, 1)]
        length = nodes
    layers.append(nn.Flatten())
    return nn.Sequential(*layers)


def params_of(kind, w):
    return {"lc": 7 * (4 * w + 1), "shared": 3 * (4 * w + 1), "fc": 2 * w * w + 12 * w + 1, "shallow": 10 * w + 1}[kind]


def width(kind, target):
    best, gap = 1, 10**9
    w = 1
    while params_of(kind, w) <= 2 * target + 10:
        g = abs(params_of(kind, w) - target)
        if g < gap:
            best, gap = w, g
        w += 1
    return best


def net(kind, w, act, din=D):
    if kind == "lc":
        return tree(w, False, act)
    if kind == "shared":
        return tree(w, True, act)
    if kind == "fc":
        return nn.Sequential(nn.Linear(din, w), act(), nn.Linear(w, w), act(), nn.Linear(w, w), act(), nn.Linear(w, 1))
    return nn.Sequential(nn.Linear(din, w), act(), nn.Linear(w, 1))


def train(model, x, y, lr, iters):
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda t: 10 ** (-t / iters))
    for _ in range(iters):
        opt.zero_grad()
        loss = ((model(x) - y) ** 2).mean()
        loss.backward()
        opt.step()
        sched.step()
    with torch.no_grad():
        return ((model(x) - y) ** 2).mean().item()


def fit(make, x, y, xt, yt, iters, seed):
    best = None
    for lr in (1e-2, 3e-3):
        torch.manual_seed(seed)
        m = make()
        tr = train(m, x, y, lr, iters)
        with torch.no_grad():
            te = ((m(xt) - yt) ** 2).mean().item() / yt.var(unbiased=False).item()
        if best is None or tr < best[0]:
            best = (tr, te, lr)
    return best


def dense_target(g):
    u = torch.randn(6, D, generator=g) * 2 / math.sqrt(D)
    c = torch.rand(4, generator=g) * 2 - 1

    def f(x):
        p = torch.tanh(x @ u.T)
        return (p[:, :4] * c).sum(1, keepdim=True) + (p[:, 4] * p[:, 5]).unsqueeze(1)

    return f


def tanh_tree(g):
    alpha = 0.5 + torch.rand(4, generator=g)
    beta = 0.5 + torch.rand(4, generator=g)

    def f(x):
        h1 = torch.tanh(alpha * x[:, 0::2] + torch.tensor([1.0, 1.0, 1.0, -1.0]) * beta * x[:, 1::2])
        h2 = lambda u, v: torch.tanh(u * v + 0.5 * (u - v))
        u, v = h2(h1[:, 0], h1[:, 1]), h2(h1[:, 2], h1[:, 3])
        return (u * v + 0.5 * u).unsqueeze(1)

    return f


def node2(x):
    a, b = x[:, 0], x[:, 1]
    return torch.tanh(a * b + 0.5 * (a - b)).unsqueeze(1)


def med(v):
    return sorted(v)[len(v) // 2]


def c1(ntrain, ntest, iters, qs, seeds=(0, 1, 2)):
    print(f"C1 dense-projection target, ReLU, {ntrain} train / {ntest} test, {iters} iters")
    for q in qs:
        target = 7 * (4 * q + 1)
        res = {k: [] for k in ("lc", "shared", "fc", "shallow")}
        for s in seeds:
            g = torch.Generator().manual_seed(1000 + s)
            f = dense_target(g)
            x = torch.rand(ntrain, D, generator=g) * 2 - 1
            xt = torch.rand(ntest, D, generator=g) * 2 - 1
            y, yt = f(x), f(xt)
            for k in res:
                w = width(k, target)
                res[k].append(fit(lambda: net(k, w, nn.ReLU), x, y, xt, yt, iters, 10 * s + 1)[1])
        line = "  Q=%2d " % q + " ".join(
            "%s(%d)=%s" % (k, params_of(k, width(k, target)), ",".join("%.3g" % v for v in res[k])) for k in res)
        ratios = [a / b for a, b in zip(res["lc"], res["shallow"])]
        print(line)
        print("        medians: " + " ".join("%s %.4g" % (k, med(v)) for k, v in res.items()) +
              "   LC/shallow per seed: " + ",".join("%.3g" % r for r in ratios))
        sys.stdout.flush()


def c2(ntrain, ntest, iters, ms, seeds=(0, 1, 2)):
    print(f"C2 shallow ReLU nets, 2-D node vs 8-D tanh tree, {ntrain} train / {ntest} test, {iters} iters")
    for dim in (2, 8):
        per = []
        for s in seeds:
            g = torch.Generator().manual_seed(2000 + s)
            f = node2 if dim == 2 else tanh_tree(g)
            x = torch.rand(ntrain, dim, generator=g) * 2 - 1
            xt = torch.rand(ntest, dim, generator=g) * 2 - 1
            y, yt = f(x), f(xt)
            per.append([fit(lambda: net("shallow", m, nn.ReLU, din=dim), x, y, xt, yt, iters, 10 * s + 2)[1] for m in ms])
        falls = [p[0] / p[-1] for p in per]
        slopes = [-(math.log(p[-1]) - math.log(p[0])) / (math.log(ms[-1]) - math.log(ms[0])) for p in per]
        print("  n=%d  NMSE per seed (M=%s): %s   fall M%d->M%d: %s   slope: %s" % (
            dim, ms, "; ".join(",".join("%.3g" % v for v in p) for p in per), ms[0], ms[-1],
            ",".join("%.3g" % v for v in falls), ",".join("%.3g" % v for v in slopes)))
        sys.stdout.flush()


if __name__ == "__main__":
    t0 = time.time()
    print("torch", torch.__version__)
    which = sys.argv[1] if len(sys.argv) > 1 else "all"
    if which in ("all", "quick"):
        c1(500, 2000, 1000, (16,))
        c2(500, 2000, 1000, (12, 45))
    if which in ("all", "full"):
        c1(500, 5000, 1000, (4, 8, 16))
        c2(500, 5000, 1000, (12, 23, 45))
    print("elapsed %.0f s" % (time.time() - t0))
