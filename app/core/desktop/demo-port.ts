/** The desktop demo's proxy port: not the real one, so an agent set up against the demo never shadows real use (the CLI's demo uses the same). */
export const DEMO_PROXY_PORT = 8485;
