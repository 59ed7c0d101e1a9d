/** Retries an assertion until it passes or time runs out: the UI polls and debounces, so checks must wait. */
export async function eventually<T>(check: () => Promise<T>, timeoutMs = 5000, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  }
}
