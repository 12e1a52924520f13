// What the project asks of a dataset connection: the part of better-sqlite3's API it uses, which
// the PostgreSQL connection (pg/connection.ts) implements too.

export interface RunResult {
  changes: number;
  lastInsertRowid: number | bigint;
}

/** A prepared statement: the part of better-sqlite3's Statement the project uses. */
export interface Statement {
  run(...params: unknown[]): RunResult;
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
  iterate(...params: unknown[]): IterableIterator<unknown>;
  pluck(on?: boolean): this;
  raw(on?: boolean): this;
  columns(): { name: string }[];
}

// biome-ignore lint/suspicious/noExplicitAny: a transaction wraps a function of any arguments.
type Fn = (...params: any[]) => unknown;
type Args<F extends Fn> = F extends (...args: infer A) => unknown ? A : never;

/** better-sqlite3's transaction function: BEGIN, the function, COMMIT (a savepoint when nested). */
export interface Transaction<F extends Fn> {
  (...params: Args<F>): ReturnType<F>;
  deferred(...params: Args<F>): ReturnType<F>;
  immediate(...params: Args<F>): ReturnType<F>;
  exclusive(...params: Args<F>): ReturnType<F>;
}

/** An open dataset connection, SQLite or PostgreSQL. */
export interface Database {
  prepare(sql: string): Statement;
  exec(sql: string): unknown;
  transaction<F extends Fn>(fn: F): Transaction<F>;
  readonly inTransaction: boolean;
  readonly readonly: boolean;
  readonly memory: boolean;
  readonly name: string;
  close(): unknown;
}
