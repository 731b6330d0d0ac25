#!/usr/bin/env python3
"""PyTorch reference for `impulse-lab bench` (src-main/bench/linear.ts): Adam steps per second of a linear RNN trained
the way a paper's script does it, autograd through the unrolled recurrence, float64, 2 threads.

population: sum_{j<k} (C A^j B - h_j)^2 with d = 40, k = 30 (AISTATS22 Lemma 3.1, ICLR23 eq. 3.4).
empirical:  last-step MSE on a fixed batch of 100 Gaussian sequences, d = 50, k = 20.
Prints one JSON line: steps/s for each, torch version, threads and the BLAS library torch loaded.
"""
import argparse
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from blas_setup import blas_in_use  # noqa: E402
import torch  # noqa: E402

DTYPE = torch.float64


def student(d, g):
    A = (torch.randn(d, d, generator=g, dtype=DTYPE) * 0.3 / d ** 0.5).requires_grad_(True)
    B = (torch.randn(d, 1, generator=g, dtype=DTYPE) * 0.1).requires_grad_(True)
    C = (torch.randn(1, d, generator=g, dtype=DTYPE) * 0.1).requires_grad_(True)
    return A, B, C


def teacher_impulse(k, g):
    eig = 0.9 * torch.rand(5, generator=g, dtype=DTYPE)
    w = torch.randn(5, generator=g, dtype=DTYPE)
    return (w.unsqueeze(0) * eig.unsqueeze(0) ** torch.arange(k, dtype=DTYPE).unsqueeze(1)).sum(1)


def steps_per_second(step, seconds):
    for _ in range(20):  # warm-up: allocator, autograd graph caches
        step()
    n, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        step()
        n += 1
    return n / (time.perf_counter() - start)


def population(seconds, d=40, k=30):
    g = torch.Generator().manual_seed(0)
    A, B, C = student(d, g)
    h = teacher_impulse(k, g)
    opt = torch.optim.Adam([A, B, C], lr=1e-3)

    def step():
        opt.zero_grad()
        s, loss = B, 0.0
        for j in range(k):
            loss = loss + ((C @ s).squeeze() - h[j]) ** 2
            s = A @ s
        loss.backward()
        opt.step()
    return steps_per_second(step, seconds)


def empirical(seconds, d=50, k=20, batch=100):
    g = torch.Generator().manual_seed(0)
    A, B, C = student(d, g)
    h = teacher_impulse(k, g)
    x = torch.randn(batch, k, 1, generator=g, dtype=DTYPE)
    y = (x.squeeze(2).flip(1) * h).sum(1, keepdim=True)  # y_k = sum_i h_{k-i} x_i
    opt = torch.optim.Adam([A, B, C], lr=1e-3)

    def step():
        opt.zero_grad()
        s = torch.zeros(batch, d, dtype=DTYPE)
        for t in range(k):
            s = s @ A.T + x[:, t] @ B.T
        loss = ((s @ C.T - y) ** 2).mean()
        loss.backward()
        opt.step()
    return steps_per_second(step, seconds)


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument('--seconds', type=float, default=2.0, help='measuring time per problem')
    p.add_argument('--threads', type=int, default=2)
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    print(json.dumps({
        'population': population(args.seconds),
        'empirical': empirical(args.seconds),
        'torch': torch.__version__,
        'threads': torch.get_num_threads(),
        'blas': blas_in_use(),
    }))


if __name__ == '__main__':
    main()
