/** A signing or verifying key that cannot be used. The message never contains key material. */
export class HistoryKeyError extends Error {
  constructor(message: string, options?: { cause: unknown }) {
    super(message, options);
    this.name = 'HistoryKeyError';
  }
}
