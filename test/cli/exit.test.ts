// Exit statuses are decided in one place (src/cli/exit.ts): bad arguments exit 2 in every command,
// unknown flags included (`gongkai parse --bogus` used to crash out with 70).
import { describe, expect, it } from "vitest";
import { EXIT, exitCodeOf, UsageError } from "../../src/cli/exit.ts";
import { LockError } from "../../src/ingest/index.ts";
import { LoadError } from "../../src/load/index.ts";
import { ensureBuilt, gongkai } from "../cli-helpers.ts";

describe("exitCodeOf", () => {
  it("maps error codes to statuses", () => {
    expect(exitCodeOf(new UsageError("x"))).toBe(2);
    expect(exitCodeOf(new LoadError("BAD_OPTION", "view", "x"))).toBe(2);
    expect(exitCodeOf(new LoadError("NOT_FOUND", "a.txt", "x"))).toBe(2);
    expect(exitCodeOf(new LoadError("SCHEMA_TOO_NEW", "a.db", "x"))).toBe(1);
    expect(exitCodeOf(new LockError("LOCKED", "a.lock", null, "x"))).toBe(75);
    expect(exitCodeOf(new Error("no code"))).toBe(EXIT.FAILED);
  });
});

describe("every command exits 2 on bad arguments", () => {
  const commands = ["parse", "load", "export", "compare", "series", "crawl", "run"];
  for (const cmd of commands)
    it(`gongkai ${cmd} --no-such-flag`, () => {
      ensureBuilt();
      const r = gongkai([cmd, "--no-such-flag", "x"]);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`^gongkai ${cmd}: .*--no-such-flag`));
    });

  it("missing required arguments", () => {
    expect(gongkai(["compare", "--metric", "requests.new.total"]).status).toBe(2);
    expect(gongkai(["series"]).status).toBe(2);
    expect(gongkai(["export"]).status).toBe(2);
    expect(gongkai(["load"]).status).toBe(2);
    expect(gongkai(["parse"]).status).toBe(2);
    expect(gongkai(["run", "--year", "last"]).status).toBe(2);
    expect(gongkai(["run", "--concurrency", "many"]).status).toBe(2);
  });

  it("report years out of range (before 2008, after next year) are usage errors", () => {
    const run = gongkai(["run", "--year", "99999", "--sites", "nope.json"]);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(
      /^gongkai run: --year must be a report year from 2008 to \d{4}, such as 2021 \(got '99999'\)\n$/,
    );
    expect(gongkai(["run", "--year", "-5"]).status).toBe(2);
    expect(gongkai(["compare", "--year", "1800", "--metric", "requests.new.total"]).status).toBe(2);
    expect(gongkai(["compare", "--year", "2021.5", "--metric", "requests.new.total"]).status).toBe(2);
  });

  it("--version names the package and the parser", () => {
    expect(gongkai(["--version"]).stdout).toMatch(/^gongkai 0\.1\.0 \(parser \d+\.\d+\.\d+\)\n$/);
  });
});
