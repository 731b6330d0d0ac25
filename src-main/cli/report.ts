/** `impulse-lab report`: the reproduction report of the store as one self-contained HTML file. */
import { writeFileSync } from 'node:fs'
import { findPreset } from '../../src-shared/presets'
import { codeVersion } from '../runner'
import { buildReproduction } from '../report/reproduction'
import { reportHtml } from '../report/html'
import { type Command, dbOption, openStoreFor, stringOption, UsageError } from './command'
import { parseScale } from './sweepInput'

const usage = 'impulse-lab report [--scale quick|lab|paper] [--preset ID ...] [--db FILE] --out report.html'

export const reportCommand: Command = {
  name: 'report',
  summary: 'write the reproduction report (verdict per preset, claims, figures) as one HTML file',
  usage,
  options: { scale: { type: 'string' }, preset: { type: 'string', multiple: true }, out: { type: 'string' }, ...dbOption },
  async run(args, io) {
    const scale = parseScale(stringOption(args.values, 'scale'))
    const out = stringOption(args.values, 'out')
    if (!out) throw new UsageError(`--out: give the HTML file to write\nusage: ${usage}`)
    const ids = (args.values.preset as string[] | undefined) ?? []
    for (const id of ids) if (!findPreset(id)) throw new UsageError(`--preset: no preset "${id}" (impulse-lab presets lists them)`)
    const store = openStoreFor(args.values)
    try {
      const reproduction = buildReproduction(store, scale, ids)
      writeFileSync(out, reportHtml(reproduction, { generatedAt: new Date().toISOString(), codeVersion: codeVersion(), dbPath: store.file }))
      const cards = reproduction.papers.flatMap((p) => p.cards)
      const counts = new Map<string, number>()
      for (const c of cards) counts.set(c.verdict, (counts.get(c.verdict) ?? 0) + 1)
      io.stderr(`wrote ${out}: ${cards.length} presets (${[...counts].map(([v, n]) => `${n} ${v}`).join(', ')})\n`)
      return 0
    } finally {
      store.close()
    }
  },
}
