#!/usr/bin/env python3
"""ICLR23 Fig. 1a the way a paper's script is written: one run at a time, autograd, torch.optim.Adam (the impulse
response of each run computed in one broadcast expression, not a Python loop over lags).

Balanced teacher d̂ = 5, student width 40 with diagonal A and tied B = C^T, population loss (3.4), 15,000 Adam steps
per run, k = 2..30 x 3 seeds. `--subset N` runs N runs spread over the sweep (the benchmark extrapolates from them).
"""
import time

# First: it applies --blas-threads before torch loads OpenBLAS.
from iclr23_fig1a_common import (HORIZON, LR, BETA1, BETA2, EPS, parse_args, pick_subset, report, run_list, student_init, teacher,
                    teacher_impulse)
import torch  # noqa: E402


def train_one(k, seed, steps):
    eig, b_hat = teacher(seed)
    target = teacher_impulse(eig, b_hat)
    a0, b0 = student_init(seed)
    a = a0.clone().requires_grad_(True)          # diag(A)
    b = b0.clone().requires_grad_(True)          # B = C^T
    opt = torch.optim.Adam([a, b], lr=LR, betas=(BETA1, BETA2), eps=EPS)
    j = torch.arange(k, dtype=a.dtype).unsqueeze(1)
    for _ in range(steps):
        opt.zero_grad()
        h = ((b * b).unsqueeze(0) * a.unsqueeze(0) ** j).sum(1)   # C A^j B, j < k
        loss = ((h - target[:k]) ** 2).sum()                         # (3.4)
        loss.backward()
        opt.step()
    with torch.no_grad():
        jh = torch.arange(HORIZON, dtype=a.dtype).unsqueeze(1)
        h = ((b * b).unsqueeze(0) * a.unsqueeze(0) ** jh).sum(1)
        err = (h[k:] - target[k:]).abs().max().item()
        zero = target[k:].abs().max().item()
    return err, zero


def main():
    args = parse_args(__doc__)
    torch.set_num_threads(args.threads)
    runs = pick_subset(run_list(args), args.subset)
    start = time.perf_counter()
    errors, seconds = [], []
    for k, seed in runs:
        t = time.perf_counter()
        errors.append(train_one(k, seed, args.steps))
        seconds.append(time.perf_counter() - t)
    report('loop', args, runs, time.perf_counter() - start, errors, seconds)


if __name__ == '__main__':
    main()
