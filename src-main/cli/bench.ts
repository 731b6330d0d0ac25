/** `impulse-lab bench`: training throughput per model family, with PyTorch ratios where a reference exists. */
import { benchCases, formatFigure, runBench } from '../bench/index'
import { type Command, jsonOption, writeJson } from './command'
import { formatTable } from './table'

export const benchCommand: Command = {
  name: 'bench',
  summary: 'benchmark training steps per second (and against PyTorch where a reference exists)',
  usage: `impulse-lab bench [--case NAME]... [--only PRESET,PRESET] [--json]   (cases: ${benchCases.map((c) => c.name).join(', ')})`,
  options: { case: { type: 'string', multiple: true }, only: { type: 'string' }, ...jsonOption },
  async run(args, io) {
    // --only picks the presets of --case paper-all (the case reads it from the environment, as a Slurm task would)
    if (typeof args.values.only === 'string') process.env.IMPULSE_LAB_BENCH_ONLY = args.values.only
    const report = await runBench((args.values.case as string[] | undefined) ?? [], (name) => io.stderr(`bench: ${name} ...\n`))
    if (args.values.json) writeJson(io, report)
    else {
      io.stdout(
        formatTable(
          ['case', 'measure', 'value', 'unit', 'pytorch', 'speedup', 'GFLOP/s', 'peak', 'RSS MB', 'note'],
          report.rows.map((r) => [r.case, r.name, formatFigure(r.value), r.unit, formatFigure(r.reference), r.speedup ? `${formatFigure(r.speedup)}x` : '',
            formatFigure(r.gflops), formatFigure(r.peakGflops), formatFigure(r.rssMb), r.note ?? '']),
        ),
      )
    }
    for (const error of report.errors) io.stderr(`bench ${error.case} failed: ${error.message}\n`)
    return report.errors.length > 0 ? 1 : 0
  },
}
