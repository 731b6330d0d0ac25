// The lab API's service table: every method is declared by one service, main implements every method of every
// service, and the one dispatcher calls a method on the service that declares it (after validating the request).
import { test, after } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { labMethods, labMethodService, labRequests, labServices, type LabHandlers } from '../../../../src-shared/api/lab'
import { dispatchLabCall } from '../../../../src-main/lab/dispatch'
import { LabService } from '../../../../src-main/lab/labService'
import { Scheduler } from '../../../../src-main/runner'
import { Store } from '../../../../src-main/store'

const dir = mkdtempSync(join(tmpdir(), 'impulse-lab-services-'))
after(() => rmSync(dir, { recursive: true, force: true }))

test('each method belongs to exactly one service, and the flat table holds them all', () => {
  const declared = Object.entries(labServices).flatMap(([service, requests]) => Object.keys(requests).map((method) => [method, service]))
  assert.equal(new Set(declared.map(([m]) => m)).size, declared.length, 'no method name is declared twice')
  assert.deepEqual(Object.fromEntries(declared), labMethodService)
  assert.deepEqual([...labMethods].sort(), Object.keys(labRequests).sort())
  for (const [method, service] of declared) assert.equal(labRequests[method as keyof typeof labRequests], (labServices as Record<string, Record<string, unknown>>)[service][method])
})

test('main implements every method of every service, and nothing else is reachable', async () => {
  const store = Store.open(join(dir, 'lab.db'))
  const scheduler = new Scheduler(store, { workers: 1, idleTimeoutMs: 500 })
  const service = new LabService(store, scheduler, { mode: 'browser', version: 'test' })
  try {
    for (const [name, requests] of Object.entries(labServices)) {
      const implementation = service[name as keyof LabHandlers] as unknown as Record<string, unknown>
      for (const method of Object.keys(requests)) assert.equal(typeof implementation[method], 'function', `${name}.${method}`)
    }
    // a method of the service object that the API does not declare cannot be called through dispatch
    await assert.rejects(dispatchLabCall(service, 'check', {}), /unknown method "check"/)
    await assert.rejects(dispatchLabCall(service, 'submit', {}), /unknown method "submit"/)
    assert.deepEqual(await dispatchLabCall(service, 'appInfo', {}), { version: 'test', mode: 'browser', dbPath: store.file, workers: 1 })
  } finally {
    service.dispose()
    await scheduler.dispose()
    store.close()
  }
})

test('dispatch validates a request and calls the method on the service that declares it', async () => {
  const calls: Array<{ service: string; method: string; request: unknown }> = []
  const recording = Object.fromEntries(
    Object.entries(labServices).map(([service, requests]) => [
      service,
      Object.fromEntries(Object.keys(requests).map((method) => [method, async (request: unknown) => calls.push({ service, method, request })])),
    ]),
  ) as unknown as LabHandlers
  // every method whose request may be empty, with its defaults filled in
  const empty = labMethods.filter((m) => labRequests[m].safeParse({}).success)
  assert.ok(empty.length >= 10, `${empty.length} methods take an empty request`)
  for (const method of empty) await dispatchLabCall(recording, method, {})
  assert.deepEqual(calls.map((c) => `${c.service}.${c.method}`), empty.map((m) => `${labMethodService[m]}.${m}`))
  assert.deepEqual(calls.find((c) => c.method === 'listRuns')!.request, { query: '', columns: [], trash: false, offset: 0, limit: 100 })
  await assert.rejects(dispatchLabCall(recording, 'getRun', {}), /getRun: runId: /)
  assert.equal(calls.length, empty.length, 'a request that fails its schema reaches no service')
})
