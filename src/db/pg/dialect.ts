// The dataset's SQL is written once, in the subset SQLite and PostgreSQL share. What differs in
// spelling is rewritten here, mechanically, before PostgreSQL sees a statement: parameters (`?`,
// `@name`) become `$n`, `INSERT OR IGNORE` becomes `ON CONFLICT DO NOTHING`, SQLite's row `IS NOT`
// becomes `IS DISTINCT FROM`, `CROSS JOIN … ON` becomes `JOIN … ON`. A parameter PostgreSQL first meets
// in `? IS NULL` has no type it can infer: the shared SQL casts it (`CAST(? AS TEXT) IS NULL`). Functions SQLite has and PostgreSQL lacks (instr, iif, a two-argument
// round of a double) are created by the PostgreSQL schema instead (schema.ts). What cannot be
// spelt the same (full-text search, JSON lists, the current year) is chosen by `dialectOf` at the
// one place that needs it.

export interface Translated {
  text: string;
  /** Named parameters in `$n` order; empty when the statement uses `?`. */
  names: string[];
  /** Positional `?` count. */
  positional: number;
}

/** Rewrites one SQLite-flavoured statement for PostgreSQL (pure; cached by the caller). */
export function translateSql(sql: string): Translated {
  const names: string[] = [];
  let positional = 0;
  let out = "";
  let i = 0;
  while (i < sql.length) {
    const c = sql[i] as string;
    if (c === "'" || c === '"') {
      const end = closing(sql, i, c);
      out += sql.slice(i, end);
      i = end;
    } else if (c === "-" && sql[i + 1] === "-") {
      const end = sql.indexOf("\n", i);
      i = end < 0 ? sql.length : end;
    } else if (c === "?") {
      positional++;
      out += `$${positional}`;
      i++;
    } else if (
      (c === "@" || c === ":" || c === "$") &&
      /[A-Za-z_]/.test(sql[i + 1] ?? "") &&
      !(c === ":" && sql[i - 1] === ":")
    ) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(sql.slice(i + 1)) as RegExpExecArray;
      const name = m[0];
      let at = names.indexOf(name);
      if (at < 0) at = names.push(name) - 1;
      out += `$${at + 1}`;
      i += 1 + name.length;
    } else {
      out += c;
      i++;
    }
  }
  let text = out;
  if (/^\s*INSERT\s+OR\s+IGNORE\s+/i.test(text))
    text = `${text.replace(/^\s*INSERT\s+OR\s+IGNORE\s+/i, "INSERT ").replace(/;\s*$/, "")} ON CONFLICT DO NOTHING`;
  text = text.replace(/\)\s+IS\s+NOT\s+\(/gi, ") IS DISTINCT FROM (");
  // SQLite's `CROSS JOIN t ON …` is an inner join whose order the planner keeps; PostgreSQL spells it JOIN.
  text = text.replace(/\bCROSS\s+JOIN(\s+\w+(?:\s+(?!ON\b)\w+)?\s+ON\b)/gi, "JOIN$1");
  return { text, names, positional };
}

function closing(sql: string, start: number, quote: string): number {
  let i = start + 1;
  while (i < sql.length) {
    if (sql[i] === quote) {
      if (sql[i + 1] === quote) i += 2;
      else return i + 1;
    } else i++;
  }
  return sql.length;
}

/** The table an `INSERT INTO t …` writes, for `lastInsertRowid` (`RETURNING id`). */
export function insertTarget(text: string): string | null {
  const m = /^\s*INSERT\s+INTO\s+"?([A-Za-z_][A-Za-z0-9_]*)"?/i.exec(text);
  return m ? (m[1] as string).toLowerCase() : null;
}
