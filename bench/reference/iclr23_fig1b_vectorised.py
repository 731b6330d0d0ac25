#!/usr/bin/env python3
"""ICLR23 Fig. 1b, every run of the sweep at once: one batched tensor per parameter, autograd, Adam elementwise.

Delay teacher d̂ = 10 (h_j = 1 at j = 9, else 0); general student of width 50 (A, B, C ~ N(0, 1e-3²)); empirical
loss on a fresh Gaussian batch of 100 sequences each step, target the last output of each run's length k; Adam
lr 1e-3 up to 50,000 steps; early stopping on the population loss against the teacher every 500 steps with
patience 10, best parameters restored — the app's preset iclr23-fig1b at paper scale. Runs of different k share
one tensor: the impulse response is carried to the largest k and each run's loss is masked to its own lags
(inputs are i.i.d., so drawing them directly in lag order is the same distribution). A stopped run is frozen by a
mask. Not part of the app: src-main/bench/iclr23.ts runs it with /usr/bin/python3 when torch is there.
"""
import argparse
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from blas_setup import apply_blas_threads, blas_in_use  # noqa: E402

apply_blas_threads()  # --blas-threads must act before `import torch`
import torch  # noqa: E402

WIDTH, TEACHER_DIM, HORIZON, INIT_SCALE, BATCH = 50, 10, 120, 1e-3, 100
LR, BETA1, BETA2, EPS = 1e-3, 0.9, 0.999, 1e-8
KS = [4, 6, 8, 10, 12, 14, 16, 17, 18, 19, 20, 21, 22, 24, 26]
DTYPE = torch.float64


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument('--steps', type=int, default=50_000)
    p.add_argument('--every', type=int, default=500, help='early-stopping check interval')
    p.add_argument('--patience', type=int, default=10)
    p.add_argument('--seeds', type=int, default=3)
    p.add_argument('--threads', type=int, default=1, help='torch.set_num_threads')
    p.add_argument('--blas-threads', type=int, default=None, help='OPENBLAS_NUM_THREADS (1 is fastest for small ops)')
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    runs = [(k, s) for k in KS for s in range(args.seeds)]
    R, d, K = len(runs), WIDTH, max(KS)
    ks = torch.tensor([k for k, _ in runs])
    teacher = torch.zeros(HORIZON, dtype=DTYPE)
    teacher[TEACHER_DIM - 1] = 1.0
    mask = (torch.arange(K).unsqueeze(0) < ks.unsqueeze(1)).to(DTYPE)                   # (R, K)
    target_h = teacher[:K].unsqueeze(0) * mask                                         # (R, K)

    gens = [torch.Generator().manual_seed(seed) for _, seed in runs]
    A = torch.stack([INIT_SCALE * torch.randn(d, d, generator=g, dtype=DTYPE) for g in gens]).requires_grad_()
    B = torch.stack([INIT_SCALE * torch.randn(d, 1, generator=g, dtype=DTYPE) for g in gens]).requires_grad_()
    C = torch.stack([INIT_SCALE * torch.randn(1, d, generator=g, dtype=DTYPE) for g in gens]).requires_grad_()
    params = [A, B, C]
    m = [torch.zeros_like(x) for x in params]
    v = [torch.zeros_like(x) for x in params]
    active = torch.ones(R, dtype=DTYPE)
    best = [x.detach().clone() for x in params]
    best_loss = torch.full((R,), float('inf'), dtype=DTYPE)
    bad = torch.zeros(R, dtype=torch.long)
    gen = torch.Generator().manual_seed(12345)

    def impulse(K):
        """ĥ_j = C A^j B for j < K: (R, K)."""
        cols, s = [], B
        for _ in range(K):
            cols.append(C @ s)
            s = A @ s
        return torch.cat(cols, 2).squeeze(1)

    start = time.perf_counter()
    steps = 0
    for t in range(args.steps + 1):
        if t % args.every == 0:
            with torch.no_grad():
                val = ((impulse(K) - teacher[:K]) ** 2 * mask).sum(1)
                better = (val < best_loss) & (active > 0)
                best_loss = torch.where(better, val, best_loss)
                for b, x in zip(best, params):
                    b[better] = x[better]
                bad = torch.where(better, torch.zeros_like(bad), bad + (active > 0).long())
                active = active * (bad < args.patience).to(DTYPE)
            if active.sum() == 0 or t == args.steps:
                break
        z = torch.randn(R, BATCH, K, generator=gen, dtype=DTYPE) * mask.unsqueeze(1)    # inputs in lag order
        y = (z * target_h.unsqueeze(1)).sum(2)
        yhat = (z * impulse(K).unsqueeze(1)).sum(2)
        loss = ((yhat - y) ** 2).mean(1).sum()                                         # runs are independent
        for x in params:
            x.grad = None
        loss.backward()
        steps = t + 1
        with torch.no_grad():
            bc1, bc2 = 1 - BETA1 ** (t + 1), 1 - BETA2 ** (t + 1)
            for x, mx, vx in zip(params, m, v):
                g = x.grad
                mx.mul_(BETA1).add_(g, alpha=1 - BETA1)
                vx.mul_(BETA2).addcmul_(g, g, value=1 - BETA2)
                step = (mx / bc1) / ((vx / bc2).sqrt_().add_(EPS))
                x.sub_(LR * step * active.view(R, 1, 1))
    with torch.no_grad():
        for b, x in zip(best, params):
            x.copy_(b)
        h = impulse(HORIZON)
    wall = time.perf_counter() - start

    by_k = {}
    for r, (k, _) in enumerate(runs):
        by_k.setdefault(k, []).append((h[r, k:] - teacher[k:]).abs().max().item())
    print(json.dumps({
        'reference': 'vectorised',
        'wall_s': wall,
        'runs': R,
        'steps': steps,
        'torch': torch.__version__,
        'torch_threads': torch.get_num_threads(),
        'openblas_num_threads': os.environ.get('OPENBLAS_NUM_THREADS'),
        'blas': blas_in_use(),
        'error_by_k': {k: sum(e) / len(e) for k, e in sorted(by_k.items())},
    }))


if __name__ == '__main__':
    main()
