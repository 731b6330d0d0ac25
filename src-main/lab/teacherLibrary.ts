/**
 * Saved teacher designs, by name: a small JSON file beside the database (`<db>-data/teachers.json`), written
 * atomically (temp file + rename) so a crash never leaves it half-written.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import { TeacherSpec } from '../../src-shared/spec/teacher'
import type { SavedTeacher } from '../../src-shared/api/lab'

const LibraryFile = z.array(z.object({ name: z.string(), teacher: TeacherSpec, createdAt: z.string() }))

export class TeacherLibrary {
  private readonly file: string

  constructor(private readonly dir: string) {
    this.file = join(dir, 'teachers.json')
  }

  list(): SavedTeacher[] {
    let text: string
    try {
      text = readFileSync(this.file, 'utf8')
    } catch {
      return []
    }
    const parsed = LibraryFile.safeParse(JSON.parse(text))
    if (!parsed.success) throw new Error(`${this.file}: not a teacher library (${parsed.error.issues[0]?.message})`)
    return parsed.data
  }

  save(name: string, teacher: TeacherSpec): SavedTeacher {
    const entry: SavedTeacher = { name, teacher, createdAt: new Date().toISOString() }
    this.write([...this.list().filter((t) => t.name !== name), entry].sort((a, b) => a.name.localeCompare(b.name)))
    return entry
  }

  remove(name: string): boolean {
    const before = this.list()
    const after = before.filter((t) => t.name !== name)
    if (after.length !== before.length) this.write(after)
    return after.length !== before.length
  }

  private write(entries: SavedTeacher[]): void {
    mkdirSync(this.dir, { recursive: true })
    const temp = `${this.file}.${process.pid}.tmp`
    writeFileSync(temp, JSON.stringify(entries, null, 2))
    renameSync(temp, this.file)
  }
}
