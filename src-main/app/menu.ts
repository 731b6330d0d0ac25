/** The application menu: File (import, open, recent, export), Run (new sweep, cancel), View, Help. */
import { app, dialog, Menu, shell, type BrowserWindow, type MenuItemConstructorOptions } from 'electron'
import { dirname } from 'node:path'
import type { AppCommand } from '../../src-shared/api/lab'
import { SHORTCUTS } from '../../src-shared/api/shortcuts'
import { developerMenuRoles } from '../security/navigation'
import type { FileHandles } from '../lab/fileHandles'
import { pickCsvFile } from './csvDialog'

interface MenuActions {
  window(): BrowserWindow | null
  command(command: AppCommand): void
  fileHandles: FileHandles
  openDatabase(file: string): Promise<void>
  recentDatabases(): string[]
  currentDatabase(): string
}

async function importCsv(actions: MenuActions): Promise<void> {
  const file = await pickCsvFile(actions.window())
  if (!file) return
  // A handle, not the text nor the path: the import streams the file main chose, so a 1 GB recording never crosses
  // IPC as one string, and the renderer holds nothing it could turn into another file.
  actions.command({ kind: 'import-csv', ...actions.fileHandles.add(file) })
}

async function openDatabase(actions: MenuActions): Promise<void> {
  const win = actions.window()
  const options = {
    title: 'Open database',
    defaultPath: dirname(actions.currentDatabase()),
    filters: [{ name: 'Impulse Lab database', extensions: ['db', 'sqlite'] }],
    properties: ['openFile' as const, 'promptToCreate' as const],
  }
  const picked = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options)
  if (!picked.canceled && picked.filePaths[0]) await actions.openDatabase(picked.filePaths[0])
}

export function buildMenu(actions: MenuActions): Menu {
  const report = (error: unknown) => dialog.showErrorBox('Impulse Lab', error instanceof Error ? error.message : String(error))
  const recent = actions.recentDatabases()
  const template: MenuItemConstructorOptions[] = [
    ...(process.platform === 'darwin' ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        { label: 'Import CSV…', accelerator: SHORTCUTS.importCsv, click: () => importCsv(actions).catch(report) },
        { label: 'Open database…', accelerator: SHORTCUTS.openDatabase, click: () => openDatabase(actions).catch(report) },
        {
          label: 'Open recent',
          enabled: recent.length > 0,
          submenu: recent.map((file) => ({ label: file, click: () => actions.openDatabase(file).catch(report) })),
        },
        { label: 'Export…', accelerator: SHORTCUTS.export, click: () => actions.command({ kind: 'export' }) },
        { type: 'separator' },
        process.platform === 'darwin' ? { role: 'close' } : { role: 'quit' },
      ],
    },
    {
      label: 'Run',
      submenu: [
        { label: 'New sweep', accelerator: SHORTCUTS.newSweep, click: () => actions.command({ kind: 'new-sweep' }) },
        { label: 'Cancel', accelerator: SHORTCUTS.cancel, click: () => actions.command({ kind: 'cancel' }) },
      ],
    },
    {
      label: 'View',
      submenu: [
        { label: 'Reproduce', accelerator: SHORTCUTS.viewReproduce, click: () => actions.command({ kind: 'navigate', view: 'reproduce' }) },
        { label: 'Runs', accelerator: SHORTCUTS.viewRuns, click: () => actions.command({ kind: 'navigate', view: 'runs' }) },
        { label: 'Compare', accelerator: SHORTCUTS.viewCompare, click: () => actions.command({ kind: 'navigate', view: 'compare' }) },
        { type: 'separator' },
        ...developerMenuRoles(app.isPackaged).map((role) => ({ role })),
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    {
      role: 'help',
      submenu: [
        { label: 'Show database in folder', click: () => shell.showItemInFolder(actions.currentDatabase()) },
        { label: `About Impulse Lab ${app.getVersion()}`, click: () => app.showAboutPanel() },
      ],
    },
  ]
  return Menu.buildFromTemplate(template)
}
