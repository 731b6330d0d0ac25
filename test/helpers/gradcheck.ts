/**
 * Central-difference gradient check over one flat parameter buffer with named views.
 * Reports the worst relative error per tensor: |g - g_fd| / max(|g|, |g_fd|, floor).
 */

export interface TensorView {
  name: string
  offset: number
  length: number
}

export interface GradcheckReport {
  /** Worst relative error per tensor name. */
  perTensor: Record<string, number>
  worst: number
}

/**
 * loss(params) must be a pure function of the buffer; grad is the analytic gradient at `params`.
 * h: step for central differences (float64: 1e-6 is a good default for O(1) parameters).
 * floor: absolute scale below which a difference counts as zero (avoids 0/0 on vanishing entries).
 */
export function gradcheck(
  loss: (params: Float64Array) => number,
  params: Float64Array,
  grad: Readonly<Float64Array>,
  tensors: TensorView[],
  { h = 1e-6, floor = 1e-7 } = {},
): GradcheckReport {
  const perTensor: Record<string, number> = {}
  let worst = 0
  const p = Float64Array.from(params)
  for (const t of tensors) {
    let tensorWorst = 0
    for (let i = t.offset; i < t.offset + t.length; i++) {
      const saved = p[i]
      p[i] = saved + h
      const up = loss(p)
      p[i] = saved - h
      const down = loss(p)
      p[i] = saved
      const fd = (up - down) / (2 * h)
      const rel = Math.abs(grad[i] - fd) / Math.max(Math.abs(grad[i]), Math.abs(fd), floor)
      if (rel > tensorWorst) tensorWorst = rel
    }
    perTensor[t.name] = tensorWorst
    if (tensorWorst > worst) worst = tensorWorst
  }
  return { perTensor, worst }
}
