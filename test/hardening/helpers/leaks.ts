/** The secret scan: every text the tests saw must be free of the client secret, every JWT and every local key. */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { seenBodies } from './http.js';
import { CLIENT_SECRET, type Stack } from './stack.js';

/** The known secrets and where each text came from. */
export interface LeakScan {
  secrets: { name: string; value: string }[];
  texts: { where: string; text: string }[];
}

/** Asserts no secret appears in any text; the message names where, never the secret itself. */
export function assertNoLeaks(scan: LeakScan): void {
  const hits: string[] = [];
  for (const { where, text } of scan.texts) {
    for (const { name, value } of scan.secrets) {
      if (value.length >= 8 && text.includes(value)) hits.push(`${name} in ${where}`);
    }
  }
  assert.deepEqual(hits, [], `secrets leaked: ${hits.join(', ')}`);
}

/** Scans a stack's log files, echoed output, activity list and every proxy answer seen so far. */
export async function assertStackClean(stack: Stack, extraTexts: { where: string; text: string }[] = []): Promise<void> {
  const keys = Object.values(JSON.parse(await readFile(stack.runtime.files.localKeys, 'utf8').catch(() => '{}')) as Record<string, string>);
  assertNoLeaks({
    secrets: [
      { name: 'client secret', value: CLIENT_SECRET },
      ...stack.tokenEndpoint.signed.map((value, i) => ({ name: `JWT #${i + 1}`, value })),
      ...keys.map((value, i) => ({ name: `local key #${i + 1}`, value })),
    ],
    texts: [
      { where: 'log files', text: await stack.logText() },
      { where: 'stderr echo', text: stack.output.join('\n') },
      { where: 'activity list', text: JSON.stringify(stack.runtime.activity.list()) },
      { where: 'token status', text: JSON.stringify(stack.runtime.tokens.status()) },
      ...seenBodies.map((text, i) => ({ where: `proxy answer #${i + 1}`, text })),
      ...extraTexts,
    ],
  });
}
