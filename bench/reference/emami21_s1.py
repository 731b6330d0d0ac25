#!/usr/bin/env python3
"""PyTorch reference for `impulse-lab bench` (src-main/bench/emami21.ts): one SGD epoch of EMAMI21 Table 1 on S1,
the way a paper's script does it: the width-scaled linear RNN (n = 1000, nu_W = 0.3, nu_F = nu_C = 1) unrolled over
each minibatch of 128 windows of T = 15 bins, autograd, float64; and the Conv1D (nn.Conv1d-like linear filter).

Data as the app prepares it: 70/30 split in time, windows inside each split, z-scored with training statistics,
target = velocity in the window's last bin: 24,576 training windows = 192 minibatches. Timing `--batches` minibatches
and scaling to the epoch keeps the reference short. Prints one JSON line (seconds per epoch, BLAS, threads).
"""
import argparse
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from blas_setup import apply_blas_threads, blas_in_use  # noqa: E402

apply_blas_threads()  # before torch loads OpenBLAS
import numpy as np  # noqa: E402
import torch  # noqa: E402

DTYPE = torch.float64
T, N, BATCH, LR = 15, 1000, 128, 0.01


def windows(csv):
    data = np.loadtxt(csv, delimiter=',', skiprows=1)
    with open(csv) as f:
        header = f.readline().strip().split(',')
    neurons = [i for i, h in enumerate(header) if h.startswith('n')]
    targets = [i for i, h in enumerate(header) if 'vel' in h]
    rows = data.shape[0]
    stop = round(0.7 * rows)
    x, y = data[:, neurons], data[:, targets]
    mx, sx = x[:stop].mean(0), x[:stop].std(0)
    sx[sx == 0] = 1
    my, sy = y[:stop].mean(0), y[:stop].std(0)
    x, y = (x - mx) / sx, (y - my) / sy
    ends = np.arange(T - 1, stop)
    xw = np.stack([x[e - T + 1:e + 1] for e in ends])  # (windows, T, n_x)
    return torch.tensor(xw, dtype=DTYPE), torch.tensor(y[ends], dtype=DTYPE)


def rnn_step_fn(nx, ny, g):
    W = (torch.randn(N, N, generator=g, dtype=DTYPE) * 0.3 ** 0.5).requires_grad_(True)
    F = torch.randn(N, nx, generator=g, dtype=DTYPE).requires_grad_(True)
    C = torch.randn(ny, N, generator=g, dtype=DTYPE).requires_grad_(True)
    s = N ** -0.5

    def step(xb, yb):
        h = torch.zeros(xb.shape[0], N, dtype=DTYPE)
        for t in range(T):  # EMAMI21 eq. 1: h_t = W h_{t-1} / sqrt(n) + F x_t
            h = s * h @ W.T + xb[:, t] @ F.T
        loss = ((s * h @ C.T - yb) ** 2).mean()
        for p in (W, F, C):
            p.grad = None
        loss.backward()
        with torch.no_grad():
            for p in (W, F, C):
                p.sub_(LR * p.grad)
    return step


def conv_step_fn(nx, ny, g):
    L = (torch.randn(T, ny, nx, generator=g, dtype=DTYPE) * 0.1).requires_grad_(True)

    def step(xb, yb):
        pred = torch.einsum('jon,bjn->bo', L, xb.flip(1))  # y = sum_j L_j x_{T-1-j}
        loss = ((pred - yb) ** 2).mean()
        L.grad = None
        loss.backward()
        with torch.no_grad():
            L.sub_(LR * L.grad)
    return step


def epoch_seconds(step, xw, yw, batches):
    per_epoch = xw.shape[0] // BATCH
    batches = min(batches, per_epoch)
    step(xw[:BATCH], yw[:BATCH])  # warm-up
    start = time.perf_counter()
    for b in range(batches):
        step(xw[b * BATCH:(b + 1) * BATCH], yw[b * BATCH:(b + 1) * BATCH])
    return (time.perf_counter() - start) / batches * per_epoch, per_epoch, batches


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument('--csv', required=True)
    p.add_argument('--batches', type=int, default=8, help='minibatches timed (scaled to the 192 of an epoch)')
    p.add_argument('--threads', type=int, default=2)
    p.add_argument('--blas-threads', type=int, default=None)
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    xw, yw = windows(args.csv)
    g = torch.Generator().manual_seed(0)
    nx, ny = xw.shape[2], yw.shape[1]
    rnn, per_epoch, timed = epoch_seconds(rnn_step_fn(nx, ny, g), xw, yw, args.batches)
    conv, _, _ = epoch_seconds(conv_step_fn(nx, ny, g), xw, yw, per_epoch)
    print(json.dumps({'rnn_epoch_s': rnn, 'conv_epoch_s': conv, 'batches_per_epoch': per_epoch, 'rnn_batches_timed': timed,
                      'torch': torch.__version__, 'threads': torch.get_num_threads(),
                      'blas_threads': os.environ.get('OPENBLAS_NUM_THREADS', 'default'), 'blas': blas_in_use()}))


if __name__ == '__main__':
    main()
