/** Electron main: single instance, the window, the menu, IPC to the lab, progress in the taskbar. Logic lives elsewhere. */
import { app, BrowserWindow, Menu, nativeTheme, session } from 'electron'
import { join } from 'node:path'
import type { AppCommand, LabEvent } from '../../src-shared/api/lab'
import { Emitter } from '../../src-shared/util/emitter'
import { defaultDbPath } from '../store'
import { openDesktopLab, type DesktopLab } from './desktopLab'
import { FileHandles } from '../lab/fileHandles'
import { registerLabIpc } from './ipc'
import { pickCsvFile } from './csvDialog'
import { buildMenu } from './menu'
import { registerAppScheme, serveRenderer } from './protocol'
import { loadSettings, rememberDatabase, saveSettings } from './settings'
import { trackSweepProgress } from './sweepProgress'
import { lockDownPermissions } from './permissions'
import { createMainWindow, lockDownContents } from './window'

if (!app.requestSingleInstanceLock()) app.quit()
registerAppScheme()
nativeTheme.themeSource = 'system'

const settingsFile = join(app.getPath('userData'), 'settings.json')
let settings = loadSettings(settingsFile)
let lab: DesktopLab | null = null
let window: BrowserWindow | null = null
const events = new Emitter<LabEvent>()
/** Files main's open dialog chose, by handle: the renderer only ever holds handles (kept across database switches). */
const fileHandles = new FileHandles(() => pickCsvFile(window))
let stopRelay = () => {}

function current(): DesktopLab {
  if (!lab) throw new Error('the lab is closed')
  return lab
}

function useLab(next: DesktopLab) {
  stopRelay()
  lab = next
  stopRelay = next.service.subscribe((event) => events.fire(event))
  settings = rememberDatabase(settings, next.store.file)
  saveSettings(settingsFile, settings)
}

const command = (c: AppCommand) => events.fire({ type: 'command', command: c })
const refreshMenu = () =>
  Menu.setApplicationMenu(
    buildMenu({
      window: () => window,
      command,
      fileHandles,
      recentDatabases: () => settings.recentDatabases,
      currentDatabase: () => current().store.file,
      async openDatabase(file) {
        const next = openDesktopLab(file, fileHandles)
        await current().close()
        useLab(next)
        refreshMenu()
        window?.reload()
      },
    }),
  )

app.on('web-contents-created', (_event, contents) => lockDownContents(contents))
app.on('second-instance', () => {
  if (window?.isMinimized()) window.restore()
  window?.focus()
})

app.whenReady().then(() => {
  lockDownPermissions(session.defaultSession)
  serveRenderer(join(import.meta.dirname, '../renderer'))
  useLab(openDesktopLab(settings.recentDatabases[0] ?? defaultDbPath(), fileHandles))
  registerLabIpc({ service: () => current().service, subscribe: events.event }, () => window)
  trackSweepProgress(events.event, () => current().store, () => window)
  window = createMainWindow(settings, (bounds, maximized) => {
    settings = { ...settings, bounds, maximized }
    saveSettings(settingsFile, settings)
  })
  window.on('closed', () => (window = null))
  refreshMenu()
})

app.on('window-all-closed', () => app.quit())
app.on('will-quit', (event) => {
  if (!lab) return
  event.preventDefault()
  const closing = lab
  lab = null
  void closing.close().finally(() => app.exit(0))
})
