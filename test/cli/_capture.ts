// Runs a command in-process, capturing what it writes to stdout and stderr.
import { vi } from "vitest";

export async function capture(cmd: (args: string[]) => Promise<number>, args: string[]) {
  let out = "";
  let err = "";
  const o = vi.spyOn(process.stdout, "write").mockImplementation((s) => {
    out += String(s);
    return true;
  });
  const e = vi.spyOn(process.stderr, "write").mockImplementation((s) => {
    err += String(s);
    return true;
  });
  try {
    return { code: await cmd(args), out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}
