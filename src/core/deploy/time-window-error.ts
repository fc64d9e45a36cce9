/** A freeze or maintenance window of the config that cannot be read. The deploy gate fails closed on it. */
export class TimeWindowError extends Error {
  override name = 'TimeWindowError';
}
