/** The datasets service: the CSV import wizard (preview, import) and the stored datasets, on src-main/datasets/. */
import type { DatasetsHandlers } from '../../../src-shared/api/services/datasets'
import { datasetDetail, deleteStoredDataset, listDatasetInfos, renameStoredDataset } from '../../datasets/manage'
import { ImportWizard } from '../../datasets/wizard'
import type { LabContext } from '../labContext'

type Req<M extends keyof DatasetsHandlers> = Parameters<DatasetsHandlers[M]>[0]

export class DatasetsService implements DatasetsHandlers {
  private readonly importWizard: ImportWizard

  constructor(private readonly lab: LabContext) {
    this.importWizard = new ImportWizard(lab.options)
  }

  async previewDataset(request: Req<'previewDataset'>) {
    return this.importWizard.preview(request)
  }

  async importDataset(request: Req<'importDataset'>) {
    return this.importWizard.import(this.lab.store, request)
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
