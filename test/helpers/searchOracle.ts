/** The seeded generator for synthetic search oracles is the one claims use for bootstrap resamples. */
export { prng as mulberry32 } from '../../src-shared/claims/robustness'
