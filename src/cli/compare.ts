export const usage = "gongkai compare: not available yet";
export async function run(_args: string[]): Promise<number> {
  process.stderr.write("gongkai compare: not implemented yet\n");
  return 2;
}
