/** A benchmark case and the rows it reports (apart from index.ts, so that the cases need not import their registry). */
export interface BenchRow {
  /** The case that produced the row. */
  case: string
  /** What was measured, with its sizes ("population loss, d = 40, k = 30"). */
  name: string
  value: number
  unit: string
  /** The PyTorch reference for the same work in the same unit, when it was measured. */
  reference?: number | null
  /** How many times faster than the reference (> 1: we are faster); the case orients it by its unit. */
  speedup?: number | null
  /** Matrix-product GFLOP/s the workload achieved, and the SIMD peak measured in the same run (bench/limits.ts). */
  gflops?: number | null
  peakGflops?: number | null
  /** Peak resident set size of the bench process while the workload ran. */
  rssMb?: number | null
  /** Why a reference is missing, the BLAS torch used, the hardware... */
  note?: string
}

export interface BenchCase {
  name: string
  /** Run only when `--case` names it (a case that takes most of an hour). */
  onlyWhenNamed?: boolean
  run(): Promise<BenchRow[]>
}
