/** Main's own open dialog for a CSV recording: the menu's File ▸ Import CSV… and the Datasets view's button use it. */
import { dialog, type BrowserWindow } from 'electron'

export async function pickCsvFile(win: BrowserWindow | null): Promise<string | undefined> {
  const options = { title: 'Import CSV', filters: [{ name: 'CSV', extensions: ['csv', 'tsv', 'txt'] }], properties: ['openFile' as const] }
  const picked = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options)
  return picked.canceled ? undefined : picked.filePaths[0]
}
