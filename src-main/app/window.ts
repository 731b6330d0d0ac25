/** The main window: isolated, sandboxed renderer; bounds remembered; navigation and new windows refused. */
import { BrowserWindow, dialog, shell, screen, type WebContents } from 'electron'
import { join } from 'node:path'
import type { Settings } from './settings'
import { APP_ORIGIN } from './ipcChannels'
import { externalLinkDecision, isAppNavigation } from '../security/navigation'

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

/** Applied to every web contents: no navigation or redirect away from the app in any frame, no new windows, no webviews. */
export function lockDownContents(contents: WebContents): void {
  const devServer = process.env.ELECTRON_RENDERER_URL
  const stayInApp = (event: { preventDefault(): void }, url: string) => {
    if (!isAppNavigation(url, devServer)) event.preventDefault()
  }
  contents.on('will-navigate', (event) => stayInApp(event, event.url))
  contents.on('will-redirect', (event) => stayInApp(event, event.url))
  contents.on('will-frame-navigate', (event) => stayInApp(event, event.url))
  contents.setWindowOpenHandler(({ url }) => {
    void openLink(url)
    return { action: 'deny' }
  })
  contents.on('will-attach-webview', (event) => event.preventDefault())
}

/** A link the page asks to open: known hosts in the system browser, other https hosts after the user agrees. */
async function openLink(url: string): Promise<void> {
  const decision = externalLinkDecision(url)
  if (decision === 'refuse') return
  if (decision === 'ask') {
    const answer = await dialog.showMessageBox({
      type: 'question',
      buttons: ['Open in browser', 'Cancel'],
      defaultId: 1,
      cancelId: 1,
      message: 'Open this link in your browser?',
      detail: url,
    })
    if (answer.response !== 0) return
  }
  await shell.openExternal(url)
}
