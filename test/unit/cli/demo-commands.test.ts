import { test } from 'node:test';
import assert from 'node:assert/strict';
import { COMMANDS } from '../../../app/cli/main.js';
import { DEMO_COMMANDS } from '../../../app/core/demo/demo-hints.js';

// The demo's hints add --demo to the commands on this list: a command that gains (or loses) the option
// without the list changing would get hints that fail ("unknown option") or that act on the real app.
test('the demo-hint rewriter knows exactly the commands that take --demo', async () => {
  const withDemo: string[] = [];
  for (const entry of COMMANDS) if ((await entry.load()).options?.demo) withDemo.push(entry.name);
  assert.deepEqual([...DEMO_COMMANDS].sort(), withDemo.sort());
});
