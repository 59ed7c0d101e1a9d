import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withDemoFlag } from '../../../app/core/demo/demo-hints.js';

test('demo hints name the demo\'s commands: --demo after the command (and its agent), before a `--`', () => {
  assert.equal(withDemoFlag('eval "$(ai-gateway env)"'), 'eval "$(ai-gateway env --demo)"');
  assert.equal(withDemoFlag('ai-gateway run -- python app.py'), 'ai-gateway run --demo -- python app.py');
  assert.equal(withDemoFlag('programs use the snippets from `ai-gateway setup langchain`.'), 'programs use the snippets from `ai-gateway setup langchain --demo`.');
  assert.equal(withDemoFlag('Run `ai-gateway setup <agent>`.'), 'Run `ai-gateway setup <agent> --demo`.');
  assert.equal(withDemoFlag('then `ai-gateway doctor claude-code` again'), 'then `ai-gateway doctor claude-code --demo` again');
});

test('demo hints: a flag already there stays single; commands without --demo and prose stay as they are', () => {
  assert.equal(withDemoFlag('`ai-gateway env --demo`'), '`ai-gateway env --demo`');
  assert.equal(withDemoFlag('`ai-gateway doctor langchain --demo`'), '`ai-gateway doctor langchain --demo`');
  assert.equal(withDemoFlag('Run `ai-gateway login`, or `ai-gateway serve`.'), 'Run `ai-gateway login`, or `ai-gateway serve`.');
  assert.equal(withDemoFlag('No ai-gateway proxy is running'), 'No ai-gateway proxy is running');
  assert.equal(withDemoFlag('the agent runs `ai-gateway token` when asked'), 'the agent runs `ai-gateway token --demo` when asked');
  assert.equal(withDemoFlag('ai-gateway environment'), 'ai-gateway environment', 'a longer word is not the command');
});
