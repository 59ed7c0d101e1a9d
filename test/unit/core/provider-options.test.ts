import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkProviderOptions, emptyProviderOptions, missingProviderOption, portkeyHeadersFor, providerHeadersEnv, resolveProviderOptions } from '../../../app/core/config/provider-options.js';

test('headers: global, then the Azure options (deployment by model), then the provider own', () => {
  const options = emptyProviderOptions();
  options.headers = { 'x-portkey-config': 'pc-global', 'x-portkey-trace-id': 'keep' };
  options.azure = { resourceName: 'res', deploymentId: 'dep', deployments: { 'gpt-4o': 'dep-4o' }, apiVersion: 'v1' };
  options.providerHeaders = { 'azure-openai': { 'x-portkey-config': 'pc-azure' } };
  assert.deepEqual(portkeyHeadersFor(options, 'azure-openai', 'gpt-4o'), {
    'x-portkey-config': 'pc-azure',
    'x-portkey-trace-id': 'keep',
    'x-portkey-azure-resource-name': 'res',
    'x-portkey-azure-deployment-id': 'dep-4o',
    'x-portkey-azure-api-version': 'v1',
  });
  assert.equal(portkeyHeadersFor(options, 'azure-openai', 'other')['x-portkey-azure-deployment-id'], 'dep');
  assert.deepEqual(portkeyHeadersFor(options, 'anthropic', 'claude'), { 'x-portkey-config': 'pc-global', 'x-portkey-trace-id': 'keep' }, 'no Azure headers elsewhere');
});

test('missing options: only azure-openai needs them, each one named, none when a Portkey config supplies the target', () => {
  const options = emptyProviderOptions();
  assert.equal(missingProviderOption(options, 'google', 'gemini'), null);
  assert.match(missingProviderOption(options, 'azure-openai', 'gpt-4.1')!, /^azure-openai needs the Azure resource name: set GATEWAY_AZURE_RESOURCE_NAME.*; and the Azure deployment for gpt-4\.1.*; and the Azure API version/);
  options.azure = { resourceName: 'res', deploymentId: '', deployments: { 'gpt-4o': 'd' }, apiVersion: '2024-10-21' };
  assert.match(missingProviderOption(options, 'azure-openai', 'gpt-4.1')!, /^azure-openai needs the Azure deployment for gpt-4\.1: set/);
  assert.equal(missingProviderOption(options, 'azure-openai', 'gpt-4o'), null);
  options.azure.resourceName = '';
  options.providerHeaders = { 'azure-openai': { 'x-portkey-config': 'pc-azure' } };
  assert.equal(missingProviderOption(options, 'azure-openai', 'gpt-4.1'), null);
});

test('environment over stored, per value; header names lower-cased; provider variables named after the provider', () => {
  assert.equal(providerHeadersEnv('azure-openai'), 'GATEWAY_PORTKEY_HEADERS_AZURE_OPENAI');
  const { options, fromEnvironment } = resolveProviderOptions(
    { azure: { resourceName: 'stored', deploymentId: 'stored-dep', deployments: { a: 'b' }, apiVersion: 'x' }, headers: { 'X-Portkey-Config': 'stored' } },
    { GATEWAY_AZURE_RESOURCE_NAME: 'env', GATEWAY_AZURE_DEPLOYMENTS: 'c=d', GATEWAY_PORTKEY_HEADERS_AZURE_OPENAI: '{"x-portkey-virtual-key":"vk"}' },
  );
  assert.equal(fromEnvironment, true);
  assert.deepEqual(options.azure, { resourceName: 'env', deploymentId: 'stored-dep', deployments: { a: 'b', c: 'd' }, apiVersion: 'x' });
  assert.deepEqual(options.headers, { 'x-portkey-config': 'stored' });
  assert.deepEqual(options.providerHeaders, { 'azure-openai': { 'x-portkey-virtual-key': 'vk' } });
  assert.equal(resolveProviderOptions(undefined, {}).fromEnvironment, false);
});

test('checks: names outside x-portkey-*, the proxy-owned provider header, line breaks, bad Azure names', () => {
  const options = emptyProviderOptions();
  options.headers = { 'x-forwarded-for': '1.2.3.4', 'x-portkey-provider': 'openai', 'x-portkey-config': 'a\r\nx-evil: 1' };
  options.azure.resourceName = 'https://contoso.openai.azure.com';
  const messages = checkProviderOptions(options).map((e) => e.message);
  assert.equal(messages.length, 4, messages.join('\n'));
  assert.match(messages[0]!, /"x-forwarded-for" is not an x-portkey-\* header/);
  assert.match(messages[1]!, /x-portkey-provider is set by the proxy/);
  assert.match(messages[2]!, /must be non-empty text on one line/);
  assert.match(messages[3]!, /use NAME from https:\/\/NAME\.openai\.azure\.com/);
});

