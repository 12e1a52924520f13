// Binary Office formats (DOC, WPS, XLS, ET) are converted by LibreOffice headless into DOCX/XLSX and
// read by the OOXML readers. Each conversion runs in a fresh temporary folder with a private user
// profile (-env:UserInstallation), so concurrent conversions and a user's own LibreOffice never share
// a profile lock, and is killed after a timeout. A missing converter is an error with a code naming
// the Debian package, never a silent skip.
import { execFile } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { findTool } from "../_tools.ts";

const run = promisify(execFile);

/** A document LibreOffice has not converted in this time is abandoned (hostile, huge, or a hung soffice). */
export const CONVERT_TIMEOUT_MS = 120_000;

export type Target = "docx" | "xlsx";

export interface Converted {
  bytes: Buffer;
  /** e.g. "LibreOffice 7.4.7.2" */
  tool: string;
}

export class ConvertError extends Error {
  override readonly name = "ConvertError";
  constructor(
    readonly code: "CONVERTER_MISSING" | "CONVERSION_FAILED",
    msg: string,
    opts?: ErrorOptions,
  ) {
    super(msg, opts);
  }
}

/** The Debian package that converts to each target. */
export const CONVERTER_PACKAGE: Record<Target, string> = {
  docx: "libreoffice-writer-nogui",
  xlsx: "libreoffice-calc-nogui",
};

/** Export filters by target: the MS Office 2007 XML writers of Writer and Calc. */
const FILTER: Record<Target, string> = { docx: "docx:MS Word 2007 XML", xlsx: "xlsx:Calc MS Excel 2007 XML" };

let version: Promise<string> | undefined;
async function sofficeVersion(bin: string): Promise<string> {
  version ??= run(bin, ["--version"], { timeout: 30_000 })
    .then(({ stdout }) => /LibreOffice [\d.]+/.exec(stdout)?.[0] ?? "LibreOffice")
    .catch(() => "LibreOffice");
  return version;
}

/** The soffice binary, or undefined when LibreOffice is not installed. */
export const findSoffice = (): Promise<string | undefined> => findTool(["soffice", "libreoffice"]);

/**
 * Convert one document's bytes to DOCX or XLSX with LibreOffice. `ext` is the original's extension
 * (LibreOffice picks its import filter from content, but a .wps/.et name helps it find WPS's).
 */
export async function convertWithLibreOffice(bytes: Uint8Array, ext: string, target: Target): Promise<Converted> {
  const bin = await findSoffice();
  if (!bin)
    throw new ConvertError(
      "CONVERTER_MISSING",
      `LibreOffice (soffice) is not installed; install the Debian package ${CONVERTER_PACKAGE[target]}`,
    );
  const dir = await mkdtemp(join(tmpdir(), "gongkai-convert-"));
  try {
    const input = join(dir, `in.${ext.replace(/[^a-z0-9]/gi, "") || "bin"}`);
    await writeFile(input, bytes);
    const out = join(dir, "out");
    try {
      await run(
        bin,
        [
          `-env:UserInstallation=${pathToFileURL(join(dir, "profile")).href}`,
          "--headless",
          "--norestore",
          "--nolockcheck",
          "--convert-to",
          FILTER[target],
          "--outdir",
          out,
          input,
        ],
        { timeout: CONVERT_TIMEOUT_MS, killSignal: "SIGKILL", env: { ...process.env, HOME: dir } },
      );
    } catch (cause) {
      throw new ConvertError("CONVERSION_FAILED", `soffice failed: ${(cause as Error).message.split("\n")[0]}`, {
        cause,
      });
    }
    // soffice exits 0 even when it could not read the input; the missing output says so.
    const produced = (await readdir(out).catch(() => [] as string[])).find((f) => f.endsWith(`.${target}`));
    if (!produced)
      throw new ConvertError(
        "CONVERSION_FAILED",
        `soffice wrote no .${target} (the file is not a document it can read)`,
      );
    return { bytes: await readFile(join(out, produced)), tool: await sofficeVersion(bin) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
