/**
 * Size limits of a spec, stated once: the schemas refuse a value beyond them naming the field, and docs/specs.md
 * lists them. They bound each number alone; what a combination of sizes costs is the memory estimate's job
 * (src-shared/analysis/memory.ts).
 */
export const LIMITS = {
  /** Student width and teacher state dimension / GRU teacher units. */
  width: 10_000,
  /** Inputs and outputs of a teacher. */
  channels: 1_000,
  /** Sequence lengths: data.length, adversarialMaxLength, delay, metrics.maxLength, metrics.horizon. */
  length: 100_000,
  /** Sequences: data.batchSize, trainSize, testSize. */
  sequences: 10_000_000,
  /** Training steps: stopping.maxSteps, a GRU teacher's trainSteps, earlyStopping every/patience. */
  steps: 100_000_000,
  /** A seed (the generator takes 32 bits). */
  seed: 2 ** 32 - 1,
  /** Entries of a list in a spec: explicit matrices' rows, impulse and sequence values, milestones. */
  listLength: 100_000,
  /** Seeds of a sweep, values of one axis. */
  axisValues: 10_000,
  /** Runs of one sweep. */
  sweepRuns: 200_000,
} as const
