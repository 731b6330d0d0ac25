"""BLAS set-up shared by the PyTorch references in this folder: `--blas-threads` before torch loads OpenBLAS, and
which BLAS library torch actually loaded. Not part of the app.
"""
import os
import sys


def apply_blas_threads(argv=None):
    """OpenBLAS reads its thread count when torch loads it, so call this before `import torch`."""
    argv = sys.argv if argv is None else argv
    if '--blas-threads' in argv:
        os.environ['OPENBLAS_NUM_THREADS'] = argv[argv.index('--blas-threads') + 1]


def blas_in_use():
    """The BLAS library torch actually loaded (Debian switches libblas.so.3 through alternatives)."""
    try:
        with open('/proc/self/maps') as f:
            libs = {line.split()[-1] for line in f if 'blas' in line.lower() and '/' in line}
        return ', '.join(sorted({os.path.realpath(p) for p in libs})) or 'none found'
    except OSError:
        return 'unknown'
