// Exit statuses, decided in one place: commands throw or return errors with a code, and this table
// maps the code to what the shell sees. Documented in README.md ("Exit status").
import { parseArgs, type ParseArgsConfig } from "node:util";
import { safeText } from "./render/safe-text.ts";

export const EXIT = {
  /** Done (a document that did not parse is a result, not a failure). */
  OK: 0,
  /** The command could not do its job: unreadable input, database error, bad registry. */
  FAILED: 1,
  /** Bad arguments or options, unknown flags included: nothing was done. */
  USAGE: 2,
  /**
   * Incomplete, resumable: a crawl stalled, or `crawl`/`run` was interrupted by SIGINT or SIGTERM
   * (stopped after the transaction in progress, lock released). Run it again to finish. A second
   * signal kills at once (then the shell sees 128 + the signal, 130 or 143).
   */
  INCOMPLETE: 3,
  /** A bug: an error nobody gave a code (sysexits EX_SOFTWARE). */
  SOFTWARE: 70,
  /** Another writer holds the dataset's lock: try again later (sysexits EX_TEMPFAIL). */
  LOCKED: 75,
} as const;

/** Bad arguments found by a command itself (a missing required option, a value out of range). */
export class UsageError extends Error {
  override readonly name = "UsageError";
  readonly code = "USAGE";
}

const BY_CODE: Record<string, number> = {
  USAGE: EXIT.USAGE,
  BAD_OPTION: EXIT.USAGE,
  BAD_OPTIONS: EXIT.USAGE,
  NOT_FOUND: EXIT.USAGE,
  LOCKED: EXIT.LOCKED,
  STALLED: EXIT.INCOMPLETE,
};

/** The exit status for an error: by its code; node:util parseArgs's own errors are usage errors. */
export function exitCodeOf(err: unknown): number {
  const code = err instanceof Error && "code" in err && typeof err.code === "string" ? err.code : undefined;
  if (code === undefined) return EXIT.FAILED;
  if (code.startsWith("ERR_PARSE_ARGS_")) return EXIT.USAGE;
  return BY_CODE[code] ?? EXIT.FAILED;
}

/**
 * One line for stderr: the command, then the error's own message (which names the file or value),
 * its first line only, with control characters escaped (a message may quote a hostile document).
 */
export function renderErrorLine(command: string, err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  return `gongkai ${command}: ${safeText(msg.split("\n")[0] ?? "")}\n`;
}

/** The first year of reports (the 条例 took effect in 2008). */
export const FIRST_YEAR = 2008;

/** A report year given on the command line: a whole number from 2008 to next year, else a UsageError. */
export function parseYearArg(name: string, v: string | undefined, now: Date = new Date()): number | undefined {
  if (v === undefined) return undefined;
  const y = Number(v);
  const last = now.getUTCFullYear() + 1;
  if (!/^\d+$/.test(v) || y < FIRST_YEAR || y > last)
    throw new UsageError(`--${name} must be a report year from ${FIRST_YEAR} to ${last}, such as 2021 (got '${v}')`);
  return y;
}

/** node:util parseArgs, strict, with its errors turned into UsageError. */
export function parseCommandArgs<T extends ParseArgsConfig>(config: T): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err), { cause: err });
  }
}

/** Runs a command body: any error becomes one line on stderr and its exit status. */
export async function runCommand(command: string, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (err) {
    // A closed pipe (`gongkai export … | head`) is the reader's choice, not an error.
    if (err instanceof Error && "code" in err && err.code === "EPIPE") return EXIT.OK;
    process.stderr.write(renderErrorLine(command, err));
    return exitCodeOf(err);
  }
}
