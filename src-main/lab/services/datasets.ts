/** The datasets service: the CSV wizard (preview, import) and the stored datasets, on src-main/lab/datasetWizard.ts. */
import type { DatasetsHandlers } from '../../../src-shared/api/services/datasets'
import { datasetDetail, deleteStoredDataset, importCsvSource, listDatasetInfos, previewCsv, renameStoredDataset } from '../datasetWizard'
import type { LabContext } from '../labContext'

type Req<M extends keyof DatasetsHandlers> = Parameters<DatasetsHandlers[M]>[0]

export class DatasetsService implements DatasetsHandlers {
  constructor(private readonly lab: LabContext) {}

  async previewDataset(request: Req<'previewDataset'>) {
    return previewCsv(request, this.lab.options)
  }

  async importDataset(request: Req<'importDataset'>) {
    return importCsvSource(this.lab.store, request, this.lab.options)
  }

  async chooseDatasetFile() {
    if (!this.lab.options.fileHandles) throw Object.assign(new Error('no file dialog in browser mode: upload the file instead'), { status: 400 })
    return this.lab.options.fileHandles.choose()
  }

  async getDataset(request: Req<'getDataset'>) {
    return datasetDetail(this.lab.store, request.ref, request.rows)
  }

  async renameDataset(request: Req<'renameDataset'>) {
    return renameStoredDataset(this.lab.store, request.id, request.name)
  }

  async deleteDataset(request: Req<'deleteDataset'>) {
    return deleteStoredDataset(this.lab.store, request.id)
  }

  async listDatasets() {
    return listDatasetInfos(this.lab.store)
  }
}
