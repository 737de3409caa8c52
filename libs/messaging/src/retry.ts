// Backoff helpers shared by the bridges.

/** Exponential backoff with jitter: attempt 1 → ~base ms, doubling, capped at max. */
export const backoffMs = (attempt: number, base: number, max: number): number => {
  const raw = Math.min(max, base * 2 ** Math.max(0, attempt - 1));
  return Math.round(raw / 2 + (Math.random() * raw) / 2);
};

export const sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
