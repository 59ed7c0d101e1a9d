import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { autostartEntry, autostartPath, launchCommand } from '../../../app/core/desktop/autostart.js';
import { desktopDataDir, HIDDEN_SWITCH, parseLaunchOptions } from '../../../app/core/desktop/launch-options.js';
import { relaunchPlan } from '../../../app/core/desktop/relaunch.js';
import { desktopTokenCommand } from '../../../app/core/desktop/token-command.js';

test('launch switches: --demo and --hidden among Electron and Chromium arguments', () => {
  assert.deepEqual(parseLaunchOptions(['/usr/bin/electron', '.', '--demo']), { demo: true, hidden: false, printToken: false });
  assert.deepEqual(parseLaunchOptions(['/opt/AI Gateway/ai-gateway', '--hidden', '--no-sandbox']), { demo: false, hidden: true, printToken: false });
  assert.deepEqual(parseLaunchOptions(['x', '--demonstrate']), { demo: false, hidden: false, printToken: false });
  assert.deepEqual(parseLaunchOptions(['/Applications/AI Gateway.app/Contents/MacOS/AI Gateway', '--print-token']), { demo: false, hidden: false, printToken: true });
});

test('the demo keeps its own data folder; the real app uses the shared one', () => {
  assert.equal(desktopDataDir('/home/u/.config/ai-gateway', { demo: false }), '/home/u/.config/ai-gateway');
  assert.equal(desktopDataDir('/home/u/.config/ai-gateway', { demo: true }), join('/home/u/.config/ai-gateway', 'demo'));
});

test('start at login relaunches the same way: AppImage file, packaged binary, or electron + app folder', () => {
  const base = { execPath: '/tmp/.mount_x/ai-gateway', isPackaged: true, appPath: '/tmp/.mount_x/resources/app.asar' };
  assert.deepEqual(launchCommand({ ...base, appImage: '/home/u/Apps/AI-Gateway.AppImage' }, [HIDDEN_SWITCH]), ['/home/u/Apps/AI-Gateway.AppImage', '--hidden']);
  assert.deepEqual(launchCommand({ ...base, execPath: '/opt/AI Gateway/ai-gateway' }, [HIDDEN_SWITCH]), ['/opt/AI Gateway/ai-gateway', '--hidden']);
  assert.deepEqual(launchCommand({ execPath: '/repo/node_modules/electron/dist/electron', isPackaged: false, appPath: '/repo' }, []), ['/repo/node_modules/electron/dist/electron', '/repo']);
});

test('the XDG autostart entry quotes paths with spaces and escapes what the spec requires', () => {
  const entry = autostartEntry(['/opt/AI Gateway/ai-gateway', '--hidden']);
  assert.match(entry, /^\[Desktop Entry\]\n/);
  assert.match(entry, /\nExec="\/opt\/AI Gateway\/ai-gateway" --hidden\n/);
  assert.match(entry, /\nType=Application\n/);
  assert.match(autostartEntry(['/a/b$c "d"', '50%']), /\nExec="\/a\/b\\\$c \\"d\\"" 50%%\n/);
  assert.equal(autostartPath('/home/u/.config'), join('/home/u/.config', 'autostart', 'ai-gateway.desktop'));
});

test('the token command direct-mode agents get is the app itself with --print-token: AppImage file, packaged binary, or electron + app folder', () => {
  const mounted = { execPath: '/tmp/.mount_x/ai-gateway-desktop', isPackaged: true, appPath: '/tmp/.mount_x/resources/app.asar' };
  assert.deepEqual(desktopTokenCommand({ ...mounted, appImage: '/home/u/Apps/AI-Gateway.AppImage' }, false), ['/home/u/Apps/AI-Gateway.AppImage', '--print-token']);
  assert.deepEqual(desktopTokenCommand({ execPath: 'C:\\Users\\u\\AppData\\Local\\Programs\\AI Gateway\\AI Gateway.exe', isPackaged: true, appPath: 'x' }, false), [
    'C:\\Users\\u\\AppData\\Local\\Programs\\AI Gateway\\AI Gateway.exe',
    '--print-token',
  ]);
  assert.deepEqual(desktopTokenCommand({ execPath: '/repo/node_modules/electron/dist/electron', isPackaged: false, appPath: '/repo' }, true), [
    '/repo/node_modules/electron/dist/electron',
    '/repo',
    '--print-token',
    '--demo',
  ]);
  // Never the CLI script under Electron's execPath: the packaged app has no bin/ and RunAsNode is off.
  assert.ok(!desktopTokenCommand(mounted, false).some((part) => part.endsWith('ai-gateway.mjs')));
});

test('"Try the demo" restarts the AppImage file, not the binary in its vanishing mount; elsewhere Electron relaunches', () => {
  const argv = ['/tmp/.mount_x/ai-gateway-desktop', '--hidden'];
  assert.deepEqual(relaunchPlan({ execPath: argv[0]!, appImage: '/home/u/AI-Gateway.AppImage' }, argv, ['--demo']), {
    kind: 'spawn',
    command: '/home/u/AI-Gateway.AppImage',
    args: ['--hidden', '--demo'],
  });
  assert.deepEqual(relaunchPlan({ execPath: '/opt/AI Gateway/ai-gateway-desktop' }, ['/opt/AI Gateway/ai-gateway-desktop'], ['--demo']), {
    kind: 'relaunch',
    execPath: '/opt/AI Gateway/ai-gateway-desktop',
    args: ['--demo'],
  });
  assert.deepEqual(relaunchPlan({ execPath: '/repo/electron' }, ['/repo/electron', '/repo', '--demo'], ['--demo']).args, ['/repo', '--demo'], 'the app folder kept, --demo once');
});
