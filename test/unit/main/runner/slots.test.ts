// The scheduler's slot checks: threads a pass may use, workers silent past the timeout, runs cancelled elsewhere.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { newSlot, runsCancelledElsewhere, silentSlots, threadsPerRun } from '../../../../src-main/runner/slots'
import type { WorkerTransport } from '../../../../src-main/runner/transport'
import type { Store } from '../../../../src-main/store/store'

const worker = (pid: number) => ({ pid }) as unknown as WorkerTransport

test('threadsPerRun: a lone pass takes every core, a full sweep one each', () => {
  assert.equal(threadsPerRun(2, 2, 0, 0), 2)
  assert.equal(threadsPerRun(2, 2, 0, 5), 1)
  assert.equal(threadsPerRun(2, 2, 1, 0), 2)
  assert.equal(threadsPerRun(8, 2, 1, 3), 4)
})

test('silentSlots names the workers silent past the timeout, not those stopping', () => {
  const quiet = newSlot(worker(11))
  const talking = newSlot(worker(12))
  const stopping = newSlot(worker(13))
  quiet.lastHeard = 0
  talking.lastHeard = 9_000
  stopping.lastHeard = 0
  stopping.stopping = true
  const found = silentSlots([quiet, talking, stopping], 5_000, 10_000)
  assert.deepEqual(found.map((f) => f.slot), [quiet])
  assert.equal(found[0].reason, 'worker 11 sent nothing for 10.0 s (hung or stopped; the limit is 5 s): killed')
})

test('runsCancelledElsewhere: runs of a batch the store no longer has running; lone runs are left to their worker\'s kill', () => {
  const status = new Map([['a', 'running'], ['b', 'cancelled'], ['c', 'running'], ['lone', 'cancelled']])
  const store = { getRun: (id: string) => ({ status: status.get(id) }) } as unknown as Store
  const batch = newSlot(worker(21))
  batch.runs = new Map([['a', 's'], ['b', 's'], ['c', 's']])
  const lone = newSlot(worker(22))
  lone.runs = new Map([['lone', 's']])
  assert.deepEqual(runsCancelledElsewhere([batch, lone], store), [{ slot: batch, runId: 'b', sweepId: 's' }])
})
