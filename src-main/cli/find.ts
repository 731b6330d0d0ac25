/**
 * `impulse-lab find <preset | spec.json>`: the boundary search. For each outer value, the smallest inner value
 * (training length k by default) from which the predicate holds for every seed, by bisection in rounds; every probe
 * is an ordinary run of the search's sweep. `--resume SWEEP` continues a stopped or killed search.
 */
import { availableParallelism } from 'node:os'
import { planSearch } from '../../src-shared/search'
import { Scheduler } from '../runner/scheduler'
import { runMemoryLimit } from '../runner/memoryLimit'
import { createStoredSearch, driveSearch } from '../search/driveSearch'
import { loadSearchInput } from '../search/searchInput'
import { isSearch } from '../store/searches'
import { resolveSearchDatasets } from '../datasets/refs'
import { type Command, dbOption, intOption, jsonOption, openStoreFor, stringOption, UsageError, writeJson } from './command'
import { findRoundOnSlurm } from './findSlurm'
import { formatSearchTable, searchReport } from './findOutput'

const usage =
  "impulse-lab find <preset | spec.json> [--outer PATH=VALUES] [--inner PATH=LO..HI] [--until 'PREDICATE'] [--seeds 0,1,2] " +
  '[--direction up|down] [--scale quick|paper] [--set path=value]... [--workers N] [--db FILE] [--json] | find --resume SWEEP\n' +
  '       a round on Slurm: add --slurm-out DIR [--partition P] [--account A] [--time T] [--chunk N] [--submit]; then impulse-lab merge DIR and find --resume SWEEP'

export const findCommand: Command = {
  name: 'find',
  summary: 'search for the transition (critical k*) per outer value, by bisection over runs',
  usage,
  options: {
    outer: { type: 'string' },
    inner: { type: 'string' },
    until: { type: 'string' },
    seeds: { type: 'string' },
    direction: { type: 'string' },
    'per-round': { type: 'string' },
    scale: { type: 'string' },
    set: { type: 'string', multiple: true },
    workers: { type: 'string' },
    resume: { type: 'string' },
    'slurm-out': { type: 'string' },
    partition: { type: 'string' },
    account: { type: 'string' },
    time: { type: 'string' },
    chunk: { type: 'string' },
    submit: { type: 'boolean', default: false },
    ...dbOption,
    ...jsonOption,
  },
  async run(args, io) {
    const resume = stringOption(args.values, 'resume')
    const target = args.positionals[0]
    if (!resume && !target) throw new UsageError(`missing a preset id or spec file\nusage: ${usage}`)
    const memory = runMemoryLimit()
    let prepared: { input: ReturnType<typeof loadSearchInput>; gridRuns: number } | null = null
    if (!resume) {
      const input = loadSearchInput(target!, {
        scale: stringOption(args.values, 'scale'),
        set: (args.values.set as string[] | undefined) ?? [],
        outer: stringOption(args.values, 'outer'),
        inner: stringOption(args.values, 'inner'),
        until: stringOption(args.values, 'until'),
        seeds: stringOption(args.values, 'seeds'),
        direction: stringOption(args.values, 'direction'),
        perRound: args.values['per-round'] !== undefined ? intOption(args.values, 'per-round', 2) : undefined,
      })
      // Checked in full (axes, predicate, the grid's size and memory) before the database is touched.
      prepared = { input, gridRuns: planSearch(input.input, { ...memory, where: target }).grid.length }
    }
    const slurmOut = stringOption(args.values, 'slurm-out')
    if (slurmOut !== undefined) return findRoundOnSlurm(args, io, slurmOut, resume, prepared)
    const workers = intOption(args.values, 'workers', availableParallelism())
    const store = openStoreFor(args.values)
    const scheduler = new Scheduler(store, { workers })
    try {
      let sweepId = resume
      if (sweepId) {
        if (!isSearch(store, sweepId)) throw new UsageError(`"${sweepId}" is not a search in ${store.file} (impulse-lab runs lists sweeps)`)
      } else {
        sweepId = createStoredSearch(store, await resolveSearchDatasets(store, prepared!.input.input, 'import'), { preset: prepared!.input.preset, scale: prepared!.input.scale }, memory)
        io.stderr(`search ${sweepId}: at most ${prepared!.gridRuns} runs as a grid; ${workers} worker${workers === 1 ? '' : 's'}, db ${store.file}\n`)
      }
      const id = sweepId
      const onInterrupt = (): void => {
        io.stderr(`\ncancelling search ${id} (continue it with: impulse-lab find --resume ${id})\n`)
        scheduler.cancelSweep(id)
      }
      process.once('SIGINT', onInterrupt)
      let outcome
      try {
        outcome = await driveSearch(store, scheduler, id, {
          planOptions: memory,
          onRound: (e) => {
            if (e.probes > 0) io.stderr(`round ${e.round}: ${e.probes} probe${e.probes === 1 ? '' : 's'} (${e.state.runs} done so far)\n`)
          },
        })
      } finally {
        process.removeListener('SIGINT', onInterrupt)
      }
      const report = searchReport(store, id)
      if (args.values.json === true) writeJson(io, report)
      else io.stdout(formatSearchTable(report))
      if (outcome.status === 'done') return 0
      io.stderr(`impulse-lab: search ${id} stopped: ${outcome.state.reason ?? 'a probe did not finish'} (continue with: impulse-lab find --resume ${id})\n`)
      return 1
    } finally {
      await scheduler.dispose()
      store.close()
    }
  },
}
