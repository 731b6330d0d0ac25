/**
 * Initialisers for the linear student (student.init): Gaussian, Xavier/Glorot normal, PyTorch's default uniform,
 * EMAMI21 variances, A_0 = αI, symmetric (A = Aᵀ, B = Cᵀ) and balanced (B = Cᵀ tied) starts.
 */
import type { InitSpec } from '../spec/student'
import type { LinearDims, LinearParams } from './linearRnn'
import type { Rng } from './prng'

type Draw = (rng: Rng) => number

function gaussian(std: number): Draw {
  return (rng) => std * rng.normal()
}

function uniform(bound: number): Draw {
  return (rng) => rng.uniformIn(-bound, bound)
}

/**
 * The distribution of each matrix. gaussian: N(0, scale²). xavier: Glorot normal, std √(2/(fan_in + fan_out)), times
 * `scale` (A is d×d, B has fan_in n_x and fan_out d, C fan_in d and fan_out n_y, as PyTorch's weight shapes).
 * pytorch-default: U(±1/√d) for all three (nn.RNN and an nn.Linear readout on d features); `scale` is not applied.
 * emami21: W ~ N(0, ν_W), F ~ N(0, ν_F), C ~ N(0, ν_C) (ν are variances; the n^{-1/2} is student.widthScaling).
 * scaleA/B/C multiply on top of all of these.
 */
function distributions(init: InitSpec, dims: LinearDims): { A: Draw; B: Draw; C: Draw } {
  const { width: d, inputs: nx, outputs: ny } = dims
  const ma = init.scaleA ?? 1
  const mb = init.scaleB ?? 1
  const mc = init.scaleC ?? 1
  switch (init.kind) {
    case 'gaussian':
      return { A: gaussian(init.scale * ma), B: gaussian(init.scale * mb), C: gaussian(init.scale * mc) }
    case 'xavier':
      return {
        A: gaussian(init.scale * ma * Math.sqrt(1 / d)),
        B: gaussian(init.scale * mb * Math.sqrt(2 / (nx + d))),
        C: gaussian(init.scale * mc * Math.sqrt(2 / (d + ny))),
      }
    case 'pytorch-default': {
      const bound = 1 / Math.sqrt(d)
      return { A: uniform(bound * ma), B: uniform(bound * mb), C: uniform(bound * mc) }
    }
    case 'emami21':
      return {
        A: gaussian(Math.sqrt(init.nuW) * ma),
        B: gaussian(Math.sqrt(init.nuF) * mb),
        C: gaussian(Math.sqrt(init.nuC) * mc),
      }
  }
}

/**
 * Fill the parameters. Draw order is fixed (α or A, then B, then C) so a seed gives one init.
 * symmetric: A = (M + Mᵀ)/2 for a drawn M, and C = Bᵀ (needs n_x = n_y); a diagonal A is symmetric already.
 * alpha: A_0 = αI (AISTATS22 Fig. 4), α ~ U[0, 1] when 'uniform', replacing the random A.
 */
export function initLinearStudent(p: LinearParams, dims: LinearDims, init: InitSpec, rng: Rng): void {
  const { width: d, inputs: nx, outputs: ny } = dims
  const draw = distributions(init, dims)
  const diagonal = dims.parameterization === 'diagonal'
  if (init.alpha !== undefined) {
    const alpha = init.alpha === 'uniform' ? rng.uniform() : init.alpha
    p.A.fill(0)
    for (let i = 0; i < d; i++) p.A[diagonal ? i : i * d + i] = alpha
  } else {
    for (let i = 0; i < p.A.length; i++) p.A[i] = draw.A(rng)
    if (init.symmetric && !diagonal) {
      for (let i = 0; i < d; i++) {
        for (let j = i + 1; j < d; j++) {
          const s = 0.5 * (p.A[i * d + j] + p.A[j * d + i])
          p.A[i * d + j] = s
          p.A[j * d + i] = s
        }
      }
    }
  }
  for (let i = 0; i < p.B.length; i++) p.B[i] = draw.B(rng)
  if (dims.balanced) return
  if (init.symmetric) {
    if (nx !== ny) throw new Error(`student.init.symmetric: C = Bᵀ needs n_x = n_y (got ${nx} and ${ny})`)
    for (let o = 0; o < ny; o++) for (let s = 0; s < d; s++) p.C[o * d + s] = p.B[s * nx + o]
    return
  }
  for (let i = 0; i < p.C.length; i++) p.C[i] = draw.C(rng)
}
