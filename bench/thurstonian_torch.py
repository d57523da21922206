# PyTorch baseline for bench/fit.bench.ts: the paper's fitting procedure written out plainly.
# Full-batch Adam (lr 0.01, 1000 epochs), float32, means normalised to mean 0 / sample std 1 and
# variances rescaled by 1/std^2 inside the objective, P = Phi(dm / sqrt(v_a + v_b + 1e-5)), binary
# cross-entropy against the soft labels. Reads {a, b, p, init, epochs, lr} as JSON (init = the same
# initial [mu | log sigma^2] as the engine's adam run) and prints {seconds, means, variances, loss}.
# Run with Debian's python3-torch: /usr/bin/python3 bench/thurstonian_torch.py INPUT.json
import json
import sys
import time

import torch

spec = json.load(open(sys.argv[1]))
n = len(spec["init"]) // 2
a = torch.tensor(spec["a"], dtype=torch.long)
b = torch.tensor(spec["b"], dtype=torch.long)
p = torch.tensor(spec["p"], dtype=torch.float32)
init = torch.tensor(spec["init"], dtype=torch.float32)
mu = torch.nn.Parameter(init[:n].clone())
s = torch.nn.Parameter(init[n:].clone())
optimizer = torch.optim.Adam([mu, s], lr=spec["lr"])
normal = torch.distributions.Normal(0.0, 1.0)


def utilities():
    std = mu.std()
    return (mu - mu.mean()) / std, torch.exp(s) / std**2


start = time.perf_counter()
for _ in range(spec["epochs"]):
    optimizer.zero_grad()
    m, v = utilities()
    prob = normal.cdf((m[a] - m[b]) / torch.sqrt(v[a] + v[b] + 1e-5))
    loss = torch.nn.functional.binary_cross_entropy(prob, p)
    loss.backward()
    optimizer.step()
seconds = time.perf_counter() - start

with torch.no_grad():
    m, v = utilities()
print(json.dumps({
    "seconds": seconds, "loss": float(loss), "means": m.tolist(), "variances": v.tolist(),
    "torch": torch.__version__, "threads": torch.get_num_threads(),
}))
