import { samplesOf } from './prometheus-text.js';

export const ENDING_REASONS = ['end', 'timeout', 'too-many', 'dropped'] as const;
export type EndingReason = (typeof ENDING_REASONS)[number];

export interface FunnelRow {
  screen: string;
  views: number;
  invalid: number;
  ended: Record<EndingReason, number>;
}

/**
 * One menu's funnel from one or more `/metrics` texts (replicas add up): per screen, views,
 * invalid inputs and the sessions that ended there, by reason; the most viewed screen first.
 */
export function funnelOf(menu: string, texts: readonly string[]): FunnelRow[] {
  const rows = new Map<string, FunnelRow>();
  const row = (screen: string) => {
    let r = rows.get(screen);
    if (!r) rows.set(screen, (r = { screen, views: 0, invalid: 0, ended: { end: 0, timeout: 0, 'too-many': 0, dropped: 0 } }));
    return r;
  };
  for (const text of texts) {
    for (const s of samplesOf(text, 'ussd_screen_views_total')) if (s.labels.menu === menu) row(s.labels.screen ?? '').views += s.value;
    for (const s of samplesOf(text, 'ussd_screen_invalid_inputs_total')) if (s.labels.menu === menu) row(s.labels.screen ?? '').invalid += s.value;
    for (const s of samplesOf(text, 'ussd_screen_endings_total')) {
      const reason = s.labels.reason as EndingReason;
      if (s.labels.menu === menu && ENDING_REASONS.includes(reason)) row(s.labels.screen ?? '').ended[reason] += s.value;
    }
  }
  return [...rows.values()].sort((a, b) => b.views - a.views || a.screen.localeCompare(b.screen));
}

/** The rows as an aligned plain-text table, with the share of a screen's viewers who left there. */
export function renderFunnel(rows: readonly FunnelRow[]): string {
  const header = ['screen', 'views', 'invalid', ...ENDING_REASONS, 'left here'];
  const body = rows.map((r) => {
    const left = ENDING_REASONS.reduce((n, reason) => n + r.ended[reason], 0);
    const share = r.views > 0 ? `${Math.round((100 * left) / r.views)}%` : '-';
    return [r.screen, String(r.views), String(r.invalid), ...ENDING_REASONS.map((reason) => String(r.ended[reason])), share];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((cells) => (cells[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ').trimEnd();
  return [line(header), ...body.map(line)].join('\n') + '\n';
}
