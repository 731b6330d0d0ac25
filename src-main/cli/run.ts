/** `impulse-lab run <preset-id | spec.json>`: expand the sweep, train every run on worker processes, print the results. */
import { availableParallelism } from 'node:os'
import { findPreset } from '../../src-shared/presets/index'
import { validSweep } from '../../src-shared/spec/sweep'
import { runMemoryLimit } from '../runner/memoryLimit'
import { type Command, dbOption, intOption, jsonOption, openStoreFor, requirePositional, stringOption, UsageError } from './command'
import { executeSweep } from './execute'
import { loadSweepInput } from './sweepInput'

const usage = 'impulse-lab run <preset-id | spec.json> [--scale quick|lab|paper] [--set path=value]... [--workers N] [--db FILE] [--json]'

export const runCommand: Command = {
  name: 'run',
  summary: 'run a preset or a spec file (experiment or sweep) and store the results',
  usage,
  options: {
    scale: { type: 'string' },
    set: { type: 'string', multiple: true },
    workers: { type: 'string' },
    ...dbOption,
    ...jsonOption,
  },
  async run(args, io) {
    const target = requirePositional(args, 'a preset id or spec file', usage)
    const input = loadSweepInput(target, {
      scale: stringOption(args.values, 'scale'),
      set: (args.values.set as string[] | undefined) ?? [],
    })
    // Validate every run (fields, sizes, memory) before touching the database: a bad spec names its field and creates nothing.
    const checked = validSweep(input.sweep, { where: target, ...runMemoryLimit() })
    const planned = checked.runs
    if (input.preset && findPreset(input.preset)?.needsDataset && planned.some((run) => run.spec.data.dataset === undefined)) {
      throw new UsageError(`preset ${input.preset} trains on recorded data: add --set data.dataset=<dataset id, name or CSV path>`)
    }
    const workers = Math.min(intOption(args.values, 'workers', availableParallelism()), planned.length)
    const store = openStoreFor(args.values)
    try {
      io.stderr(`${planned.length} run${planned.length === 1 ? '' : 's'} on ${workers} worker${workers === 1 ? '' : 's'}, db ${store.file}\n`)
      return await executeSweep({
        store,
        workers,
        json: args.values.json === true,
        io,
        start: (scheduler) => scheduler.submit({ sweep: checked, preset: input.preset, scale: input.scale }),
      })
    } finally {
      store.close()
    }
  },
}
