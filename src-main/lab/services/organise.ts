/** The organise service: tags, notes and the trash in the store, each change announced to every window. */
import type { OrganiseHandlers } from '../../../src-shared/api/services/organise'
import { SpecError } from '../../../src-shared/spec/experiment'
import { editTags, itemKind, purgeTrash, restoreItems, setNote, trashCounts, trashItems } from '../../store'
import type { LabContext } from '../labContext'

type Req<M extends keyof OrganiseHandlers> = Parameters<OrganiseHandlers[M]>[0]

export class OrganiseService implements OrganiseHandlers {
  constructor(private readonly lab: LabContext) {}

  async editTags(request: Req<'editTags'>) {
    const tags = editTags(this.lab.store, request.id, request)
    this.lab.changed(request.id)
    return { tags }
  }

  async setNote(request: Req<'setNote'>) {
    const store = this.lab.store
    setNote(store, request.id, request.note)
    this.lab.changed(request.id)
    const note = itemKind(store, request.id) === 'run' ? store.getRun(request.id)!.note : store.getSweep(request.id)!.note
    return { note }
  }

  async deleteItems(request: Req<'deleteItems'>) {
    const change = trashItems(this.lab.store, request.ids)
    for (const id of request.ids) this.lab.changed(id)
    return change
  }

  async restoreItems(request: Req<'restoreItems'>) {
    const change = restoreItems(this.lab.store, request.ids)
    for (const id of request.ids) this.lab.changed(id)
    return change
  }

  async purgeTrash(request: Req<'purgeTrash'>) {
    if (request.dryRun && !request.ids) return trashCounts(this.lab.store)
    if (request.dryRun) throw new SpecError('dryRun counts the whole trash: give no ids')
    return purgeTrash(this.lab.store, request.ids)
  }
}
