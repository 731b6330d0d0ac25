// Where EMAMI21 Table 1's time goes on a recording: one variant in this process, a bounded step budget, under
// `node --cpu-prof`. Usage: npx tsx scripts/profile-table1.ts CSV [scale] [variant] [maxSteps]
import { readFileSync } from 'node:fs'
import { runTable1OnCsv } from '../src-main/bench/realdata'

const [csvPath, scale = 'paper', variant = '0', maxSteps = '300'] = process.argv.slice(2)
const r = await runTable1OnCsv(readFileSync(csvPath, 'utf8'), { scale: scale as 'paper' | 'quick', variant: Number(variant), stopping: { maxSteps: Number(maxSteps) } })
const m = r.metrics as Record<string, unknown>
console.log(JSON.stringify({ seconds: r.seconds, steps: r.steps, ridge: m.r2_ridge, rnn: m.r2_rnn, conv: m.r2_conv1d, phases: m.phase_seconds }))
