// The registry in the dataset: `gongkai run` records the whole registry it was given (every entry, enabled or not),
// replacing the previous one, so that coverage (the `division_coverage` view) can be read from the dataset alone.
import type { Database } from "../db/index.ts";

/** What the dataset keeps of a registry entry; a crawl `Site` is one. */
export interface SiteRecord {
  id: string;
  name: string;
  division?: string | undefined;
  verified: string;
  enabled: boolean;
  platform?: string | undefined;
  start?: string | readonly string[] | undefined;
}

/**
 * Replaces the dataset's registry with `sites`, in registry order, in one transaction; `now` stamps `recorded_at`.
 * @example
 * recordSites(db, await loadRegistry("data/sites"), new Date());
 */
export function recordSites(db: Database, sites: readonly SiteRecord[], now: Date): void {
  const insert =
    db.prepare(`INSERT INTO sites (id, seq, name, division, verified, enabled, platform, start, recorded_at)
    VALUES (@id, @seq, @name, @division, @verified, @enabled, @platform, @start, @recorded_at)`);
  const recordedAt = now.toISOString();
  db.transaction(() => {
    db.prepare("DELETE FROM sites").run();
    sites.forEach((s, seq) => {
      const start = typeof s.start === "string" ? s.start : (s.start?.[0] ?? null);
      insert.run({
        id: s.id,
        seq,
        name: s.name,
        division: s.division ?? null,
        verified: s.verified,
        enabled: s.enabled ? 1 : 0,
        platform: s.platform ?? null,
        start,
        recorded_at: recordedAt,
      });
    });
  }).immediate();
}
