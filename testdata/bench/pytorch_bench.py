# The PyTorch twin of `deeptheory bench` and of the benchmarks named in issue 13, for timing side by side;
# not run by the tests. Same shapes, dtypes and steps as internal/workload and nn/bench_test.go, two threads.
# Usage (AVX-512 machine): OPENBLAS_CORETYPE=SkylakeX /usr/bin/python3 pytorch_bench.py [SECONDS]
import sys, time, torch, torch.nn as nn, torch.nn.functional as F
torch.set_num_threads(2); torch.manual_seed(1)
budget = float(sys.argv[1]) if len(sys.argv) > 1 else 1.0

def timeit(name, f, flops=0):
    f()
    n = 1
    while True:
        t = time.perf_counter()
        for _ in range(n): f()
        dt = time.perf_counter() - t
        if dt >= budget: break
        n *= 2
    per = dt / n
    g = f"{flops/per/1e9:8.1f} GFLOP/s" if flops else ""
    print(f"{name:40s} {per*1e9:14.0f} ns/op {g}", flush=True)

for dt, tag in ((torch.float32, 'f32'), (torch.float64, 'f64')):
    for n in (64, 256, 512, 1024):
        a, b, c = torch.randn(n, n, dtype=dt), torch.randn(n, n, dtype=dt), torch.empty(n, n, dtype=dt)
        timeit(f"matmul {tag} n={n}", lambda: torch.mm(a, b, out=c), 2*n**3)

def layer_step(layer, x, flops=0, name=""):
    x = x.clone().requires_grad_(True)
    ps = list(layer.parameters())
    def f():
        for t in [x] + ps: t.grad = None
        layer(x).sum().backward()
    timeit(name, f, flops)

conv = nn.Conv2d(3, 16, 3, padding=1)
layer_step(conv, torch.randn(32, 3, 32, 32), 3*2*32*16*3*9*32*32, "conv2d 3→16 3x3 b32 fwd+bwd f32")
layer_step(nn.Linear(784, 256), torch.randn(128, 784), 3*2*128*784*256, "DenseStep 784→256 b128")
layer_step(nn.MaxPool2d(2), torch.randn(32, 16, 32, 32), 0, "MaxPool2DStep [32 16 32 32]")
layer_step(nn.AvgPool2d(2), torch.randn(32, 16, 32, 32), 0, "AvgPool2DStep [32 16 32 32]")
layer_step(nn.BatchNorm2d(16), torch.randn(32, 16, 32, 32), 0, "BatchNorm2DStep [32 16 32 32]")
layer_step(nn.utils.weight_norm(nn.Linear(784, 256)), torch.randn(128, 784), 3*2*128*784*256, "WeightNormDenseStep 784→256 b128")

def train_step(model, x, labels, flops, name):
    opt = torch.optim.SGD(model.parameters(), lr=0.01)
    def f():
        opt.zero_grad(); F.cross_entropy(model(x), labels).backward(); opt.step()
    timeit(name, f, flops)

mlp = nn.Sequential(nn.Linear(784, 256), nn.ReLU(), nn.Linear(256, 256), nn.ReLU(), nn.Linear(256, 10))
train_step(mlp, torch.randn(128, 784), torch.randint(0, 10, (128,)), 3*2*128*(784*256+256*256+256*10), "mlp 784-256-256-10 b128 step f32")
lenet = nn.Sequential(nn.Conv2d(1, 32, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(32, 64, 3, padding=1), nn.ReLU(),
                      nn.MaxPool2d(2), nn.Flatten(), nn.Linear(3136, 128), nn.ReLU(), nn.Linear(128, 10))
train_step(lenet, torch.randn(64, 1, 28, 28), torch.randint(0, 10, (64,)), 3*2*64*(32*9*28*28+64*32*9*14*14+3136*128+128*10), "lenet b64 step f32")

# The tiny network: bias-free 5-8-1 ReLU, 24 samples, float64, exponential loss, plain SGD lr 0.05.
x = torch.randn(24, 5, dtype=torch.float64); y = torch.randn(24, dtype=torch.float64).sign()
w1 = (0.4*torch.randn(8, 5, dtype=torch.float64)).requires_grad_(True)
w2 = (0.3*torch.randn(1, 8, dtype=torch.float64)).requires_grad_(True)
tiny = torch.optim.SGD([w1, w2], lr=0.05)
def tiny_step():
    tiny.zero_grad(); f = (torch.relu(x @ w1.T) @ w2.T).reshape(-1); torch.exp(-y*f).mean().backward(); tiny.step()
timeit("tiny 5-8-1 step f64", tiny_step)
