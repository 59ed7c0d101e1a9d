import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pathToFileURL } from 'node:url';
import { isAppPage } from '../../../app/core/desktop/app-origin.js';
import { decideNavigation, decidePermission, decideWindowOpen } from '../../../app/core/desktop/navigation-policy.js';

const ENTRY = pathToFileURL('/opt/AI Gateway/resources/app.asar/out/renderer/index.html').href;

test('the app page is our entry file, whatever its hash or query', () => {
  assert.equal(isAppPage(ENTRY, ENTRY), true);
  assert.equal(isAppPage(`${ENTRY}#/agents/codex`, ENTRY), true);
  assert.equal(isAppPage(`${ENTRY}?x=1`, ENTRY), true);
  assert.equal(isAppPage(ENTRY.replace('index.html', 'other.html'), ENTRY), false);
  assert.equal(isAppPage('file:///etc/passwd', ENTRY), false);
  assert.equal(isAppPage('http://127.0.0.1:8484/', ENTRY), false);
  assert.equal(isAppPage('not a url', ENTRY), false);
  assert.equal(isAppPage(ENTRY, 'http://localhost:5173/'), false, 'only a file:// entry counts');
});

test('window.open is always denied; web links go to the OS browser, other schemes nowhere', () => {
  assert.deepEqual(decideWindowOpen('https://docs.example.com/gateway'), { action: 'deny', openExternally: 'https://docs.example.com/gateway' });
  assert.deepEqual(decideWindowOpen('http://example.com'), { action: 'deny', openExternally: 'http://example.com' });
  for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'smb://host/share', 'ms-settings:', ENTRY, '']) {
    assert.deepEqual(decideWindowOpen(url), { action: 'deny', openExternally: null }, url);
  }
});

test('navigation away from the app page is refused', () => {
  assert.deepEqual(decideNavigation(`${ENTRY}#/settings`, ENTRY), { allow: true, openExternally: null });
  assert.deepEqual(decideNavigation('https://evil.example/', ENTRY), { allow: false, openExternally: 'https://evil.example/' });
  assert.deepEqual(decideNavigation('file:///tmp/dropped.html', ENTRY), { allow: false, openExternally: null });
  assert.deepEqual(decideNavigation('data:text/html,<h1>x</h1>', ENTRY), { allow: false, openExternally: null });
});

test('permissions: all denied, but clipboard writes from the app page (Copy buttons)', () => {
  for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fullscreen', 'hid', 'serial', 'unknown']) {
    assert.equal(decidePermission(permission, ENTRY, ENTRY), false, permission);
  }
  assert.equal(decidePermission('clipboard-sanitized-write', ENTRY, ENTRY), true);
  assert.equal(decidePermission('clipboard-sanitized-write', 'https://evil.example/', ENTRY), false);
  assert.equal(decidePermission('clipboard-sanitized-write', '', ENTRY), false);
});
