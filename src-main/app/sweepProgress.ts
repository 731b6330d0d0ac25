/** Taskbar/dock progress while sweeps run, and a system notification when one finishes. */
import { Notification, type BrowserWindow } from 'electron'
import type { LabEvent, Unsubscribe } from '../../src-shared/api/lab'
import type { Store } from '../store'

/** Fraction of the unfinished sweeps' runs that are finished, or null when nothing runs. */
function activeFraction(store: Store): number | null {
  const active = store.listSweeps().filter((s) => s.counts.queued + s.counts.running > 0)
  if (active.length === 0) return null
  const total = active.reduce((a, s) => a + s.total, 0)
  const finished = active.reduce((a, s) => a + s.counts.done + s.counts.failed + s.counts.cancelled, 0)
  return total ? finished / total : 0
}

export function trackSweepProgress(
  subscribe: (listener: (event: LabEvent) => void) => Unsubscribe,
  store: () => Store,
  window: () => BrowserWindow | null,
): Unsubscribe {
  let pending: NodeJS.Timeout | null = null
  const update = () => {
    pending = null
    const win = window()
    if (!win || win.isDestroyed()) return
    const fraction = activeFraction(store())
    win.setProgressBar(fraction === null ? -1 : Math.max(0.01, fraction))
  }
  return subscribe((event) => {
    if (event.type === 'run-finished' || event.type === 'sweep-changed' || event.type === 'sweep-finished') pending ??= setTimeout(update, 250)
    if (event.type === 'sweep-finished' && Notification.isSupported()) {
      const { done, failed, cancelled } = event.counts
      new Notification({
        title: `Sweep finished: ${event.title}`,
        body: `${done} done${failed ? `, ${failed} failed` : ''}${cancelled ? `, ${cancelled} cancelled` : ''}`,
      }).show()
    }
  })
}
