export async function runLocalPlatform(_argv: readonly string[]): Promise<number> { return 1; }
