import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type RequestListener } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = join(__dirname, '..', 'artifacts');

/** `describe` where Debian's Chromium is installed; skipped, with a warning naming the package, elsewhere. */
export function describeInChromium(what: string, title: string, body: () => void): void {
  if (existsSync(CHROMIUM)) return describe(title, body);
  console.warn(`SKIPPED the browser test of ${what}: no Chromium at ${CHROMIUM} (apt-get install chromium)`);
  describe.skip(title, body);
}

export interface Browsing {
  /** The app's address, served on a free port of 127.0.0.1. */
  base: string;
  browser: BrowserContext;
  close(): Promise<void>;
}

/** Serves `app` and opens headless Chromium on a fresh profile (playwright passes it as --user-data-dir). */
export async function browse(app: RequestListener, opts: { viewport: { width: number; height: number }; httpCredentials?: { username: string; password: string } }): Promise<Browsing> {
  const server = createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const profile = mkdtempSync(join(tmpdir(), 'chromium-'));
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    ...opts,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  return {
    base,
    browser,
    async close() {
      await browser.close();
      await new Promise((resolve) => server.close(resolve));
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Saves a screenshot under test/artifacts/ (CI keeps them) and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
