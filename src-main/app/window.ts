/** The main window: isolated, sandboxed renderer; bounds remembered; navigation and new windows refused. */
import { BrowserWindow, shell, screen, type WebContents } from 'electron'
import { join } from 'node:path'
import type { Settings } from './settings'
import { APP_ORIGIN } from './ipcChannels'

export function createMainWindow(settings: Settings, onBounds: (bounds: Settings['bounds'], maximized: boolean) => void): BrowserWindow {
  const visible = settings.bounds && screen.getAllDisplays().some((d) => {
    const b = d.workArea
    return settings.bounds!.x < b.x + b.width && settings.bounds!.x + settings.bounds!.width > b.x && settings.bounds!.y < b.y + b.height && settings.bounds!.y + settings.bounds!.height > b.y
  })
  const window = new BrowserWindow({
    ...(visible && settings.bounds ? settings.bounds : { width: 1400, height: 900 }),
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'Impulse Lab',
    icon: join(import.meta.dirname, '../../resources/icon.png'),
    webPreferences: {
      preload: join(import.meta.dirname, '../preload/preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  })
  if (settings.maximized) window.maximize()
  window.once('ready-to-show', () => window.show())
  window.on('close', () => onBounds(window.getNormalBounds(), window.isMaximized()))

  const devServer = process.env.ELECTRON_RENDERER_URL
  if (devServer) void window.loadURL(devServer)
  else void window.loadURL(`${APP_ORIGIN}/index.html`)
  return window
}

/** Applied to every web contents: no navigation away from the app, no new windows (external links open in the browser). */
export function lockDownContents(contents: WebContents): void {
  const devServer = process.env.ELECTRON_RENDERER_URL
  contents.on('will-navigate', (event, url) => {
    const allowed = url.startsWith(`${APP_ORIGIN}/`) || (devServer !== undefined && url.startsWith(devServer))
    if (!allowed) event.preventDefault()
  })
  contents.setWindowOpenHandler(({ url }) => {
    if (url.startsWith('https://')) void shell.openExternal(url)
    return { action: 'deny' }
  })
  contents.on('will-attach-webview', (event) => event.preventDefault())
}
