/**
 * Worker liveness: a heartbeat at least every HEARTBEAT_INTERVAL_MS, so the scheduler can tell a hung or stopped
 * worker (SIGSTOP, a debugger, a frozen machine) from a busy one. A training loop blocks the event loop, so the timer
 * only beats while the worker waits; during a run, `beat()` is called from the progress callback.
 */

const HEARTBEAT_INTERVAL_MS = 2000

export interface Heartbeat {
  /** Send a heartbeat if none went out for an interval (cheap: call it as often as you like). */
  beat(): void
}

export function startHeartbeat(send: () => void): Heartbeat {
  let last = 0
  const beat = () => {
    const now = Date.now()
    if (now - last < HEARTBEAT_INTERVAL_MS) return
    last = now
    send()
  }
  setInterval(beat, HEARTBEAT_INTERVAL_MS / 2)
  beat()
  return { beat }
}
