export const usage = "gongkai series: not available yet";
export async function run(_args: string[]): Promise<number> {
  process.stderr.write("gongkai series: not implemented yet\n");
  return 2;
}
