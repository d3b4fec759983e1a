/**
 * Runs a CLI's main and exits with the code it returns. `--help` prints the usage; a mistyped
 * option or a bad setting gets one line and the usage, not a stack trace (exit 2).
 */
export function runCli(main: () => Promise<number>, usage: string): void {
  if (process.argv.includes('--help') || process.argv.includes('-h')) {
    console.log(usage);
    process.exit(0);
  }
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      const code = (err as { code?: unknown }).code;
      if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) console.error(`${(err as Error).message.split('. ')[0]}.\n${usage}`);
      else if (err instanceof Error && err.name === 'ConfigError') console.error(err.message);
      else console.error(err);
      process.exit(2);
    },
  );
}
