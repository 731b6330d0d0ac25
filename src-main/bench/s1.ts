/** The S1 recording the real-data bench cases train on: IMPULSE_LAB_S1, else the datasets folder beside the checkout. */
import { fileURLToPath } from 'node:url'

export const S1_RECORDING = process.env.IMPULSE_LAB_S1 ?? fileURLToPath(new URL('../../../shared/datasets/s1_reaching.csv', import.meta.url))
