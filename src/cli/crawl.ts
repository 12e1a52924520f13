export const usage = "gongkai crawl: not available yet";
export async function run(_args: string[]): Promise<number> {
  process.stderr.write("gongkai crawl: not implemented yet\n");
  return 2;
}
