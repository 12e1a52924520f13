// The host readiness queue: due hosts come out earliest first; a host's place can move later or earlier;
// removed or stale places never come out.
import { expect, it } from "vitest";
import { ReadyQueue } from "../../src/crawl/_ready.ts";

function drain(q: ReadyQueue, now: number): string[] {
  const out: string[] = [];
  for (let h = q.popDue(now); h !== undefined; h = q.popDue(now)) out.push(h);
  return out;
}

it("gives the due hosts earliest first and keeps the others", () => {
  const q = new ReadyQueue();
  q.set("c", 30);
  q.set("a", 10);
  q.set("b", 20);
  q.set("d", 99);
  expect(q.peek()).toBe(10);
  expect(drain(q, 25)).toEqual(["a", "b"]);
  expect(q.size).toBe(2);
  expect(q.peek()).toBe(30);
  expect(drain(q, 100)).toEqual(["c", "d"]);
  expect(q.peek()).toBe(Infinity);
});

it("set moves a host (later or earlier); wake only moves it earlier; remove drops it", () => {
  const q = new ReadyQueue();
  q.set("a", 10);
  q.set("a", 50); // later: its old place at 10 is stale
  q.set("b", 20);
  expect(drain(q, 30)).toEqual(["b"]);
  q.wake("a", 40); // earlier than 50
  q.wake("a", 45); // later than 40: ignored
  expect(q.peek()).toBe(40);
  q.set("c", 5);
  q.remove("c");
  expect(q.has("c")).toBe(false);
  expect(drain(q, 1000)).toEqual(["a"]); // once, although it had three heap entries
  expect(q.size).toBe(0);
});

it("wakes a host that is not queued at time 0", () => {
  const q = new ReadyQueue();
  q.wake("x");
  expect(q.popDue(0)).toBe("x");
  expect(q.popDue(0)).toBeUndefined();
});
