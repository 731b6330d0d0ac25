/**
 * Files the desktop app's main process chose with its own open dialog, by opaque handle. The renderer is given the
 * handle and the file's name, never the path, and cannot turn anything it makes up into a file: a handle that main
 * did not hand out resolves to nothing.
 */
import { randomBytes } from 'node:crypto'
import { basename } from 'node:path'

/** Handles kept at once (the oldest is forgotten first): a user picks a few files per session. */
const MAX_HANDLES = 64

/** Main's own open dialog: the path the user chose, or undefined when they cancelled. */
export type FilePicker = () => Promise<string | undefined>

export class FileHandles {
  private readonly files = new Map<string, string>()

  /** `picker` is the desktop app's dialog; without one (tests, a headless host) nothing can be chosen. */
  constructor(private readonly picker?: FilePicker) {}

  /** Let the user choose a file in main's dialog: its handle and name, or null when they cancelled. */
  async choose(): Promise<{ fileHandle: string; fileName: string } | null> {
    if (!this.picker) throw new Error('no file dialog here: upload the file instead')
    const path = await this.picker()
    return path ? this.add(path) : null
  }

  /** A handle for `path`, which main's dialog returned. */
  add(path: string): { fileHandle: string; fileName: string } {
    const fileHandle = randomBytes(16).toString('hex')
    this.files.set(fileHandle, path)
    if (this.files.size > MAX_HANDLES) this.files.delete(this.files.keys().next().value!)
    return { fileHandle, fileName: basename(path) }
  }

  /** The path behind a handle main handed out, or undefined. */
  resolve(fileHandle: string): string | undefined {
    return this.files.get(fileHandle)
  }
}
