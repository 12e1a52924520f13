export const usage = "gongkai run: not available yet";
export async function run(_args: string[]): Promise<number> {
  process.stderr.write("gongkai run: not implemented yet\n");
  return 2;
}
