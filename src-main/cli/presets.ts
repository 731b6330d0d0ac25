/** `impulse-lab presets`: the presets this build offers (id, title, paper, what it sweeps). */
import { presets } from '../../src-shared/presets/index'
import { type Command, jsonOption, writeJson } from './command'
import { formatTable } from './table'

export const presetsCommand: Command = {
  name: 'presets',
  summary: 'list presets: id, title, paper, what it sweeps',
  usage: 'impulse-lab presets [--json]',
  options: { ...jsonOption },
  async run(args, io) {
    const list = presets.map((p) => ({
      id: p.id,
      title: p.title,
      paper: p.paper,
      sweeps: p.sweeps,
      description: p.description,
      expected: p.expected,
      needsDataset: p.needsDataset ?? false,
    }))
    if (args.values.json) writeJson(io, list)
    else if (list.length === 0) io.stdout('no presets in this build\n')
    else io.stdout(formatTable(['id', 'paper', 'title', 'sweeps'], list.map((p) => [p.id, p.paper, p.title, p.sweeps])))
    return 0
  },
}
