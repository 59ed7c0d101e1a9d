/**
 * Module resolve hooks for the shell test: `electron` becomes the fake in electron-module.ts, and the
 * shell's `../core/desktop-runtime.js` becomes runtime-module.ts. Nothing else is redirected.
 */
const here = new URL('.', import.meta.url);

/** Node's resolve hook (module.register). */
export async function resolve(
  specifier: string,
  context: { parentURL?: string },
  next: (specifier: string, context: unknown) => Promise<{ url: string }>,
): Promise<{ url: string; shortCircuit?: boolean; format?: string }> {
  if (specifier === 'electron') return { url: new URL('electron-module.js', here).href, shortCircuit: true, format: 'module' };
  if (specifier === '../core/desktop-runtime.js' && context.parentURL?.includes('/app/main/')) {
    return { url: new URL('runtime-module.js', here).href, shortCircuit: true, format: 'module' };
  }
  return next(specifier, context);
}
