/**
 * Whether the delivery's logger writes debug lines, asked without building it (DeliveryLog answers from its
 * parent: a pino child per event is work and garbage for nothing when the line is dropped). True when the
 * logger cannot tell: the line is then written.
 */
export const logsDebug = (context: { log?: { isLevelEnabled?: unknown } }): boolean => {
  const log = context.log as { isLevelEnabled?: (level: string) => boolean } | undefined;
  return typeof log?.isLevelEnabled !== 'function' || log.isLevelEnabled('debug');
};
