export const usage = "gongkai load: not available yet";
export async function run(_args: string[]): Promise<number> {
  process.stderr.write("gongkai load: not implemented yet\n");
  return 2;
}
