/** IPC handlers: one `lab:<method>` channel per LabApi method, sender checked, payload validated by dispatch. */
import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron'
import { labMethods, LAB_EVENT_CHANNEL, type LabEvent, type LabHandlers, type Unsubscribe } from '../../src-shared/api/lab'
import { describeError, dispatchLabCall } from '../lab/dispatch'
import { ipcPayloadProblem, isTrustedSender, methodChannel, type IpcReply } from './ipcChannels'

interface IpcTarget {
  /** The service calls go to (swapped when another database is opened). */
  service(): LabHandlers
  subscribe(listener: (event: LabEvent) => void): Unsubscribe
}

export function registerLabIpc(target: IpcTarget, window: () => BrowserWindow | null): Unsubscribe {
  const devServerUrl = process.env.ELECTRON_RENDERER_URL
  for (const method of labMethods) {
    ipcMain.handle(methodChannel(method), async (event: IpcMainInvokeEvent, payload: unknown): Promise<IpcReply> => {
      if (!isTrustedSender(event.senderFrame?.url, devServerUrl)) return { ok: false, error: 'refused: the request did not come from the app' }
      const problem = ipcPayloadProblem(method, payload)
      if (problem) return { ok: false, error: problem }
      try {
        return { ok: true, result: await dispatchLabCall(target.service(), method, payload) }
      } catch (error) {
        return { ok: false, error: describeError(error).message }
      }
    })
  }
  const unsubscribe = target.subscribe((event) => {
    const win = window()
    if (win && !win.isDestroyed()) win.webContents.send(LAB_EVENT_CHANNEL, event)
  })
  return () => {
    unsubscribe()
    for (const method of labMethods) ipcMain.removeHandler(methodChannel(method))
  }
}
