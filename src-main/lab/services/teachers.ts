/** The teachers service: previews computed here, named teachers kept in a library beside the store. */
import type { TeachersHandlers } from '../../../src-shared/api/services/teachers'
import { previewTeacher } from '../teacherPreview'
import { TeacherLibrary } from '../teacherLibrary'
import type { LabContext } from '../labContext'

type Req<M extends keyof TeachersHandlers> = Parameters<TeachersHandlers[M]>[0]

export class TeachersService implements TeachersHandlers {
  private readonly library: TeacherLibrary

  constructor(lab: LabContext) {
    this.library = new TeacherLibrary(lab.store.dataDir)
  }

  async previewTeacher(request: Req<'previewTeacher'>) {
    return previewTeacher(request.teacher, request.horizon)
  }

  async listTeachers() {
    return this.library.list()
  }

  async saveTeacher(request: Req<'saveTeacher'>) {
    previewTeacher(request.teacher, 4) // refuses a teacher that cannot be simulated before it is kept
    return this.library.save(request.name, request.teacher)
  }

  async deleteTeacher(request: Req<'deleteTeacher'>) {
    return { deleted: this.library.remove(request.name) }
  }
}
