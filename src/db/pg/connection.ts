// A PostgreSQL dataset behind the same calls the load and query code make on better-sqlite3:
// prepare → run / get / all / iterate, pluck and raw, exec, transaction (savepoints when nested).
// Statements are translated once (dialect.ts) and prepared server-side by name on first use.
import { createHash } from "node:crypto";
import { type PgConfig, PgError, SyncPgClient } from "./_bridge.ts";
import type { RunResult, Transaction } from "../types.ts";
import { insertTarget, type Translated, translateSql } from "./dialect.ts";

/** Tables whose rows get an identity `id` (schema.ts): an INSERT into them returns it. */
const ID_TABLES = new Set(["agencies", "documents", "load_runs", "reports", "load_errors", "fact_keys"]);

/** Rows fetched per round trip when a statement is iterated (a server-side cursor). */
const ITERATE_BATCH = 2000;

export class PgStatement {
  private pluckOn = false;
  private rawOn = false;
  private readonly returning: boolean;

  constructor(
    private readonly db: PgDatabase,
    private readonly t: Translated,
    private readonly name: string,
  ) {
    const target = insertTarget(t.text);
    this.returning = target !== null && ID_TABLES.has(target) && !/\bRETURNING\b/i.test(t.text);
  }

  pluck(on = true): this {
    this.pluckOn = on;
    if (on) this.rawOn = false;
    return this;
  }

  raw(on = true): this {
    this.rawOn = on;
    if (on) this.pluckOn = false;
    return this;
  }

  run(...params: unknown[]): RunResult {
    const text = this.returning ? `${this.t.text} RETURNING id` : this.t.text;
    const r = this.db.client.query(text, this.bind(params), { name: this.returning ? `${this.name}r` : this.name });
    const first = r.rows[0] as { id?: number } | undefined;
    return { changes: r.rowCount, lastInsertRowid: first?.id ?? 0 };
  }

  get(...params: unknown[]): unknown {
    return this.shape(this.query(params))[0];
  }

  all(...params: unknown[]): unknown[] {
    return this.shape(this.query(params));
  }

  /** Rows in batches through a cursor, so an export of every fact never holds them all. */
  *iterate(...params: unknown[]): IterableIterator<unknown> {
    const cursor = `gk_cursor_${this.db.nextCursor++}`;
    const own = !this.db.inTransaction;
    if (own) this.db.client.query("BEGIN");
    try {
      this.db.client.query(`DECLARE ${cursor} NO SCROLL CURSOR FOR ${this.t.text}`, this.bind(params));
      for (;;) {
        const r = this.db.client.query(`FETCH ${ITERATE_BATCH} FROM ${cursor}`, undefined, {
          array: this.rawOn || this.pluckOn,
        });
        yield* this.shape(r.rows);
        if (r.rows.length < ITERATE_BATCH) break;
      }
      this.db.client.query(`CLOSE ${cursor}`);
    } finally {
      if (own) this.db.client.query("COMMIT");
    }
  }

  /** The result's column names, without reading a row. */
  columns(): { name: string }[] {
    return this.db.client
      .query(`SELECT * FROM (${this.t.text}) AS q LIMIT 0`, this.t.positional || this.t.names.length ? [] : undefined)
      .fields.map((name) => ({ name }));
  }

  private query(params: unknown[]): unknown[] {
    return this.db.client.query(this.t.text, this.bind(params), {
      array: this.rawOn || this.pluckOn,
      name: this.rawOn || this.pluckOn ? `${this.name}a` : this.name,
    }).rows;
  }

  private shape(rows: unknown[]): unknown[] {
    if (this.pluckOn) return rows.map((r) => (r as unknown[])[0]);
    return rows;
  }

  private bind(params: unknown[]): unknown[] {
    const flat = params.length === 1 && Array.isArray(params[0]) ? (params[0] as unknown[]) : params;
    if (this.t.names.length === 0) return flat.map(value);
    const named = flat[0] as Record<string, unknown> | undefined;
    if (named === null || typeof named !== "object")
      throw new PgError(`named parameters expected (${this.t.names.join(", ")})`, "BIND");
    return this.t.names.map((n) => {
      if (!(n in named)) throw new PgError(`missing named parameter "${n}"`, "BIND");
      return value(named[n]);
    });
  }
}

/** What better-sqlite3 would bind: undefined is an error there; here it is null. */
function value(v: unknown): unknown {
  if (v === undefined) return null;
  if (typeof v === "bigint") return v.toString();
  return v;
}

export class PgDatabase {
  readonly client: SyncPgClient;
  readonly dialect = "postgres" as const;
  readonly memory = false;
  readonly name: string;
  inTransaction = false;
  nextCursor = 1;
  private depth = 0;

  /**
   * `writersLock: false` for a connection whose writes never race for the same rows (the crawl
   * frontier, src/crawl/postgres.ts): its transactions then do not wait for a dataset load in progress.
   */
  constructor(
    readonly config: PgConfig,
    readonly readonly = false,
    private readonly options: { writersLock?: boolean } = {},
  ) {
    this.client = new SyncPgClient(config);
    this.name = config.connectionString.replace(/\/\/[^@/]*@/, "//");
  }

  prepare(sql: string): PgStatement {
    const t = translateSql(sql);
    const name = `gk_${createHash("sha1").update(t.text).digest("hex").slice(0, 16)}`;
    return new PgStatement(this, t, name);
  }

  exec(sql: string): this {
    this.client.query(sql);
    return this;
  }

  /** better-sqlite3's transaction(): the function runs in BEGIN … COMMIT, nested calls in a savepoint. */
  // biome-ignore lint/suspicious/noExplicitAny: as better-sqlite3's, a transaction wraps a function of any arguments.
  transaction<F extends (...params: any[]) => unknown>(fn: F): Transaction<F> {
    const wrapped = (...args: unknown[]) => this.inside(() => fn(...args));
    return Object.assign(wrapped, {
      immediate: wrapped,
      deferred: wrapped,
      exclusive: wrapped,
    }) as unknown as Transaction<F>;
  }

  private inside<R>(fn: () => R): R {
    const outer = this.depth === 0;
    const savepoint = `gk_sp_${this.depth}`;
    this.client.query(outer ? "BEGIN" : `SAVEPOINT ${savepoint}`);
    if (outer) {
      this.inTransaction = true;
      // One writer at a time, as SQLite's write lock: two loaders never race for an agency or a
      // report key. Readers are not blocked (MVCC).
      if (!this.readonly && this.options.writersLock !== false)
        this.client.query("SELECT pg_advisory_xact_lock(7262051)");
    }
    this.depth++;
    try {
      const r = fn();
      this.depth--;
      this.client.query(outer ? "COMMIT" : `RELEASE SAVEPOINT ${savepoint}`);
      if (outer) this.inTransaction = false;
      return r;
    } catch (err) {
      this.depth--;
      try {
        this.client.query(outer ? "ROLLBACK" : `ROLLBACK TO SAVEPOINT ${savepoint}`);
        if (!outer) this.client.query(`RELEASE SAVEPOINT ${savepoint}`);
      } finally {
        if (outer) this.inTransaction = false;
      }
      throw err;
    }
  }

  close(): void {
    this.client.close();
  }
}
