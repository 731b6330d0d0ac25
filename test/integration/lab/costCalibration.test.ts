// The cost model's machine rates: measured once, kept beside the store, so estimates hold still between starts.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { machineRates, measureRates } from '../../../src-main/lab/costCalibration'
import { KERNEL_FAMILIES, fitRate, runWork, workSeconds, type MachineRates } from '../../../src-shared/analysis/costModel'
import { parseExperimentSpec } from '../../../src-shared/spec/experiment'

const fake = (x: number) => Object.fromEntries(KERNEL_FAMILIES.map((f) => [f, { secondsPerPass: x, secondsPerFlop: x / 1e6, setupSeconds: x, coldSeconds: x }])) as MachineRates

test('rates are measured at first use, stored, and read back instead of measured again', () => {
  for (const variant of ['fresh', 'damaged'] as const) {
    const dir = mkdtempSync(join(tmpdir(), 'impulse-rates-'))
    try {
      if (variant === 'damaged') writeFileSync(join(dir, 'cost-rates.json'), '{not json')
      let calls = 0
      const first = machineRates(dir, () => (calls++, fake(1e-5)))
      assert.equal(calls, 1)
      assert.deepEqual(first.rates, fake(1e-5))
      assert.ok(first.load >= 0)
      assert.equal(JSON.parse(readFileSync(join(dir, 'cost-rates.json'), 'utf8')).rates.gated.secondsPerPass, 1e-5)
      const again = machineRates(dir, () => (calls++, fake(9)))
      assert.equal(calls, 1)
      assert.deepEqual(again, first)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }
})

test('a fitted line passes through both probe points, never with a negative part', () => {
  const r = fitRate({ flops: 1000, seconds: 2e-6 }, { flops: 11_000, seconds: 12e-6 })
  assert.ok(Math.abs(r.secondsPerFlop - 1e-9) < 1e-15 && Math.abs(r.secondsPerPass - 1e-6) < 1e-12)
  const flat = fitRate({ flops: 1000, seconds: 3e-6 }, { flops: 11_000, seconds: 2e-6 })
  assert.deepEqual(flat, { secondsPerPass: 3e-6, secondsPerFlop: 0 })
  const steep = fitRate({ flops: 1000, seconds: 1e-9 }, { flops: 11_000, seconds: 1e-6 })
  assert.equal(steep.secondsPerPass, 0)
  assert.ok(steep.secondsPerFlop > 0)
})

// Whether a second measurement moves an estimate is a timing question: the estimates bench answers it, not CI.
test('the micro-benchmark prices every family', () => {
  const first = measureRates()
  for (const f of KERNEL_FAMILIES) {
    assert.ok(first[f].secondsPerPass > 0 || first[f].secondsPerFlop > 0, f)
    assert.ok(first[f].setupSeconds >= 0 && first[f].coldSeconds >= 0, f)
  }
  const spec = parseExperimentSpec({ student: { kind: 'linear', width: 20 }, data: { loss: 'empirical', length: 5 }, stopping: { maxSteps: 300 } })
  const modelled = workSeconds(runWork(spec), first)
  assert.ok(modelled > 0.001 && modelled < 60, `${modelled}`)
})
