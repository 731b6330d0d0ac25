/**
 * The event half of LabApi built on one raw subscription (an IPC channel or an SSE stream). Kept apart from lab.ts
 * so the renderer's first bundle needs no zod: it only imports types from there.
 */
import type { LabEvent, LabEvents, Unsubscribe } from './lab'

/** Builds the event half of LabApi on one raw subscription (IPC channel or SSE stream). */
export function labEventsFrom(subscribe: (listener: (event: LabEvent) => void) => Unsubscribe): LabEvents {
  function on<T extends LabEvent['type']>(type: T) {
    return (listener: (event: Extract<LabEvent, { type: T }>) => void): Unsubscribe =>
      subscribe((event) => {
        if (event.type === type) listener(event as Extract<LabEvent, { type: T }>)
      })
  }
  return {
    onProgress: on('progress'),
    onRunFinished: on('run-finished'),
    onSweepFinished: on('sweep-finished'),
    onSweepChanged: on('sweep-changed'),
    onCommand: (listener) =>
      subscribe((event) => {
        if (event.type === 'command') listener(event.command)
      }),
  }
}
