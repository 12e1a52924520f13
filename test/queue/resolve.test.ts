// `--resolve NAME=ADDRESS` (src/queue/resolve.ts).
import { describe, expect, it } from "vitest";
import { planResolve, resolvingLookup } from "../../src/queue/index.ts";

describe("--resolve", () => {
  it("parses a name or a wildcard domain, and refuses what is not an address", () => {
    expect(planResolve("*.bench.test=127.0.0.1")).toEqual({ pattern: "*.bench.test", address: "127.0.0.1" });
    expect(planResolve("mirror.example=::1")).toEqual({ pattern: "mirror.example", address: "::1" });
    expect(() => planResolve("mirror.example=localhost")).toThrow(/NAME=ADDRESS/);
  });

  it("answers matching names with the address", async () => {
    const lookup = resolvingLookup([planResolve("*.bench.test=127.0.0.1")]);
    const one = await new Promise((resolve, reject) =>
      lookup("s00001.bench.test", {}, (err, address) => (err ? reject(err) : resolve(address))),
    );
    expect(one).toBe("127.0.0.1");
  });
});
