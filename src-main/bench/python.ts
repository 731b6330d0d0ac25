/**
 * Running a PyTorch reference script (bench/reference/*.py) with /usr/bin/python3 when it has torch (Debian's
 * python3-torch; the `python3` first on PATH is another interpreter). Reference only, never an app dependency.
 */
import { spawn, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { dirname } from 'node:path'
import { fileURLToPath } from 'node:url'

const PYTHON = '/usr/bin/python3'

interface TorchInfo {
  version: string
  /** The BLAS library torch loaded (read from /proc/self/maps after a matmul), else what torch was built with. */
  blas: string
  threads: number
}

export type ReferenceResult = { ok: true; output: Record<string, unknown>; blas: string; wallMs: number } | { ok: false; reason: string }

/** argv[1] = bench/reference: its blas_setup.py is the one BLAS detection the references and this probe share. */
const PROBE = `
import json, sys
sys.path.insert(0, sys.argv[1])
import torch
from blas_setup import blas_in_use
torch.set_num_threads(2)
torch.ones(64, 64, dtype=torch.float64) @ torch.ones(64, 64, dtype=torch.float64)
blas = blas_in_use()
if blas in ('none found', 'unknown'):
    blas = next((l.strip() for l in torch.__config__.show().splitlines() if 'BLAS' in l.upper()), 'unknown')
print(json.dumps({'version': torch.__version__, 'blas': blas, 'threads': torch.get_num_threads()}))
`
const REFERENCE_DIR = fileURLToPath(new URL('../../bench/reference', import.meta.url))

let probed: TorchInfo | string | undefined

/** torch's version and BLAS, or the reason there is no usable torch (cached for the process). */
function torchInfo(): TorchInfo | string {
  if (probed !== undefined) return probed
  if (!existsSync(PYTHON)) return (probed = `${PYTHON} not found`)
  const result = spawnSync(PYTHON, ['-c', PROBE, REFERENCE_DIR], { encoding: 'utf8', timeout: 60_000 })
  if (result.status !== 0) {
    const last = (result.stderr || '').trim().split('\n').pop() ?? ''
    probed = `no torch for ${PYTHON} (${last || `exit ${result.status}`}); install it with: apt-get install -y python3-torch`
  } else probed = JSON.parse(result.stdout.trim().split('\n').pop()!) as TorchInfo
  return probed
}

/**
 * Run `script` with `args` (cwd = the script's folder, 2 BLAS threads as the app's 2 workers) and parse the last
 * stdout line as JSON. Skips with a reason when torch is missing; fails with the script's last stderr line.
 */
export function runPythonReference(script: string, args: string[] = [], timeoutMs = 30 * 60_000): Promise<ReferenceResult> {
  const info = torchInfo()
  if (typeof info === 'string') return Promise.resolve({ ok: false, reason: info })
  return new Promise((resolve) => {
    const started = performance.now()
    const child = spawn(PYTHON, [script, ...args], {
      cwd: dirname(script),
      env: { ...process.env, OMP_NUM_THREADS: '2', OPENBLAS_NUM_THREADS: '2', MKL_NUM_THREADS: '2' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      const wallMs = performance.now() - started
      if (code !== 0) {
        const last = stderr.trim().split('\n').pop() ?? ''
        resolve({ ok: false, reason: `${script}: ${signal ? `killed by ${signal}` : `exit ${code}`}${last ? `: ${last}` : ''}` })
        return
      }
      try {
        const output = JSON.parse(stdout.trim().split('\n').pop() ?? '') as Record<string, unknown>
        resolve({ ok: true, output, blas: typeof output.blas === 'string' ? output.blas : info.blas, wallMs })
      } catch {
        resolve({ ok: false, reason: `${script}: the last line of its output is not JSON` })
      }
    })
  })
}
