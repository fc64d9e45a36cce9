import type { Readable } from '../core/doctor/repository-facts.ts';
import { errorMessage } from '../github/ports/error-message.ts';

/** Runs a read and reports what came back, or why nothing did (never thrown): "could not check", not "missing". */
export async function readable<T>(read: () => Promise<T>): Promise<Readable<T>> {
  try {
    return { read: true, value: await read() };
  } catch (error) {
    return { read: false, reason: errorMessage(error) };
  }
}
