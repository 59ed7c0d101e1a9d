/** The notification after a connectivity test started from the tray: the menu closes before results arrive. */
import type { ProbeResult } from '../../contract/api.js';
import { PROVIDER_LABELS } from '../../contract/providers.js';
import type { Notice } from './notification-policy.js';

/** "All 4 providers answered" or "2 of 4 providers failed: OpenAI, Google". */
export function connectivityNotice(results: readonly ProbeResult[]): Notice {
  const failed = results.filter((r) => !r.ok);
  if (failed.length === 0) return { title: 'Connectivity test passed', body: `All ${results.length} providers answered through the gateway.` };
  const names = failed.map((r) => PROVIDER_LABELS[r.provider]).join(', ');
  return {
    title: 'Connectivity test found problems',
    body: `${failed.length} of ${results.length} providers failed: ${names}. Open AI Gateway for the diagnosis and the fix.`,
  };
}
