import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AppStatus, DoctorReport, GatewayApi, SetupPlan } from '../../../app/contract/api.js';
import { withCommandHints } from '../../../app/core/api-command-hints.js';
import { HEADLESS_DEMO_INSTRUCTIONS } from '../../../app/core/api.js';
import { AppError } from '../../../app/core/errors.js';

const COMMAND = 'node /opt/checkout/bin/ai-gateway.cjs';

const PLAN: SetupPlan = {
  agent: 'claude-code',
  mode: 'direct',
  // A file's content is shown as it is written, even where it names the command.
  changes: [{ path: '/home/u/.claude/settings.json', action: 'update', diff: '+  "apiKeyHelper": "ai-gateway token"\n+ai-gateway run -- x', holdsKey: false }],
  notes: ['Run `ai-gateway doctor claude-code` to check it.'],
  warnings: ['Undo with `ai-gateway setup claude-code --undo`.'],
  snippets: [{ title: 'Shell', language: 'shell', code: 'eval "$(ai-gateway env)"\nai-gateway run -- python app.py' }],
};

const REPORT: DoctorReport = { agent: 'codex', ok: false, checks: [{ name: 'config present', ok: false, message: 'Codex is not set up for the AI Gateway.', fix: 'ai-gateway setup codex' }] };

/** An API whose verbs answer fixed DTOs, and fail where a hint is in the error. */
function fakeApi(): GatewayApi {
  const unused = async (): Promise<never> => {
    throw new Error('not used');
  };
  const status = { token: { state: 'failed', validUntil: null, obtainedAt: null, nextRefreshAt: null, lastError: { code: 'settings_missing', message: 'Run `ai-gateway login`.' } }, proxy: { running: true, url: 'http://127.0.0.1:8484', port: 8484 }, settings: null, demo: false, version: '0', now: 0 } satisfies AppStatus;
  return {
    getStatus: async () => status,
    validateSettings: unused,
    saveSettings: async () => {
      throw new AppError('settings_missing', 'The gateway is not configured. Run `ai-gateway login` or open the app.', { field: 'gatewayUrl' });
    },
    refreshToken: unused,
    testConnectivity: async () => [{ provider: 'openai', model: 'm', ok: false, status: 500, latencyMs: 1, diagnosis: 'gateway_error', message: 'See `ai-gateway logs`.', fix: 'Run `ai-gateway test`.' }],
    listAgents: unused,
    planSetup: async () => PLAN,
    applySetup: async () => ({ plan: PLAN, written: [], removed: [], backups: [] }),
    planUndo: async () => PLAN,
    undoSetup: unused,
    verifyAgent: async () => REPORT,
    getActivity: async () => [],
    getUsage: unused,
    regenerateLocalKey: unused,
    startDemo: async () => ({ started: false, instructions: HEADLESS_DEMO_INSTRUCTIONS }),
  };
}

test('the window\'s hints name the command the way it runs here: notes, snippets, fixes, messages, errors, the demo text', async () => {
  const api = withCommandHints(fakeApi(), COMMAND);
  const plan = await api.planSetup({ agent: 'claude-code' });
  assert.deepEqual(plan.notes, [`Run \`${COMMAND} doctor claude-code\` to check it.`]);
  assert.deepEqual(plan.warnings, [`Undo with \`${COMMAND} setup claude-code --undo\`.`]);
  assert.equal(plan.snippets[0]!.code, `eval "$(${COMMAND} env)"\n${COMMAND} run -- python app.py`);
  assert.equal(plan.changes[0]!.diff, PLAN.changes[0]!.diff, 'a diff shows what is written, unchanged');
  assert.equal((await api.applySetup({ agent: 'claude-code' })).plan.notes[0], plan.notes[0]);
  assert.equal((await api.verifyAgent('codex')).checks[0]!.fix, `${COMMAND} setup codex`);
  const [probe] = await api.testConnectivity();
  assert.equal(probe!.fix, `Run \`${COMMAND} test\`.`);
  const status = await api.getStatus();
  assert.equal(status.cliCommand, COMMAND, 'the renderer learns the command for its own texts');
  assert.equal(status.token.lastError?.message, `Run \`${COMMAND} login\`.`);
  await assert.rejects(api.saveSettings({ gatewayUrl: '', clientId: '', tokenEndpoint: '' }), (error: unknown) => {
    assert.ok(error instanceof AppError);
    assert.equal(error.code, 'settings_missing');
    assert.equal(error.field, 'gatewayUrl');
    assert.equal(error.message, `The gateway is not configured. Run \`${COMMAND} login\` or open the app.`);
    return true;
  });
  const demo = await api.startDemo();
  assert.match(demo.instructions, new RegExp(`Run \`${COMMAND.replace(/[./]/g, '\\$&')} demo --ui\` in a terminal`));
});

test('with `ai-gateway` on PATH the API is left as it is', () => {
  const api = fakeApi();
  assert.equal(withCommandHints(api, 'ai-gateway'), api);
});
