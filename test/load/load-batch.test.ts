// loadBatch: many reports in one transaction, each in its own savepoint.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { type BatchItem, type Database, loadBatch, loadParsed } from "../../src/load/index.ts";
import { ingestFiles } from "../../src/ingest/index.ts";
import { searchNarratives } from "../../src/query/index.ts";
import { planSyntheticReport } from "../../bench/synthetic.ts";
import type { ParseResult } from "../../src/parse/index.ts";
import { changeMark, fixedClock, freshDb, rowCounts } from "./_fixtures.ts";

const opts = { now: fixedClock, validate: false };
const itemOf = (i: number, edit: (r: ParseResult) => void = () => {}): BatchItem => {
  const result = planSyntheticReport(i, { parserVersion: "batch-test" });
  edit(result);
  return { doc: { sha256: `sha-${i}`, path: result.source.path }, result };
};
const items = (n: number) => Array.from({ length: n }, (_, i) => itemOf(i));

/** What a load decides, by report key: reports, facts, checks, narratives. */
function contents(db: Database): unknown[] {
  return [
    db
      .prepare(
        "SELECT report_key, version, current, reason, agency, region_code, year FROM reports ORDER BY report_key",
      )
      .raw()
      .all(),
    db
      .prepare(
        "SELECT r.report_key, f.key, f.value, f.raw, f.flagged FROM facts f JOIN reports r ON r.id = f.report_id ORDER BY 1, 2",
      )
      .raw()
      .all(),
    db
      .prepare(
        "SELECT r.report_key, c.seq, c.check_id, c.ok, c.keys FROM checks c JOIN reports r ON r.id = c.report_id ORDER BY 1, 2",
      )
      .raw()
      .all(),
    db
      .prepare(
        "SELECT r.report_key, n.section, n.body FROM narratives n JOIN reports r ON r.id = n.report_id ORDER BY 1, 2",
      )
      .raw()
      .all(),
  ];
}

describe("loadBatch", () => {
  it("writes the same rows as one loadParsed per report", () => {
    const one = freshDb();
    for (const it of items(12)) if ("result" in it) loadParsed(one, it.doc, it.result, opts);
    const batch = freshDb();
    loadBatch(batch, items(12), opts);
    expect(contents(batch)).toEqual(contents(one));
  });

  it("finds a batch's narratives by full-text search", () => {
    const db = freshDb();
    loadBatch(db, items(5), opts);
    expect(searchNarratives(db, "政务公开").length).toBeGreaterThan(0);
  });

  it("loading the same batch twice changes nothing", () => {
    const db = freshDb();
    loadBatch(db, items(6), opts);
    const before = changeMark(db);
    const counts = rowCounts(db);
    expect(loadBatch(db, items(6), opts).map((o) => o.status)).toEqual(Array(6).fill("unchanged"));
    expect(changeMark(db)).toEqual(before);
    expect(rowCounts(db)).toEqual(counts);
  });

  it("records a report that fails validation as failed and loads the others", () => {
    const db = freshDb();
    const bad = itemOf(1, (r) => {
      (r.facts as Record<string, unknown>)["requests.new.total"] = "seventy";
    });
    const out = loadBatch(db, [itemOf(0), { ...bad, validate: true }, itemOf(2)], opts);
    expect(out.map((o) => o.status)).toEqual(["new", "failed", "new"]);
    expect(db.prepare("SELECT code FROM load_errors").pluck().all()).toEqual(["INVALID_RESULT"]);
    expect(db.prepare("SELECT count(*) FROM reports").pluck().get()).toBe(2);
  });

  it("rolls a report the database refuses back to its savepoint and loads the others", () => {
    const db = freshDb();
    const bad = itemOf(1, (r) => {
      (r.report as { template: string }).template = "1999";
    }); // fails the CHECK on reports.template
    const out = loadBatch(db, [itemOf(0), bad, itemOf(2)], opts);
    expect(out.map((o) => o.status)).toEqual(["new", "failed", "new"]);
    expect(out[1]).toMatchObject({ code: "REJECTED", recorded: true });
    const ids = db.prepare("SELECT id FROM reports").pluck().all() as number[];
    expect(ids).toHaveLength(2);
    // Nothing of the refused report: no facts, checks or narratives without a report.
    for (const t of ["facts", "checks", "narratives"]) {
      expect(db.prepare(`SELECT count(DISTINCT report_id) FROM ${t}`).pluck().get()).toBe(2);
      expect(
        db.prepare(`SELECT count(*) FROM ${t} WHERE report_id NOT IN (SELECT id FROM reports)`).pluck().get(),
      ).toBe(0);
    }
  });

  it("records parse failures given in the batch", () => {
    const db = freshDb();
    const out = loadBatch(
      db,
      [
        itemOf(0),
        {
          doc: { sha256: "sha-x", path: "x.pdf" },
          failure: { code: "UNREADABLE", message: "no text", parserVersion: "p1" },
        },
      ],
      opts,
    );
    expect(out.map((o) => o.status)).toEqual(["new", "failed"]);
    expect(
      db.prepare("SELECT d.path, e.code FROM load_errors e JOIN documents d ON d.id = e.document_id").get(),
    ).toEqual({ path: "x.pdf", code: "UNREADABLE" });
  });

  it("rolls the whole batch back and throws on a database error", () => {
    const db = freshDb();
    db.exec("DROP TABLE narratives"); // not a document's fault: the batch cannot be written
    expect(() => loadBatch(db, items(3), opts)).toThrow(/narratives/);
    expect(db.prepare("SELECT count(*) FROM documents").pluck().get()).toBe(0);
    expect(db.prepare("SELECT count(*) FROM facts").pluck().get()).toBe(0);
  });

  it("keeps the run row when a report that created it is rolled back", () => {
    const db = freshDb();
    let run: number | null = null;
    // As the ingest door does: the lazily created run row may be rolled back with the savepoint that wrote it.
    const runId = () => {
      if (run !== null && db.prepare("SELECT 1 FROM load_runs WHERE id = ?").get(run)) return run;
      return (run = Number(
        db.prepare("INSERT INTO load_runs (started_at, parser_version) VALUES ('t', 'v')").run().lastInsertRowid,
      ));
    };
    const bad = itemOf(0, (r) => {
      (r.report as { template: string }).template = "1999";
    });
    loadBatch(db, [bad, itemOf(1)], { ...opts, runId });
    expect(db.prepare("SELECT count(*) FROM reports r JOIN load_runs l ON l.id = r.load_run_id").pluck().get()).toBe(1);
  });
});

describe("ingestFiles in batches", () => {
  const dir = mkdtempSync(join(tmpdir(), "gongkai-batch-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  for (let i = 0; i < 10; i++)
    writeFileSync(
      join(dir, `${i}.parse.json`),
      JSON.stringify(planSyntheticReport(i, { parserVersion: "batch-test" })),
    );

  it("loads the same rows whatever the batch size", async () => {
    const one = freshDb();
    await ingestFiles(one, [dir], { now: fixedClock, batchSize: 1 });
    const three = freshDb();
    const summary = await ingestFiles(three, [dir], { now: fixedClock, batchSize: 3 });
    expect(summary.counts.new).toBe(10);
    expect(contents(three)).toEqual(contents(one));
  });

  it("rejects a batch size below 1 with BAD_OPTION", async () => {
    await expect(ingestFiles(freshDb(), [dir], { batchSize: 0 })).rejects.toMatchObject({ code: "BAD_OPTION" });
  });
});
