// Views' state in the URL: a round trip, defaults left out, saved views under short ids, the last state per view.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { COMPARE_DEFAULTS, compareFromParams, compareToParams, runsFromParams, runsToParams, toQuery } from '../../../src-renderer/util/viewState'
import { findSavedView, lastViewQuery, listSavedViews, rememberViewQuery, saveView } from '../../../src-renderer/util/savedViews'

function memory() {
  const map = new Map<string, string>()
  return { getItem: (k: string) => map.get(k) ?? null, setItem: (k: string, v: string) => void map.set(k, v) }
}

test('compare state round-trips through URL parameters; the defaults add nothing', () => {
  const state = { ...COMPARE_DEFAULTS, sweepId: 's12', groupBy: 'data.length', splitBy: 'teacher.eigMax', metrics: ['extrapolation_error', 'zero_error'], curve: 'grad_norm', xAxis: 'epoch', smoothing: 0.6, band: 'median-range' as const, logY: false, heat: { x: 'data.length', y: 'seed', metric: 'final_loss' } }
  const params = compareToParams(state)
  assert.deepEqual(compareFromParams(params), state)
  assert.deepEqual(compareToParams(COMPARE_DEFAULTS), {})
  assert.equal(toQuery({ sweep: 's1', x: 'data.length' }), toQuery({ x: 'data.length', sweep: 's1' }), 'stable key order')
})

test('compare: a sweep wins over run ids; a smoothing outside [0, 1) falls back to raw', () => {
  assert.deepEqual(compareFromParams({ sweep: 's1', runs: 'r1,r2' }).runIds, [])
  assert.deepEqual(compareFromParams({ runs: 'r1,,r2' }).runIds, ['r1', 'r2'])
  assert.equal(compareFromParams({ runs: 'r1', smooth: '7' }).smoothing, 0)
})

test('runs state: query, descending sort and columns round-trip; no cols parameter leaves the columns alone', () => {
  const state = { sweepId: null, status: 'done', query: 'data.length >= 12 and tag:good', sort: { key: 'final_loss', dir: 'desc' as const }, columns: ['final_loss', 'data.length'], trash: false }
  const params = runsToParams(state)
  assert.equal(params.sort, '-final_loss')
  assert.deepEqual(runsFromParams(params), state)
  assert.equal('columns' in runsFromParams({ q: 'x' }), false)
})

test('saved views get short ids; saving the same state again keeps its id and takes the new name', () => {
  const storage = memory()
  const a = saveView(storage, 'compare', 'runs=r1,r2', 'two runs')
  const b = saveView(storage, 'runs', 'q=tag:good')
  assert.deepEqual([a.id, b.id], ['v1', 'v2'])
  assert.equal(saveView(storage, 'compare', 'runs=r1,r2', 'renamed').id, 'v1')
  assert.equal(findSavedView(storage, 'v1')?.name, 'renamed')
  assert.equal(listSavedViews(storage).length, 2)
  assert.equal(findSavedView(storage, 'v9'), undefined)
})

test('the last state is kept per view', () => {
  const storage = memory()
  rememberViewQuery(storage, 'runs', 'q=a')
  rememberViewQuery(storage, 'compare', 'sweep=s1')
  assert.deepEqual([lastViewQuery(storage, 'runs'), lastViewQuery(storage, 'compare'), lastViewQuery(storage, 'run')], ['q=a', 'sweep=s1', null])
})
