/** Boundary searches: find where an outcome predicate starts to hold along an ordered axis, per outer value. */
export * from './bisection'
export * from './predicate'
export * from './report'
export * from './spec'
export * from './fromRuns'
export * from './references'
