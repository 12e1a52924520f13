// The rooms of docs/architecture.md, checked: floors import only downwards, only the write side
// (src/load/) and the read side (src/query/) send SQL to the dataset, and comments cite only files
// that are in the repository.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : p.endsWith(".ts") ? [p] : [];
  });
}
const SRC = files("src").map((p) => ({ path: relative("src", p), text: readFileSync(p, "utf8") }));
const roomOf = (path: string) => (path.includes("/") ? path.slice(0, path.indexOf("/")) : path.replace(/\.ts$/, ""));

/** What each room may import (besides itself and the shared types of src/source.ts and src/paths.ts). */
const MAY_IMPORT: Record<string, readonly string[]> = {
  parse: [],
  db: [],
  crawl: ["parse", "db"],
  load: ["parse", "db"],
  query: ["parse", "load", "db"],
  ingest: ["parse", "crawl", "load", "query", "db"],
  web: ["parse", "load", "query", "db"],
  queue: ["parse", "crawl", "load", "query", "ingest", "db"],
  cli: ["parse", "crawl", "load", "query", "ingest", "web", "db", "queue"],
};

describe("architecture", () => {
  it("every room imports only the rooms below it", () => {
    const bad: string[] = [];
    for (const f of SRC) {
      const room = roomOf(f.path);
      const allowed = MAY_IMPORT[room];
      if (!allowed) continue;
      for (const m of f.text.matchAll(/^(?:import|export)[^;]*? from "(\.[^"]+)"/gm)) {
        const target = relative("src", join("src", f.path, "..", m[1]!));
        const to = roomOf(target);
        if (to === room || to === "source" || to === "paths") continue;
        if (!allowed.includes(to)) bad.push(`${f.path} imports ${target}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it("only src/load and src/query send SQL to the dataset (the crawl database, the lock and the connections in src/db are their rooms' own)", () => {
    const own = (p: string) => /^(load|query|crawl|db)\//.test(p) || p === "ingest/lock.ts";
    const sql =
      /\b(SELECT\s+[\w*]|INSERT\s+(OR\s+\w+\s+)?INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|CREATE\s+(TABLE|VIEW|INDEX))/;
    expect(SRC.filter((f) => !own(f.path) && sql.test(f.text)).map((f) => f.path)).toEqual([]);
  });

  it("fact keys are built only by src/parse/keys.ts", () => {
    const built = /`(requests|proactive|appeals)\.\$\{/;
    const tools = ["bench", "demo"].flatMap(files).map((p) => ({ path: p, text: readFileSync(p, "utf8") }));
    expect(
      [...SRC, ...tools].filter((f) => f.path !== "parse/keys.ts" && built.test(f.text)).map((f) => f.path),
    ).toEqual([]);
  });

  it("comments cite only files in the repository (src, bench, demo)", () => {
    const missing: string[] = [];
    const tools = ["bench", "demo"].flatMap(files).map((p) => ({ path: p, text: readFileSync(p, "utf8") }));
    for (const f of [...SRC, ...tools]) {
      for (const m of f.text.matchAll(
        /\b((?:docs|test|bench|demo|data|scripts|deploy)\/[\w./-]+\.(?:md|ts|json|sh|mjs|tsv))/g,
      ))
        if (!existsSync(m[1]!)) missing.push(`${f.path} cites ${m[1]}`);
      if (/\.\.\/shared|\/work\/|CRAWL\.md|STYLE \d|\b[Ii]ssue \d/.test(f.text))
        missing.push(`${f.path} cites a note outside the repo`);
    }
    expect(missing).toEqual([]);
  });
});
