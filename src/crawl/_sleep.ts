// Waiting that an abort ends early, without throwing: the crawler's gaps, the host gate's turns and
// the queue worker's polls all go on (or stop) by looking at the signal afterwards.
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(done, Math.max(0, ms));
    function done() {
      clearTimeout(t);
      signal?.removeEventListener("abort", done);
      resolve();
    }
    signal?.addEventListener("abort", done, { once: true });
  });
}