test('checks: only the allow-listed Portkey headers; the ones that send the company token elsewhere refused with why, in a header or an inline config', () => {
  const options = emptyProviderOptions();
  options.headers = { 'x-portkey-custom-host': 'https://elsewhere.example', 'x-portkey-forward-headers': 'authorization', 'x-portkey-config': 'pc-abc', 'x-portkey-trace-id': 't' };
  options.providerHeaders = {
    'azure-openai': { 'x-portkey-azure-foundry-url': 'https://elsewhere.example', 'x-portkey-mode': 'proxy' },
    openai: { 'x-portkey-config': '{"provider":"openai","targets":[{"custom_host":"https://elsewhere.example"}]}' },
    google: { 'x-portkey-config': '{"retry":{"attempts":2}}', 'x-portkey-virtual-key': 'vk-1' },
  };
  const messages = checkProviderOptions(options).map((e) => e.message);
  assert.equal(messages.length, 5, messages.join('\n'));
  assert.match(messages[0]!, /^Portkey headers: x-portkey-custom-host is refused: it sends the request, with the company token as its key, to another host\. Remove it/);
  assert.match(messages[1]!, /^Portkey headers: x-portkey-forward-headers is refused: it forwards request headers \(the company token among them\)/);
  assert.match(messages[2]!, /^Portkey headers for openai: the inline x-portkey-config holds "custom_host"/);
  assert.match(messages[3]!, /^Portkey headers for azure-openai: x-portkey-azure-foundry-url is refused/);
  assert.match(messages[4]!, /^Portkey headers for azure-openai: x-portkey-mode is not one the proxy passes on\. Allowed: x-portkey-config, x-portkey-virtual-key/);
});

test('one model=deployment parser for the environment, --azure-deployments and the Settings form: commas or lines, blanks skipped, the rest named', async () => {
  const { parseDeploymentMap } = await import('../../../app/contract/deployments.js');
  assert.deepEqual(parseDeploymentMap(' gpt-4.1=prod-41 ,\n\nGPT-4o = prod-4o,'), { deployments: { 'gpt-4.1': 'prod-41', 'GPT-4o': 'prod-4o' }, invalid: [] });
  assert.deepEqual(parseDeploymentMap('a=b,oops,=x').invalid, ['oops', '=x']);
  const { options } = resolveProviderOptions(undefined, { GATEWAY_AZURE_DEPLOYMENTS: 'm1=d1\nm2=d2' });
  assert.deepEqual(options.azure.deployments, { m1: 'd1', m2: 'd2' });
  assert.throws(() => resolveProviderOptions(undefined, { GATEWAY_AZURE_DEPLOYMENTS: 'm1=d1,oops' }), /GATEWAY_AZURE_DEPLOYMENTS must be model=deployment pairs/);
  const { applyProviderFlags } = await import('../../../app/cli/commands/provider-flags.js');
  assert.throws(() => applyProviderFlags(undefined, { 'azure-deployments': 'm1=d1,oops' }), /--azure-deployments takes MODEL=DEPLOYMENT pairs .*got "oops"/);
});

test('a non-text header value in GATEWAY_PORTKEY_HEADERS is named by the one header check', () => {
  const { options } = resolveProviderOptions(undefined, { GATEWAY_PORTKEY_HEADERS: '{"x-portkey-trace-id":5}' });
  assert.match(checkProviderOptions(options).map((e) => e.message).join('\n'), /the value of x-portkey-trace-id must be non-empty text/);
});

test('settings.json: a providerOptions of the wrong shape is refused with its key path', async () => {
  const { parseStoredSettings } = await import('../../../app/core/config/stored-settings.js');
  const bad = parseStoredSettings({ providerOptions: { providerHeaders: { google: { 'x-portkey-virtual-key': 5 } } } });
  assert.deepEqual(bad.ok ? null : bad.issue.path, ['providerOptions', 'providerHeaders', 'google', 'x-portkey-virtual-key']);
  const good = parseStoredSettings({ providerOptions: { azure: { resourceName: 'r', deployments: { m: 'd' } }, headers: { 'x-portkey-config': 'pc' }, futureKey: true } });
  assert.equal(good.ok, true);
});
