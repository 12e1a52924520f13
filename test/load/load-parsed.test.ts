import { describe, expect, it } from "vitest";
import { planSyntheticReport } from "../../bench/synthetic.ts";
import { loadFailure, loadParsed } from "../../src/load/index.ts";
import { changeMark, docFor, fixedClock, freshDb, rowCounts, seedExpected, seedResult } from "./_fixtures.ts";

const opts = { now: fixedClock };

describe("loadParsed", () => {
  it("reads the seed's 200 facts back equal to seed.expected.json", () => {
    const db = freshDb();
    const r = seedResult();
    const { reportId } = loadParsed(db, docFor(r), r, opts);
    const rows = db.prepare("SELECT key, value FROM facts WHERE report_id = ?").all(reportId) as {
      key: string;
      value: number;
    }[];
    expect(Object.fromEntries(rows.map((x) => [x.key, x.value]))).toEqual(seedExpected.facts);
    expect(rows).toHaveLength(200);
  });

  it("fills the public contract: reports and facts", () => {
    const db = freshDb();
    const r = seedResult();
    loadParsed(db, docFor(r), r, opts);
    const report = db.prepare("SELECT id, agency, region_code, year, template, status, current FROM reports").get();
    expect(report).toEqual({
      id: 1,
      agency: "梁平区人民政府",
      region_code: "500155",
      year: 2021,
      template: "2021",
      status: "ok",
      current: 1,
    });
    expect(db.prepare("SELECT value FROM facts WHERE report_id = 1 AND key = 'requests.new.total'").pluck().get()).toBe(
      70,
    );
  });

  it("splits keys into section, row and col", () => {
    const db = freshDb();
    const r = seedResult();
    loadParsed(db, docFor(r), r, opts);
    expect(
      db
        .prepare("SELECT section, row, col FROM facts WHERE key = 'requests.withheld_state_secret.natural_person'")
        .get(),
    ).toEqual({ section: "requests", row: "withheld_state_secret", col: "natural_person" });
  });

  it("loading the same document twice changes nothing", () => {
    const db = freshDb();
    const r = seedResult();
    loadParsed(db, docFor(r), r, opts);
    const before = changeMark(db);
    const counts = rowCounts(db);
    const again = loadParsed(db, docFor(r), r, opts);
    expect(again.status).toBe("unchanged");
    expect(changeMark(db)).toEqual(before);
    expect(rowCounts(db)).toEqual(counts);
  });

  it("keeps a changed document at the same URL as a new version and records the changed cells", () => {
    const db = freshDb();
    const v1 = seedResult();
    loadParsed(db, docFor(v1), v1, opts);
    const v2 = seedResult((r) => {
      r.facts["requests.granted.natural_person"] = 28;
      r.cells["requests.granted.natural_person"]!.raw = "28";
    });
    const out = loadParsed(db, docFor(v2), v2, opts);
    expect(out).toMatchObject({ status: "changed", version: 2, previousReportId: 1 });
    expect(out.changes).toEqual([
      {
        key: "requests.granted.natural_person",
        kind: "changed",
        oldValue: 27,
        newValue: 28,
        oldRaw: "27",
        newRaw: "28",
      },
    ]);
    expect(db.prepare("SELECT id, version, current FROM reports ORDER BY id").all()).toEqual([
      { id: 1, version: 1, current: 0 },
      { id: 2, version: 2, current: 1 },
    ]);
    expect(db.prepare("SELECT count(*) FROM facts").pluck().get()).toBe(400);
    expect(db.prepare("SELECT key, old_value, new_value, old_version, new_version FROM changed_cells").all()).toEqual([
      { key: "requests.granted.natural_person", old_value: 27, new_value: 28, old_version: 1, new_version: 2 },
    ]);
  });

  it("reloading an older version leaves the newest one current", () => {
    const db = freshDb();
    const v1 = seedResult();
    const v2 = seedResult((r) => {
      r.facts["requests.new.research"] = 1;
    });
    loadParsed(db, docFor(v1), v1, opts);
    loadParsed(db, docFor(v2), v2, opts);
    expect(loadParsed(db, docFor(v1), v1, opts).status).toBe("unchanged");
    expect(db.prepare("SELECT id FROM reports WHERE current = 1").pluck().all()).toEqual([2]);
  });

  it("marks the same document parsed by a new parser version as reparsed", () => {
    const db = freshDb();
    const r = seedResult();
    const doc = docFor(r);
    loadParsed(db, doc, r, opts);
    const out = loadParsed(
      db,
      doc,
      seedResult((x) => {
        x.parser_version = "test-2";
      }),
      opts,
    );
    expect(out).toMatchObject({ status: "reparsed", version: 2, changes: [] });
  });

  it("lets the site registry's agency and region code win over the report text", () => {
    const db = freshDb();
    const r = seedResult((x) => {
      x.report.region = null;
    });
    const { reportId } = loadParsed(
      db,
      docFor(r, { agency: "重庆市梁平区人民政府", regionCode: "500155", siteId: "cq-lp" }),
      r,
      opts,
    );
    expect(db.prepare("SELECT agency, region_code FROM reports WHERE id = ?").get(reportId)).toEqual({
      agency: "重庆市梁平区人民政府",
      region_code: "500155",
    });
  });

  it("lists region text it cannot resolve", () => {
    const db = freshDb();
    const r = seedResult((x) => {
      x.report.region = "某某经济开发区";
    });
    loadParsed(db, docFor(r), r, opts);
    expect(db.prepare("SELECT region_text, reports FROM unresolved_regions").all()).toEqual([
      { region_text: "某某经济开发区", reports: 1 },
    ]);
  });

  it("rejects an invalid result with INVALID_RESULT and writes nothing", () => {
    const db = freshDb();
    const r = seedResult((x) => {
      (x.facts as Record<string, unknown>)["requests.new.total"] = "70";
    });
    expect(() => loadParsed(db, docFor(r), r, opts)).toThrow(expect.objectContaining({ code: "INVALID_RESULT" }));
    expect(db.prepare("SELECT count(*) FROM reports").pluck().get()).toBe(0);
  });

  it("records a document that failed to parse once per parser version", () => {
    const db = freshDb();
    const doc = { sha256: "ab".repeat(32), path: "letter.txt" };
    const failure = { code: "NOT_A_REPORT", message: "NOT_A_REPORT letter.txt: not a report", parserVersion: "test-1" };
    expect(loadFailure(db, doc, failure, opts)).toBe(true);
    expect(loadFailure(db, doc, failure, opts)).toBe(false);
    expect(db.prepare("SELECT path, code FROM failed_documents").all()).toEqual([
      { path: "letter.txt", code: "NOT_A_REPORT" },
    ]);
  });

  it("keeps null cells null, never 0", () => {
    const db = freshDb();
    const r = seedResult((x) => {
      x.facts["appeals.review.pending"] = null;
      x.cells["appeals.review.pending"] = { raw: "/", confidence: 1, method: "direct" };
    });
    loadParsed(db, docFor(r), r, opts);
    expect(db.prepare("SELECT value, raw FROM facts WHERE key = 'appeals.review.pending'").get()).toEqual({
      value: null,
      raw: "/",
    });
  });

  it("loads a synthetic report of each template with its identities holding", () => {
    const db = freshDb();
    for (const i of [0, 3]) {
      const r = planSyntheticReport(i);
      loadParsed(db, { sha256: `s${i}` }, r, opts);
    }
    const bad = db
      .prepare(`SELECT DISTINCT r.template, f.col FROM reports r JOIN facts f ON f.report_id = r.id
      WHERE f.row = 'new' AND f.value + (SELECT value FROM facts o WHERE o.report_id = r.id AND o.key = 'requests.carried_over.' || f.col)
        != (SELECT value FROM facts o WHERE o.report_id = r.id AND o.key = 'requests.total.' || f.col) + (SELECT value FROM facts o WHERE o.report_id = r.id AND o.key = 'requests.carried_forward.' || f.col)`)
      .all();
    expect(bad).toEqual([]);
    expect(db.prepare("SELECT template FROM reports ORDER BY id").pluck().all()).toEqual(["2019", "2021"]);
  });
});
