# The PyTorch twin of `deeptheory train -data mnist -model mlp|cnn` (same bias-free networks, Adam lr 1e-3
# decaying ×0.7 per epoch, batch 64, float32, two threads), for timing beside it; not run by the tests.
# Usage: /usr/bin/python3 pytorch_train.py MNIST_DATA_DIR mlp|cnn EPOCHS
import gzip, sys, time, numpy as np, torch, torch.nn as nn
torch.set_num_threads(2); torch.manual_seed(1)
d = sys.argv[1]; model_name = sys.argv[2]; epochs = int(sys.argv[3])
def idx(p):
    b = gzip.open(p).read(); nd = b[3]; dims = [int.from_bytes(b[4+4*i:8+4*i], 'big') for i in range(nd)]
    return np.frombuffer(b, np.uint8, offset=4+4*nd).reshape(dims)
xtr = torch.tensor(idx(d+'/train-images-idx3-ubyte.gz'), dtype=torch.float32).div(255).unsqueeze(1)
ytr = torch.tensor(idx(d+'/train-labels-idx1-ubyte.gz'), dtype=torch.long)
xte = torch.tensor(idx(d+'/t10k-images-idx3-ubyte.gz'), dtype=torch.float32).div(255).unsqueeze(1)
yte = torch.tensor(idx(d+'/t10k-labels-idx1-ubyte.gz'), dtype=torch.long)
if model_name == 'mlp':
    m = nn.Sequential(nn.Flatten(), nn.Linear(784,256,bias=False), nn.ReLU(), nn.Linear(256,256,bias=False), nn.ReLU(), nn.Linear(256,10,bias=False))
else:
    m = nn.Sequential(nn.Conv2d(1,32,3,padding=1,bias=False), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(32,64,3,padding=1,bias=False), nn.ReLU(), nn.MaxPool2d(2), nn.Flatten(), nn.Linear(3136,128,bias=False), nn.ReLU(), nn.Linear(128,10,bias=False))
opt = torch.optim.Adam(m.parameters(), lr=1e-3)
sched = torch.optim.lr_scheduler.ExponentialLR(opt, 0.7)
t0 = time.time()
for e in range(epochs):
    perm = torch.randperm(60000)
    m.train()
    for i in range(0, 60000, 64):
        b = perm[i:i+64]
        opt.zero_grad(); loss = nn.functional.cross_entropy(m(xtr[b]), ytr[b]); loss.backward(); opt.step()
    sched.step()
    with torch.no_grad():
        acc = (m(xte).argmax(1) == yte).float().mean().item()
    print(f"epoch {e+1} test accuracy {100*acc:.2f}% elapsed {time.time()-t0:.1f}s", flush=True)
print(f"total {time.time()-t0:.1f}s")
