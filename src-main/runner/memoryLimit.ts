/** How much memory one run may take on this machine: half of its physical memory, checked before launch. */
import { totalmem } from 'node:os'
import { formatBytes } from '../../src-shared/analysis/memory'
import type { SweepCheckOptions } from '../../src-shared/spec/sweep'

const RUN_MEMORY_FRACTION = 0.5

/** The memory limit for `checkSweep` / `validSweep` on this machine. */
export function runMemoryLimit(total = totalmem()): Required<SweepCheckOptions> {
  return { memoryLimitBytes: RUN_MEMORY_FRACTION * total, memoryLimitText: `half of this machine's ${formatBytes(total)} of memory` }
}
