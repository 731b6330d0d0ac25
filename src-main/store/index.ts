/** The run store's public surface: the Store class, dataset accessors and the default database path. */
export { Store, type NewSweep, type OpenOptions, type Recovered } from './store'
export { insertDataset, getDataset, findDatasetByHash, findDatasetsByName, formerNames, listDatasets, renameDataset, runsUsingDataset, deleteDataset, datasetPath, type NewDataset } from './datasets'
export { defaultDbPath, userDataDir, appDataDir, APP_NAME } from './paths'
export { SCHEMA_VERSION } from './migrations'
export * from './types'
export { exportSweep, sweepToCsv, sweepToJson, type ExportedFile } from './export'
export { isProcessAlive } from './process'
