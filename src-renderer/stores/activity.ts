/**
 * Work in progress on every view: the sweeps queued or running (for the sidebar), with an ETA that counts down
 * between refreshes, and the toast when a sweep ends (saying cancelled when it was cancelled).
 */
import { defineStore } from 'pinia'
import { onScopeDispose, ref } from 'vue'
import type { LabEvent, SweepSummary } from '../../src-shared/api/lab'
import { lab } from '../api/lab'
import { useAppStore } from './app'

const REFRESH_MS = 1000

function sweepEndMessage(event: Extract<LabEvent, { type: 'sweep-finished' }>): string {
  const { counts, title } = event
  const parts = [`${counts.done} done`]
  if (counts.failed) parts.push(`${counts.failed} failed`)
  if (counts.cancelled) parts.push(`${counts.cancelled} cancelled`)
  const verb = event.status === 'cancelled' ? 'cancelled' : event.status === 'failed' ? 'finished with failures' : 'finished'
  return `Sweep “${title}” ${verb}: ${parts.join(', ')}`
}

export const useActivityStore = defineStore('activity', () => {
  const app = useAppStore()
  const active = ref<SweepSummary[]>([])
  /** When `active` was fetched, so the ETA can count down in between. */
  const fetchedAt = ref(Date.now())
  const now = ref(Date.now())
  let timer: ReturnType<typeof setTimeout> | undefined

  async function load() {
    try {
      const sweeps = await lab.listSweeps({})
      active.value = sweeps.filter((s) => s.status === 'running' || s.status === 'queued')
      fetchedAt.value = Date.now()
    } catch {
      // The sidebar is a summary: a failed refresh keeps the last one; the views report errors.
    }
  }

  function scheduleLoad() {
    if (timer) return
    timer = setTimeout(() => {
      timer = undefined
      void load()
    }, REFRESH_MS)
  }

  /** Seconds left: the service's estimate less the time since it was made (never below zero). */
  function etaOf(sweep: SweepSummary): number | null {
    if (sweep.etaSeconds === null) return null
    return Math.max(0, sweep.etaSeconds - (now.value - fetchedAt.value) / 1000)
  }

  const clock = setInterval(() => (now.value = Date.now()), 1000)
  const stops = [
    lab.onSweepChanged(scheduleLoad),
    lab.onRunFinished(scheduleLoad),
    lab.onSweepFinished((event) => {
      scheduleLoad()
      app.notify(sweepEndMessage(event))
    }),
  ]
  onScopeDispose(() => {
    clearInterval(clock)
    stops.forEach((stop) => stop())
  })

  return { running: active, load, etaOf }
})
