/** A minimal typed event (VS Code style): subscribe with `onXxx(listener)`, get back a function that unsubscribes. */

export type Event<T> = (listener: (event: T) => void) => () => void

export class Emitter<T> {
  private readonly listeners = new Set<(event: T) => void>()

  readonly event: Event<T> = (listener) => {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  fire(event: T): void {
    for (const listener of [...this.listeners]) listener(event)
  }
}
