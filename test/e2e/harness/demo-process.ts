/** The real `ai-gateway demo --ui` as a child process with a fresh HOME, on free ports; resolves once it printed its URLs. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AI_GATEWAY } from '../../agents/agent-harness.js';
import { freePort } from '../../helpers/stack.js';

/** A running demo: its one-time window URL, its proxy, and how to stop it. */
export interface DemoProcess {
  url: string;
  proxyUrl: string;
  home: string;
  close(): Promise<void>;
}

export async function startDemoUi(): Promise<DemoProcess> {
  const home = await mkdtemp(join(tmpdir(), 'aigw-demo-e2e-'));
  const env = { PATH: process.env.PATH ?? '', HOME: home, AI_GATEWAY_HOME: join(home, 'app-data') };
  const demo: ChildProcess = spawn(process.execPath, [AI_GATEWAY, 'demo', '--ui', '--json', '--port', String(await freePort())], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const close = async () => {
    demo.kill('SIGTERM');
    if (demo.exitCode === null) await new Promise((resolve) => demo.once('exit', resolve));
    await rm(home, { recursive: true, force: true });
  };
  try {
    const started = await new Promise<{ ui: string; proxy: string }>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`demo did not start: ${out}`)), 20_000);
      demo.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const line = out.split('\n').find((l) => l.startsWith('{'));
        if (line) {
          clearTimeout(timer);
          resolve(JSON.parse(line) as { ui: string; proxy: string });
        }
      });
    });
    return { url: started.ui, proxyUrl: started.proxy, home, close };
  } catch (error) {
    await close();
    throw error;
  }
}
