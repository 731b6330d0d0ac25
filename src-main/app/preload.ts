/**
 * Preload: exposes `window.lab: LabApi` over `lab:` channels only; never the raw ipcRenderer, and no file paths (a
 * file to import is one main's own dialog chose, by handle, or the bytes of a file the user picked or dropped).
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import { labMethods, LAB_EVENT_CHANNEL, type LabApi, type LabEvent } from '../../src-shared/api/lab'
import { labEventsFrom } from '../../src-shared/api/labEvents'
import { isLabChannel, methodChannel, type IpcReply } from './ipcChannels'

function checked(channel: string): string {
  if (!isLabChannel(channel)) throw new Error(`refused IPC channel "${channel}"`)
  return channel
}

async function invoke(method: string, request: unknown): Promise<unknown> {
  const reply = (await ipcRenderer.invoke(checked(methodChannel(method)), request)) as IpcReply
  if (!reply.ok) throw new Error(reply.error)
  return reply.result
}

const calls = Object.fromEntries(labMethods.map((m) => [m, (request: unknown) => invoke(m, request)]))
const events = labEventsFrom((listener) => {
  const handler = (_event: IpcRendererEvent, payload: LabEvent) => listener(payload)
  ipcRenderer.on(checked(LAB_EVENT_CHANNEL), handler)
  return () => ipcRenderer.removeListener(LAB_EVENT_CHANNEL, handler)
})

contextBridge.exposeInMainWorld('lab', { ...calls, ...events } as LabApi)
