/** Run EMAMI21 Table 1's preset on CSV text as a user would (the realdata bench's runner). */
export { runTable1OnCsv } from '../../src-main/bench/realdata'
