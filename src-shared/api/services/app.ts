/** The app service: what the renderer needs to know about the process serving it. */
import { z } from 'zod'
import type { ServiceCalls, ServiceHandlers } from './contract'

export interface AppInfo {
  version: string
  mode: 'electron' | 'browser'
  dbPath: string
  workers: number
}

export const appRequests = {
  appInfo: z.object({}),
} as const

export interface AppAnswers {
  appInfo: AppInfo
}

export type AppApi = ServiceCalls<typeof appRequests, AppAnswers>
export type AppHandlers = ServiceHandlers<typeof appRequests, AppAnswers>
