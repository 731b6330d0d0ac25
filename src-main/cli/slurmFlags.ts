/** The job-directory flags `export-slurm` and `find --slurm-out` share: --chunk, --partition, --account, --time. */
import { intOption, stringOption } from './command'

type OptionValues = Parameters<typeof stringOption>[0]

export function jobDirFlags(values: OptionValues, out: string): { out: string; chunk: number; slurm: { partition?: string; account?: string; time?: string } } {
  return {
    out,
    chunk: intOption(values, 'chunk', 1),
    slurm: {
      partition: stringOption(values, 'partition'),
      account: stringOption(values, 'account'),
      time: stringOption(values, 'time'),
    },
  }
}
