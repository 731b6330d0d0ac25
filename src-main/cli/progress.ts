/**
 * Sweep progress with an ETA on stderr: one redrawn line on a terminal, otherwise at most one line every few seconds
 * plus one per failed run and a last one (logs stay readable).
 */
import type { Scheduler } from '../runner/scheduler'
import type { CliIo } from './command'
import { formatDuration, formatNumber } from './table'

const LOG_INTERVAL_MS = 5000

export function reportProgress(scheduler: Scheduler, sweepId: string, total: number, io: CliIo): () => void {
  const started = Date.now()
  const running = new Map<string, number>()
  let finished = 0
  let failed = 0
  let lastLine = 0
  let lastLoss: number | null = null

  const line = (): string => {
    let fraction = finished
    for (const part of running.values()) fraction += part
    fraction /= Math.max(1, total)
    const elapsed = Date.now() - started
    const eta = fraction > 0 && fraction < 1 ? ` ETA ${formatDuration((elapsed / fraction) * (1 - fraction))}` : ''
    const loss = lastLoss === null ? '' : ` loss ${formatNumber(lastLoss)}`
    const fails = failed > 0 ? `, ${failed} failed` : ''
    return `[${finished}/${total} runs${fails}, ${running.size} running] ${Math.floor(fraction * 100)}%${eta}${loss}`
  }
  const draw = (force: boolean): void => {
    const now = Date.now()
    if (io.interactive) {
      io.stderr(`\r\x1b[K${line()}`)
    } else if (force || now - lastLine >= LOG_INTERVAL_MS) {
      io.stderr(`${line()}\n`)
    } else return
    lastLine = now
  }

  const subscriptions = [
    scheduler.onRunStarted((e) => {
      if (e.sweepId !== sweepId) return
      running.set(e.runId, 0)
      draw(false)
    }),
    scheduler.onProgress((e) => {
      if (e.sweepId !== sweepId) return
      running.set(e.runId, e.totalSteps > 0 ? Math.min(1, e.step / e.totalSteps) : 0)
      lastLoss = e.loss
      draw(false)
    }),
    scheduler.onRunFinished((e) => {
      if (e.sweepId !== sweepId) return
      running.delete(e.runId)
      finished++
      if (e.status !== 'done') {
        failed++
        if (io.interactive) io.stderr('\r\x1b[K')
        io.stderr(`run ${e.runId} ${e.status}: ${e.reason ?? ''}\n`)
      }
      draw(finished === total)
    }),
  ]
  return () => {
    for (const unsubscribe of subscriptions) unsubscribe()
    if (io.interactive) io.stderr('\n')
  }
}
