/** The one wiring of the usage history's problems into the log, shared by the CLI and the desktop app. */
import type { Runtime } from '../runtime.js';
import type { Logger } from './logger.js';

/** Logs each failed write, prune or skipped file of the history (the recorder already says each once). */
export function logUsageProblems(runtime: Runtime, logger: Logger): void {
  runtime.onUsageProblem = (what, error) => logger.warn(`usage history: ${what} failed: ${error instanceof Error ? error.message : String(error)}`, { what });
}
