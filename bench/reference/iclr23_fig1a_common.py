"""Shared pieces of the ICLR23 Fig. 1a PyTorch references: the run list, the teacher, metrics, the report
(BLAS set-up from blas_setup.py).

Not part of the app: the benchmark (src-main/bench/iclr23.ts) runs these with /usr/bin/python3 when torch is there.
"""
import argparse
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from blas_setup import apply_blas_threads, blas_in_use  # noqa: E402

apply_blas_threads()  # --blas-threads must act before `import torch`
import torch  # noqa: E402

WIDTH = 40          # student state dimension d
TEACHER_DIM = 5     # d̂
HORIZON = 120       # extrapolation error over k <= j < 120 (ICLR23 App. B.3)
INIT_SCALE = 1e-3   # near-zero student init, std
LR, BETA1, BETA2, EPS = 1e-3, 0.9, 0.999, 1e-8
DTYPE = torch.float64


def parse_args(description):
    p = argparse.ArgumentParser(description=description)
    p.add_argument('--steps', type=int, default=15_000, help='Adam steps per run (paper: 15,000)')
    p.add_argument('--k-min', type=int, default=2)
    p.add_argument('--k-max', type=int, default=30)
    p.add_argument('--seeds', type=int, default=3)
    p.add_argument('--subset', type=int, default=0,
                   help='run only this many runs spread evenly over the sweep (0 = all)')
    p.add_argument('--threads', type=int, default=2, help='torch.set_num_threads')
    p.add_argument('--blas-threads', type=int, default=None, help='OPENBLAS_NUM_THREADS (1 is fastest for small ops)')
    p.add_argument('--runs', default=None,
                   help='JSON file [{"k": ..., "eig": [...], "b": [...]}, ...]: the very runs and teachers of the app\'s '
                        'sweep (both teacher arms); replaces --k-min, --k-max, --seeds and --ks')
    p.add_argument('--ks', default=None, help='comma-separated k values instead of k-min..k-max')
    args = p.parse_args()
    if args.runs:
        with open(args.runs) as f:
            _RUNS.extend(json.load(f))
    return args


# The app's runs when --runs is given: run i trains on _RUNS[i]'s teacher from the student init of seed i.
_RUNS = []


def run_list(args):
    """(k, key) for every run of the sweep in the app's order; key picks the teacher and the student init."""
    if _RUNS:
        return [(int(r['k']), i) for i, r in enumerate(_RUNS)]
    ks = [int(k) for k in args.ks.split(',')] if args.ks else range(args.k_min, args.k_max + 1)
    return [(k, s) for k in ks for s in range(args.seeds)]


def pick_subset(runs, n):
    if n <= 0 or n >= len(runs):
        return runs
    return [runs[round(i * (len(runs) - 1) / (n - 1))] for i in range(n)] if n > 1 else [runs[len(runs) // 2]]


def teacher(seed):
    """ICLR23 App. B.2.1: eigenvalues U[0.6, 1.05], B = C^T ~ N(0.5, 1) scaled so that CB = 1."""
    if _RUNS:
        t = _RUNS[seed]
        return torch.tensor(t['eig'], dtype=DTYPE), torch.tensor(t['b'], dtype=DTYPE)
    g = torch.Generator().manual_seed(1000 + seed)
    eig = 0.6 + 0.45 * torch.rand(TEACHER_DIM, generator=g, dtype=DTYPE)
    b = 0.5 + torch.randn(TEACHER_DIM, generator=g, dtype=DTYPE)
    b = b / torch.sqrt((b * b).sum())
    return eig, b


def teacher_impulse(eig, b, horizon=HORIZON):
    j = torch.arange(horizon, dtype=DTYPE)
    return ((b * b).unsqueeze(0) * eig.unsqueeze(0) ** j.unsqueeze(1)).sum(1)


def student_init(seed):
    g = torch.Generator().manual_seed(seed)
    return INIT_SCALE * torch.randn(WIDTH, generator=g, dtype=DTYPE), INIT_SCALE * torch.randn(WIDTH, generator=g, dtype=DTYPE)


def report(name, args, runs, wall, errors, run_seconds=None):
    """One JSON line: wall time, configuration, and mean extrapolation error / mean zero error per k."""
    by_k = {}
    for (k, _seed), (err, zero) in zip(runs, errors):
        by_k.setdefault(k, []).append((err, zero))
    ratio = {k: sum(e for e, _ in v) / max(sum(z for _, z in v), 1e-300) for k, v in sorted(by_k.items())}
    print(json.dumps({
        'reference': name,
        'wall_s': wall,
        'runs': len(runs),
        'runs_in_sweep': len(run_list(args)),
        'ks': [k for k, _ in runs],
        'steps': args.steps,
        'torch': torch.__version__,
        'torch_threads': torch.get_num_threads(),
        'openblas_num_threads': os.environ.get('OPENBLAS_NUM_THREADS'),
        'blas': blas_in_use(),
        'ratio_of_means_by_k': ratio,
        'run_seconds': run_seconds,
    }))
