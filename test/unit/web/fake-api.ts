/** A GatewayApi double for the server tests: fixed answers, a coded failure and an uncoded one. */
import { ApiError } from '../../../app/contract/api.js';
import type { AppStatus, GatewayApi } from '../../../app/contract/api.js';

/** A status with just enough in it. */
export function fakeStatus(): AppStatus {
  return {
    token: { state: 'valid', validUntil: 2_000_000, obtainedAt: 1_000_000, nextRefreshAt: 1_500_000, lastError: null },
    proxy: { running: true, url: 'http://127.0.0.1:8787', port: 8787 },
    settings: null,
    demo: false,
    version: '0.0.0-test',
    now: 1_200_000,
  };
}

/** Every verb answers; `saveSettings` fails with a coded error, `refreshToken` throws something uncoded. */
export function createFakeApi(): GatewayApi & { calls: string[] } {
  const calls: string[] = [];
  const notUsed = async (): Promise<never> => {
    throw new ApiError('not_found', 'not used in this test');
  };
  return {
    calls,
    async getStatus() {
      calls.push('getStatus');
      return fakeStatus();
    },
    async validateSettings(input) {
      calls.push('validateSettings');
      return input.gatewayUrl.startsWith('https://') ? [] : [{ code: 'settings_invalid', message: 'Use https.', field: 'gatewayUrl' }];
    },
    async saveSettings() {
      throw new ApiError('credentials_rejected', 'The token endpoint rejected the client ID or secret.', 'clientSecret');
    },
    async refreshToken() {
      throw new Error('ECONNRESET at /home/someone/secret/path');
    },
    testConnectivity: notUsed,
    listAgents: async () => [],
    planSetup: notUsed,
    applySetup: notUsed,
    planUndo: notUsed,
    undoSetup: notUsed,
    verifyAgent: notUsed,
    getActivity: async () => [],
    getUsage: notUsed,
    async regenerateLocalKey() {
      calls.push('regenerateLocalKey');
    },
    startDemo: notUsed,
  };
}
