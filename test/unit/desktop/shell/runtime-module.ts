/** Stands in for app/core/runtime.js in the shell test. */
export function createRuntime(input: unknown): Promise<unknown> {
  return (globalThis as unknown as { __createRuntime: (input: unknown) => Promise<unknown> }).__createRuntime(input);
}
