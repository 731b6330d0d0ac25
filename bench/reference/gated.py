"""PyTorch reference for the GRU/LSTM training-step benchmark (src-main/bench/gated.ts).

torch.nn.GRU / nn.LSTM (batch_first) + nn.Linear readout, MSE on the last step, Adam lr 1e-3, batch 100 drawn
from a fixed set of 1,000 Gaussian sequences, in float64 (the app's default) and float32 (student.precision). Steps/s is the median over repeats.
OpenBLAS reads its thread count when torch loads it, so the script re-runs itself once per setting — torch threads
(torch.set_num_threads) 2 with OPENBLAS_NUM_THREADS 1 and 2, and both at 1 — and reports each and the fastest per
case (a fair reference is the fastest configuration a user would pick). Not part of the app.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from blas_setup import blas_in_use  # noqa: E402

CONFIGS = [(kind, d, k, dtype) for d, k in ((100, 60), (30, 5)) for kind in ('gru', 'lstm') for dtype in ('float64', 'float32')]
BATCH, TRAIN_SIZE = 100, 1000


def measure(kind, width, length, dtype_name, repeats, seconds):
    import torch
    torch.manual_seed(0)
    dtype = getattr(torch, dtype_name)
    cell = (torch.nn.GRU if kind == 'gru' else torch.nn.LSTM)(1, width, batch_first=True).to(dtype)
    readout = torch.nn.Linear(width, 1).to(dtype)
    params = list(cell.parameters()) + list(readout.parameters())
    opt = torch.optim.Adam(params, lr=1e-3, betas=(0.9, 0.999))
    x_all = torch.randn(TRAIN_SIZE, length, 1, dtype=dtype)
    y_all = torch.randn(TRAIN_SIZE, 1, dtype=dtype)
    loss_fn = torch.nn.MSELoss()
    cursor = [TRAIN_SIZE]
    order = [torch.arange(TRAIN_SIZE)]

    def step():
        if cursor[0] + BATCH > TRAIN_SIZE:
            order[0] = torch.randperm(TRAIN_SIZE)
            cursor[0] = 0
        idx = order[0][cursor[0]:cursor[0] + BATCH]
        cursor[0] += BATCH
        out, _ = cell(x_all[idx])
        loss = loss_fn(readout(out[:, -1, :]), y_all[idx])
        opt.zero_grad()
        loss.backward()
        opt.step()

    step()
    n = 1
    while True:  # steps per repeat: about `seconds` of work
        t = time.perf_counter()
        for _ in range(n):
            step()
        if time.perf_counter() - t > seconds / 4 or n > 100_000:
            break
        n *= 2
    rates = []
    for _ in range(repeats):
        t = time.perf_counter()
        for _ in range(n):
            step()
        rates.append(n / (time.perf_counter() - t))
    return statistics.median(rates)


def worker(args):
    import torch
    torch.set_num_threads(args.threads)
    torch.ones(8, 8, dtype=torch.float64) @ torch.ones(8, 8, dtype=torch.float64)
    result = {f'{k} d={d} k={L} {t}': measure(k, d, L, t, args.repeats, args.seconds) for k, d, L, t in CONFIGS}
    print(json.dumps({'steps_per_s': result, 'torch': torch.__version__, 'threads': torch.get_num_threads(),
                      'blas': blas_in_use(), 'openblas_num_threads': os.environ.get('OPENBLAS_NUM_THREADS')}))


def main():
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument('--threads', type=int, default=2, help='torch.set_num_threads')
    p.add_argument('--repeats', type=int, default=5)
    p.add_argument('--seconds', type=float, default=1.0, help='work per repeat')
    p.add_argument('--worker', action='store_true', help='measure with the OPENBLAS_NUM_THREADS already set')
    args = p.parse_args()
    if args.worker:
        worker(args)
        return
    runs = {}
    for torch_threads, blas_threads in ((args.threads, 1), (args.threads, 2), (1, 1)):
        env = dict(os.environ, OPENBLAS_NUM_THREADS=str(blas_threads))
        cmd = [sys.executable, __file__, '--worker', '--threads', str(torch_threads), '--repeats', str(args.repeats),
               '--seconds', str(args.seconds)]
        out = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True)
        runs[f'torch {torch_threads} / openblas {blas_threads}'] = json.loads(out.stdout.strip().splitlines()[-1])
    first = next(iter(runs.values()))
    best = {}
    for name in first['steps_per_s']:
        setting = max(runs, key=lambda r: runs[r]['steps_per_s'][name])
        best[name] = {'steps_per_s': runs[setting]['steps_per_s'][name], 'setting': setting}
    print(json.dumps({'best': best, 'by_setting': {r: out['steps_per_s'] for r, out in runs.items()},
                      'torch': first['torch'], 'blas': first['blas']}))


if __name__ == '__main__':
    main()
