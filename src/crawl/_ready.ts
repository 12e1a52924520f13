// Host readiness queue (the gap rules themselves are in _hosts.ts): the hosts that have pending rows, ordered by the
// time they may next start a request. The scheduler pops only the hosts that are due, so one pass costs
// O(due · log hosts) instead of a database probe for every host, which is what lets one process keep
// thousands of hosts at their delay. A host that is fetching (or loading robots.txt) is out of the
// queue; it comes back when its request finishes. Lazy deletion: a heap entry counts only if its time is
// still the host's current one.

interface Entry {
  host: string;
  at: number;
}

export class ReadyQueue {
  private readonly heap: Entry[] = [];
  private readonly due = new Map<string, number>();

  /** Hosts queued. */
  get size(): number {
    return this.due.size;
  }

  has(host: string): boolean {
    return this.due.has(host);
  }

  /** Queue the host at `at` (ms epoch), replacing its earlier place. */
  set(host: string, at: number): void {
    if (this.due.get(host) === at) return;
    this.due.set(host, at);
    this.push({ host, at });
  }

  /** Queue the host to be looked at now (new rows for it), unless it is already due sooner. */
  wake(host: string, at = 0): void {
    const cur = this.due.get(host);
    if (cur === undefined || cur > at) this.set(host, at);
  }

  remove(host: string): void {
    this.due.delete(host);
  }

  /** Earliest queued time, or Infinity when the queue is empty. */
  peek(): number {
    this.prune();
    return this.heap[0]?.at ?? Infinity;
  }

  /** Take the host due earliest, if it is due at `now`. */
  popDue(now: number): string | undefined {
    this.prune();
    const top = this.heap[0];
    if (!top || top.at > now) return undefined;
    this.pop();
    this.due.delete(top.host);
    return top.host;
  }

  /** Drop stale entries from the top. */
  private prune(): void {
    for (let top = this.heap[0]; top && this.due.get(top.host) !== top.at; top = this.heap[0]) this.pop();
  }

  private push(e: Entry): void {
    const h = this.heap;
    h.push(e);
    for (let i = h.length - 1; i > 0; ) {
      const p = (i - 1) >> 1;
      if (h[p]!.at <= e.at) break;
      h[i] = h[p]!;
      h[p] = e;
      i = p;
    }
  }

  private pop(): void {
    const h = this.heap;
    const last = h.pop()!;
    if (!h.length) return;
    h[0] = last;
    for (let i = 0; ; ) {
      const l = 2 * i + 1,
        r = l + 1;
      let m = i;
      if (l < h.length && h[l]!.at < h[m]!.at) m = l;
      if (r < h.length && h[r]!.at < h[m]!.at) m = r;
      if (m === i) break;
      [h[i], h[m]] = [h[m]!, h[i]!];
      i = m;
    }
  }
}
