/** The run store's public surface: the Store class, its row types and the default database path (datasets: src-main/datasets). */
export { Store, type NewSweep, type OpenOptions, type Recovered } from './store'
export { defaultDbPath, userDataDir, appDataDir, APP_NAME } from './paths'
export { SCHEMA_VERSION } from './migrations'
export * from './types'
export { exportSweep, sweepToCsv, sweepToJson, type ExportedFile } from './export'
export { isProcessAlive } from './process'
export { editTags, setNote, renameSweep, trashItems, restoreItems, purgeTrash, trashCounts, itemKind, type ItemKind } from './organise'
export { listRunColumns, type RunColumns } from './columns'
