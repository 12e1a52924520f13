// A synchronous PostgreSQL client. The dataset code is synchronous (better-sqlite3's model): a load
// is one transaction of many small statements, and the read side returns rows, not promises. So a
// PostgreSQL dataset keeps that shape: node-postgres runs in a worker thread, and each call blocks
// the caller on Atomics.wait until the worker has the answer. A loopback round trip costs about as
// much as a SQLite statement's own work; the loader batches rows (64 a statement) so it pays few.
import { createRequire } from "node:module";
import { MessageChannel, type MessagePort, Worker, receiveMessageOnPort } from "node:worker_threads";

const require = createRequire(import.meta.url);

/** Plain JavaScript run with `eval`, so the same code works from src/ (vitest) and dist/. */
const WORKER_SOURCE = `
const { workerData } = require("node:worker_threads");
const pg = require(workerData.pg);
const { port, flag, config, searchPath } = workerData;
const signal = new Int32Array(flag);
// Numbers come back as numbers, booleans as 1/0, as SQLite gives them: the same code reads both.
const types = {
  getTypeParser(oid, format) {
    if (oid === 20 || oid === 1700 || oid === 700 || oid === 701) return (v) => (v === null ? null : Number(v));
    if (oid === 16) return (v) => (v === null ? null : v === "t" ? 1 : 0);
    return pg.types.getTypeParser(oid, format);
  },
};
const client = new pg.Client({ ...config, types });
let broken = null;
client.on("error", (e) => { broken = e; });
const ready = client.connect().then(async () => {
  await client.query("SET client_min_messages = warning");
  if (searchPath) await client.query("SET search_path TO " + searchPath);
});
function reply(msg) {
  port.postMessage(msg);
  Atomics.store(signal, 0, 1);
  Atomics.notify(signal, 0);
}
port.on("message", async (op) => {
  try {
    await ready;
    if (broken) throw broken;
    if (op.kind === "close") { await client.end(); reply({ ok: true }); return; }
    const r = await client.query(op.values ? { text: op.text, values: op.values, rowMode: op.array ? "array" : undefined, name: op.name } : { text: op.text, rowMode: op.array ? "array" : undefined });
    const last = Array.isArray(r) ? r[r.length - 1] : r;
    reply({ rows: last.rows, rowCount: last.rowCount ?? 0, fields: (last.fields || []).map((f) => f.name) });
  } catch (e) {
    reply({ error: { message: String((e && e.message) || e), code: e && e.code, detail: e && e.detail, where: e && e.where } });
  }
});
`;

export interface PgConfig {
  connectionString: string;
  /** `SET search_path` on connect: one database can hold many datasets, a schema each. */
  searchPath?: string;
  /** How long one statement may take before the caller gives up (ms). */
  timeoutMs?: number;
}

export interface PgResult {
  rows: unknown[];
  rowCount: number;
  fields: string[];
}

/** A PostgreSQL error, with its SQLSTATE (`23505` unique violation …) as `code`. */
export class PgError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
    readonly detail?: string,
  ) {
    super(message);
    this.name = "PgError";
  }
}

export class SyncPgClient {
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private readonly signal: Int32Array;
  private readonly timeoutMs: number;
  private closed = false;

  constructor(config: PgConfig) {
    const flag = new SharedArrayBuffer(4);
    this.signal = new Int32Array(flag);
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    this.timeoutMs = config.timeoutMs ?? 10 * 60_000;
    this.worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        pg: require.resolve("pg"),
        port: port2,
        flag,
        config: { connectionString: config.connectionString },
        searchPath: config.searchPath ?? null,
      },
      transferList: [port2],
    });
    this.worker.unref();
    this.port.unref();
  }

  /** Runs one statement (or, without values, several separated by `;`) and waits for its rows. */
  query(text: string, values?: unknown[], opts: { array?: boolean; name?: string } = {}): PgResult {
    if (this.closed) throw new PgError("the PostgreSQL dataset is closed", undefined);
    Atomics.store(this.signal, 0, 0);
    this.port.postMessage({ kind: "query", text, values, array: opts.array, name: opts.name });
    const msg = this.answer() as PgResult & { error?: { message: string; code?: string; detail?: string } };
    if (msg.error) throw new PgError(msg.error.message, msg.error.code, msg.error.detail);
    return msg;
  }

  /**
   * Waits for the worker's answer to the message just posted. The worker posts its answer, then sets the
   * flag, then notifies. When the caller found the flag already set (its wait returned at once) and went on
   * to its next statement, that answer's notify can still arrive and wake the next wait before the next
   * answer exists: so a wake-up without a message is waited out again, never taken as an answer.
   */
  private answer(): unknown {
    const deadline = performance.now() + this.timeoutMs;
    for (;;) {
      const left = deadline - performance.now();
      const got = left > 0 ? Atomics.wait(this.signal, 0, 0, left) : "timed-out";
      const msg = receiveMessageOnPort(this.port);
      if (msg) return msg.message;
      if (got === "timed-out") {
        this.closed = true;
        void this.worker.terminate();
        throw new PgError(`PostgreSQL did not answer within ${this.timeoutMs} ms`, "TIMEOUT");
      }
    }
  }

  close(): void {
    if (this.closed) return;
    try {
      Atomics.store(this.signal, 0, 0);
      this.port.postMessage({ kind: "close" });
      Atomics.wait(this.signal, 0, 0, 5000);
    } finally {
      this.closed = true;
      this.port.close();
      void this.worker.terminate();
    }
  }
}
