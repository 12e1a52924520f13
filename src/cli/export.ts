export const usage = "gongkai export: not available yet";
export async function run(_args: string[]): Promise<number> {
  process.stderr.write("gongkai export: not implemented yet\n");
  return 2;
}
