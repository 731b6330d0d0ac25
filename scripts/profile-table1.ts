// Where EMAMI21 Table 1's time goes on a recording: one variant in this process, a bounded step budget, under
// `node --cpu-prof`. Usage: npx tsx scripts/profile-table1.ts CSV [scale] [variant] [maxSteps] [options JSON] [data JSON]
import { readFileSync } from 'node:fs'
import { runTable1OnCsv } from '../src-main/bench/realdata'

const [csvPath, scale = 'paper', variant = '0', maxSteps = '300', options = '{}', data = '{}'] = process.argv.slice(2)
const r = await runTable1OnCsv(readFileSync(csvPath, 'utf8'), { scale: scale as 'paper' | 'quick', variant: Number(variant), stopping: { maxSteps: Number(maxSteps) }, options: JSON.parse(options), data: JSON.parse(data) })
const m = r.metrics as Record<string, unknown>
console.log(JSON.stringify({ seconds: r.seconds, cpuSeconds: r.cpuSeconds, steps: r.steps, ridge: m.r2_ridge, rnn: m.r2_rnn, conv: m.r2_conv1d, lr: [m.lr_rnn, m.lr_conv1d], epochs: [m.epochs_rnn, m.epochs_conv1d], converged: [m.converged_rnn, m.converged_conv1d], decays: [m.plateau_decays_rnn, m.plateau_decays_conv1d], scaled: m.r2_scaled_conv1d, lambda: [m.lambda_max_rnn, m.lambda_max_conv1d], backoffs: [m.backoffs_rnn, m.backoffs_conv1d], gap: m.r2_gap_final }))
