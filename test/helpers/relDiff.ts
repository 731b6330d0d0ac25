import assert from 'node:assert/strict'

/** Worst |x − y| over max |y| (the arrays' largest entry sets the scale), for comparing two paths to rounding. */
export function relDiff(x: ArrayLike<number>, y: ArrayLike<number>): number {
  assert.equal(x.length, y.length)
  let scale = 1e-300
  let worst = 0
  for (let i = 0; i < y.length; i++) scale = Math.max(scale, Math.abs(y[i]))
  for (let i = 0; i < y.length; i++) worst = Math.max(worst, Math.abs(x[i] - y[i]))
  return worst / scale
}
