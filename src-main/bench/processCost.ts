/**
 * What a sweep costs beyond its wall time, for the bench rows: CPU time of this process and of its reaped children
 * (the scheduler's workers, once disposed), from /proc/self/stat, and the workers' peak resident memory (VmHWM) read
 * while they live. Linux only: elsewhere the readings are null and the rows say so.
 */
import { readFileSync } from 'node:fs'

const TICKS_PER_SECOND = 100

/** CPU ms of this process (`self`) and of its waited-for children (`children`), or null off Linux. */
export function processCpuMs(): { self: number; children: number } | null {
  try {
    // the fields after the command name, which may hold spaces: utime is field 14, cstime 17 (1-based)
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ')
    const ticks = (i: number) => Number(fields[i - 3])
    return { self: ((ticks(14) + ticks(15)) * 1000) / TICKS_PER_SECOND, children: ((ticks(16) + ticks(17)) * 1000) / TICKS_PER_SECOND }
  } catch {
    return null
  }
}

/** The largest peak resident set (MB) among the live processes `pids`, or null when none could be read. */
export function peakRssMbOf(pids: Iterable<number | null>): number | null {
  let peak: number | null = null
  for (const pid of pids) {
    if (pid === null) continue
    try {
      const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]
      if (kb !== undefined) peak = Math.max(peak ?? 0, Number(kb) / 1024)
    } catch {
      // exited meanwhile
    }
  }
  return peak
}
