// The `gongkai` command: a table of subcommands, each a module with `run(args)` and its usage text.
// Modules load lazily so `gongkai parse` never pays for the crawler or the database.

export interface Command {
  summary: string;
  load: () => Promise<{ run(args: string[]): Promise<number>; usage: string }>;
}

const COMMANDS: Record<string, Command> = {
  parse: { summary: "parse report files and print their tables, checks and flags", load: () => import("./parse.ts") },
  load: {
    summary: "parse local files or folders and load them into the SQLite dataset",
    load: () => import("./load.ts"),
  },
  export: {
    summary: "export the dataset as CSV, JSON, NDJSON or XLSX, or a citable release",
    load: () => import("./export.ts"),
  },
  compare: { summary: "rank the agencies of a year (and region) by one metric", load: () => import("./compare.ts") },
  series: { summary: "a time series per agency or region across years", load: () => import("./series.ts") },
  sites: {
    summary: "list, filter and validate the site registry, with counts by province",
    load: () => import("./sites.ts"),
  },
  coverage: {
    summary: "which divisions have a column in the registry and a report in the dataset",
    load: () => import("./coverage.ts"),
  },
  metrics: {
    summary: "list every metric key with its Chinese label, unit and forms",
    load: () => import("./metrics.ts"),
  },
  serve: { summary: "a local, read-only web view of the dataset (Chinese)", load: () => import("./serve.ts") },
  site: { summary: "write the web view as a static site", load: () => import("./site.ts") },
  crawl: { summary: "discover and fetch reports from the sites in the registry", load: () => import("./crawl.ts") },
  run: {
    summary: "the nightly job: crawl, then parse and load what is new or changed",
    load: () => import("./run.ts"),
  },
  enqueue: {
    summary: "queue one crawl-and-load job per site in a PostgreSQL dataset, for workers",
    load: () => import("./enqueue.ts"),
  },
  worker: {
    summary: "take queued site jobs: crawl, parse and load them (many workers share the work)",
    load: () => import("./worker.ts"),
  },
};

export function renderUsage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((k) => k.length));
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return [
    "gongkai — China's government information disclosure annual reports, as a dataset",
    "",
    "Usage: gongkai <command> [options]",
    "",
    "Commands:",
    ...lines,
    "",
    "Run `gongkai <command> --help` for a command's options.",
  ].join("\n");
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    process.stdout.write(`${renderUsage()}\n`);
    return name ? 0 : 2;
  }
  if (name === "--version" || name === "-V") {
    const { PARSER_VERSION } = await import("../parse/version.ts");
    const { readFile } = await import("node:fs/promises");
    // package.json is two folders up from both src/cli/ and dist/cli/.
    const pkg = JSON.parse(await readFile(new URL("../../package.json", import.meta.url), "utf8")) as {
      version: string;
    };
    process.stdout.write(`gongkai ${pkg.version} (parser ${PARSER_VERSION})\n`);
    return 0;
  }
  const cmd = COMMANDS[name];
  if (!cmd) {
    process.stderr.write(`gongkai: unknown command '${name}'\n\n${renderUsage()}\n`);
    return 2;
  }
  const mod = await cmd.load();
  if (rest.includes("--help") || rest.includes("-h")) {
    process.stdout.write(`${mod.usage.trimEnd()}\n`);
    return 0;
  }
  return mod.run(rest);
}
