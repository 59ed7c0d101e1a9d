/**
 * The Portkey world with one `ai-gateway serve` in front of it and the variables `ai-gateway env --json`
 * printed for it: what a test file that talks to the proxy through SDKs or agents starts in `before`.
 */
import assert from 'node:assert/strict';
import { startServe, type ServeStack } from '../../agents/agent-harness.js';
import { startPortkeyWorld, type PortkeyWorld } from './portkey-world.js';

/** A running world, its `serve`, and what `env --json` printed (OPENAI_BASE_URL, ANTHROPIC_API_KEY...). */
export interface PortkeyServe {
  world: PortkeyWorld;
  serve: ServeStack;
  vars: Record<string, string>;
  /** Stops `serve`, then the world. */
  close(): Promise<void>;
}

/** Starts the world and `serve` against it (with `extraEnv` too, e.g. provider options); the world is closed again if `serve` fails. */
export async function startPortkeyServe(extraEnv: Record<string, string> = {}): Promise<PortkeyServe> {
  const world = await startPortkeyWorld();
  let serve: ServeStack | null = null;
  try {
    serve = await startServe({ ...world.gatewayEnv, ...extraEnv });
    const printed = await serve.cli(['env', '--json']);
    assert.equal(printed.code, 0, printed.stderr);
    const vars = JSON.parse(printed.stdout) as Record<string, string>;
    const started = serve;
    return {
      world,
      serve,
      vars,
      async close() {
        await started.close();
        await world.close();
      },
    };
  } catch (error) {
    await serve?.close();
    await world.close();
    throw error;
  }
}
