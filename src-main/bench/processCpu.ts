/**
 * CPU seconds of processes by pid, from /proc (Linux): how much work the estimates bench's workers did, which on a
 * machine shared with other work says more about the cost model than their wall time does.
 */
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'

let ticks: number | null = null
function ticksPerSecond(): number {
  if (ticks === null) {
    try {
      ticks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100
    } catch {
      ticks = 100
    }
  }
  return ticks
}

/** User + system CPU seconds a live process has used since it started; null where /proc cannot tell. */
export function processCpuSeconds(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // the fields after the command name, which may itself hold spaces: state is field 3, utime 14, stime 15
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond()
  } catch {
    return null
  }
}

/** This process's CPU seconds (all threads). */
export function ownCpuSeconds(): number {
  const { user, system } = process.cpuUsage()
  return (user + system) / 1e6
}
