/** Liveness of the processes that own runs (a scheduler) or train them (a worker), by pid. */

/** Is a process with this pid alive? EPERM means it exists but belongs to someone else. */
export function isProcessAlive(pid: number | null): boolean {
  if (pid === null || pid <= 0) return false
  if (pid === process.pid) return true
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}
