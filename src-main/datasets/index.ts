/**
 * Datasets, in one module: CSV import (importCsv.ts: streaming parse, role detection, the binary file), the datasets
 * table (records.ts), references in sweeps resolved to ids at submit (refs.ts), and the import wizard and dataset
 * management the app and the CLI share (wizard.ts). The pure parts (column roles, windows) are src-shared/data.
 */
export { importCsv, ImportOptions } from './importCsv'
export { loadDatasetFile, readDatasetTrailer } from './datasetFile'
export { CsvError, type CsvProblem } from './csvError'
export { type StoredDataset, type DatasetMeta, datasetPath, getDataset, listDatasets } from './records'
export { type DatasetPaths, datasetFileOf, findDataset, requireStoredDatasets, resolveSweepDatasets } from './refs'
