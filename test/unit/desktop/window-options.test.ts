import { test } from 'node:test';
import assert from 'node:assert/strict';
import { windowOptions } from '../../../app/core/desktop/window-options.js';

const options = windowOptions({ preloadPath: '/app/out/app/preload/index.cjs' });

test('the renderer is sandboxed and isolated, without Node', () => {
  const prefs = options.webPreferences;
  assert.equal(prefs.sandbox, true);
  assert.equal(prefs.contextIsolation, true);
  assert.equal(prefs.nodeIntegration, false);
  assert.equal(prefs.nodeIntegrationInWorker, false);
  assert.equal(prefs.nodeIntegrationInSubFrames, false);
});

test('web security stays on; no webview, no insecure content, no experimental features', () => {
  const prefs = options.webPreferences;
  assert.equal(prefs.webSecurity, true);
  assert.equal(prefs.allowRunningInsecureContent, false);
  assert.equal(prefs.webviewTag, false);
  assert.equal(prefs.experimentalFeatures, false);
  assert.equal(prefs.navigateOnDragDrop, false);
});

test('the preload is the compiled CommonJS one', () => {
  assert.equal(options.webPreferences.preload, '/app/out/app/preload/index.cjs');
  assert.match(options.webPreferences.preload, /\.cjs$/);
});

test('DevTools only when asked (development); shown on ready-to-show', () => {
  assert.equal(options.webPreferences.devTools, false);
  assert.equal(windowOptions({ preloadPath: 'p', devTools: true }).webPreferences.devTools, true);
  assert.equal(options.show, false);
});

test('no option outside the reviewed set sneaks in', () => {
  assert.deepEqual(Object.keys(options.webPreferences).sort(), [
    'allowRunningInsecureContent',
    'contextIsolation',
    'devTools',
    'experimentalFeatures',
    'navigateOnDragDrop',
    'nodeIntegration',
    'nodeIntegrationInSubFrames',
    'nodeIntegrationInWorker',
    'preload',
    'safeDialogs',
    'sandbox',
    'spellcheck',
    'webSecurity',
    'webviewTag',
  ]);
});

test('demo windows say so in the title; the icon is passed through', () => {
  assert.equal(windowOptions({ preloadPath: 'p', demo: true }).title, 'AI Gateway (demo)');
  assert.equal(windowOptions({ preloadPath: 'p', iconPath: '/i.png' }).icon, '/i.png');
  assert.equal('icon' in options, false);
});
