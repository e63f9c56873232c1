import type { Size } from "./universe";
export async function runBrowserBench(_sizes: Size[], _args: string[]): Promise<number> { return 0; }
