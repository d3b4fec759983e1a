/** `--name number` options, and the other arguments in order (the bench tools' command lines). */
export function parseArgs(argv: readonly string[]): { options: Record<string, number>; rest: string[] } {
  const options: Record<string, number> = {};
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg.startsWith('--')) options[arg.slice(2)] = Number(argv[++i]);
    else rest.push(arg);
  }
  return { options, rest };
}
