/** Where use cases log: Probot's logger (pino) fits, and so does a test's list of lines. */
export interface UseCaseLog {
  /** A line, or structured fields and a line (pino's form). */
  info(fieldsOrMessage: Record<string, unknown> | string, message?: string): void;
  warn(message: string): void;
}
