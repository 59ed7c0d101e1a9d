/** The one wiring of what a failing gateway sent into the log, shared by the CLI and the desktop app. */
import type { ActivityLog } from '../proxy/activity-log.js';
import type { Logger } from './logger.js';

/** Logs every `gatewayError`: the agent got an explanation, the log keeps the original (redacted) for a ticket. */
export function logGatewayErrors(activity: ActivityLog, logger: Logger): void {
  activity.on('gatewayError', (report) => logger.warn(`gateway answered HTTP ${report.status} (${report.cause}) for ${report.provider} ${report.path}`, { ...report }));
}
