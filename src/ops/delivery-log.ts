import type { Context } from 'probot';

type Log = Context['log'];
type Level = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';

/**
 * A delivery's logger: Probot's logger for the event with the delivery's fields (`delivery`, `event`) bound,
 * as a pino child built at the first line written: most events log nothing at info, and a child per event is
 * work and garbage for nothing. Asking its level (`isLevelEnabled`, `level`) asks the parent (the child once
 * built) and builds nothing, nor does a line below the level. It is a plain object put in place of
 * `context.log`: an accessor defined on each Context instead made creating and reading the Context slow.
 */
export class DeliveryLog {
  readonly #parent: Log;
  readonly #bindings: Record<string, unknown>;
  #child: Log | undefined;

  constructor(parent: Log, bindings: Record<string, unknown>) {
    this.#parent = parent;
    this.#bindings = bindings;
  }

  /** The parent's level, or this logger's own once set (pino's: the child's, the parent's unchanged). */
  get level(): string {
    return (this.#child ?? this.#parent).level;
  }

  set level(level: string) {
    this.#log().level = level;
  }

  /** The parent's answer; true when the parent cannot tell (a logger without levels writes every line). */
  isLevelEnabled(level: string): boolean {
    const log = (this.#child ?? this.#parent) as { isLevelEnabled?: (level: string) => boolean };
    return typeof log.isLevelEnabled !== 'function' || log.isLevelEnabled(level);
  }

  trace(...line: unknown[]): void {
    this.#write('trace', line);
  }

  debug(...line: unknown[]): void {
    this.#write('debug', line);
  }

  info(...line: unknown[]): void {
    this.#write('info', line);
  }

  warn(...line: unknown[]): void {
    this.#write('warn', line);
  }

  error(...line: unknown[]): void {
    this.#write('error', line);
  }

  fatal(...line: unknown[]): void {
    this.#write('fatal', line);
  }

  child(bindings: Record<string, unknown>, options?: object): Log {
    return this.#log().child(bindings, options);
  }

  #log(): Log {
    this.#child ??= this.#parent.child(this.#bindings);
    return this.#child;
  }

  #write(level: Level, line: unknown[]): void {
    if (!this.isLevelEnabled(level)) return;
    const log = this.#log();
    (log[level] as (...args: unknown[]) => void).apply(log, line);
  }
}

/** `context.log` replaced by the delivery's logger (DeliveryLog), typed as Probot's. */
export const useDeliveryLog = (
  context: { log: Log },
  bindings: { delivery: string; event: string },
): void => {
  context.log = new DeliveryLog(context.log, bindings) as unknown as Log;
};
