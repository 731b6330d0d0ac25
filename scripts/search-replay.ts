// A boundary search replayed offline against a stored full grid (`impulse-lab run <search preset>`): the grid's
// outcome table under the preset's predicate, then the search's rule over it — runs and k* per outer value beside
// the grid's, without training. Usage: npx tsx scripts/search-replay.ts DB [SWEEP_ID] [--table]
// (--table prints the outcome table as JSON: one string of 0/1 over the inner axis per outer value and seed).
import { loadSearchInput } from '../src-main/search/searchInput'
import { Store } from '../src-main/store/store'
import { parsePredicate, planSearch } from '../src-shared/search'
import { compareWithGrid, type OutcomeTable } from '../test/helpers/searchReplay'

const args = process.argv.slice(2)
const [db, sweepArg] = args.filter((a) => !a.startsWith('--'))
if (!db) throw new Error('usage: npx tsx scripts/search-replay.ts DB [SWEEP_ID] [--table]')
const store = Store.open(db, { recover: false })
try {
  const sweepId = sweepArg ?? 's1'
  const sweep = store.getSweep(sweepId)
  if (!sweep?.preset) throw new Error(`${db}: sweep ${sweepId} is not a preset's sweep`)
  const { input } = loadSearchInput(sweep.preset, { scale: sweep.scale ?? 'quick' })
  const plan = planSearch(input)
  const predicate = parsePredicate(plan.settings.until)
  const metrics = store.sweepMetrics(sweepId)
  const table: OutcomeTable = Array.from({ length: plan.shape.outerCount }, () => Array.from({ length: plan.shape.seedCount }, () => '?'.repeat(plan.shape.innerCount)))
  for (const run of store.sweepRuns(sweepId)) {
    if (run.status !== 'done') continue
    const o = plan.outer ? plan.outer.values.findIndex((v) => JSON.stringify(v) === JSON.stringify(run.params[plan.outer!.path])) : 0
    const i = plan.inner.values.indexOf(run.params[plan.inner.path] as number)
    const s = plan.seeds.indexOf(run.params.seed as number)
    if (o < 0 || i < 0 || s < 0) throw new Error(`run ${run.id}: params outside the preset's ${sweep.scale} grid (${JSON.stringify(run.params)})`)
    const row = table[o][s]
    table[o][s] = row.slice(0, i) + (predicate.holds(metrics.get(run.id) ?? {}) ? '1' : '0') + row.slice(i + 1)
  }
  if (args.includes('--table')) console.log(JSON.stringify(table))
  const { search, grid, runs, gridRuns, rounds } = compareWithGrid(table, plan.shape)
  const at = (k: number | null) => (k === null ? '—' : String(plan.inner.values[k]))
  for (const [o, p] of search.entries()) {
    const value = plan.outer ? JSON.stringify(plan.outer.values[o]) : '-'
    console.log(`${plan.outer?.path ?? 'outer'}=${value}: search k*=${at(p.kStar)} grid k*=${at(grid[o].kStar)}${p.kStar === grid[o].kStar ? '' : '  DIFFERENT'}  runs ${p.runs}`)
  }
  console.log(`${runs} of ${gridRuns} runs (${((100 * runs) / gridRuns).toFixed(1)}%) in ${rounds} rounds`)
} finally {
  store.close()
}
