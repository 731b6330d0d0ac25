/** The runner's public surface: the Scheduler, its events and the worker transport interface. */
export { Scheduler } from './scheduler'
export {
  type SchedulerOptions,
  type SubmitSweep,
  type RunStartedEvent,
  type RunProgressEvent,
  type RunFinishedEvent,
  type SweepFinishedEvent,
} from './schedulerTypes'
export { type WorkerTransport, type WorkerFactory, WORKER_MODULE } from './transport'
export { forkNodeWorker } from './nodeTransport'
export { codeVersion } from './codeVersion'
