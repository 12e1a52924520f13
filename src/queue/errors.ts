// One error class for the queue: a code, the dataset or job it is about, and the cause.
export type QueueCode =
  /** --db is not a PostgreSQL URL, or another option is out of range. */
  | "BAD_OPTION"
  /** A job's data does not describe a site (written by another version, or by hand). */
  | "BAD_JOB"
  /** pg-boss or PostgreSQL failed outside any one job. */
  | "BOSS"
  /** The worker was stopped (SIGINT, SIGTERM) mid-job: the job fails this attempt and is tried again. */
  | "INTERRUPTED";

export class QueueError extends Error {
  override readonly name = "QueueError";
  constructor(
    readonly code: QueueCode,
    readonly source: string,
    msg: string,
    opts?: ErrorOptions,
  ) {
    super(msg, opts);
  }
}

export function isQueueError(e: unknown): e is QueueError {
  return e instanceof QueueError;
}
