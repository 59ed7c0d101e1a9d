/** The environment for programs this app starts (`ai-gateway run` children, agents' `--version` probes). */

/**
 * `env` without the gateway's own values: every `GATEWAY_*` variable (the client secret, the client id,
 * the endpoints, provider options) stays with this process. Children reach the gateway through the proxy
 * with a local key; they never need these, and a child that logs its environment must not leak them.
 */
export function childEnvironment(env: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (value === undefined || /^GATEWAY_/i.test(name)) continue;
    out[name] = value;
  }
  return out;
}
