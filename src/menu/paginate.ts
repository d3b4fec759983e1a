import { septetLength } from './gsm7.js';

export interface PageLabels {
  /** `98. More`, closing every page but the last. */
  more: string;
  /** `0. Back`, offered on every page but the first. */
  back: string;
}

/**
 * Splits a header and its numbered lines into pages of at most `budget` septets.
 * The header opens the first page; lines are never split; every page holds at least one line.
 */
export function paginate(header: string, lines: readonly string[], budget: number, labels: PageLabels): string[] {
  const whole = [header, ...lines].join('\n');
  if (septetLength(whole) <= budget) return [whole];

  const pages: string[] = [];
  let i = 0;
  while (i < lines.length) {
    const first = pages.length === 0;
    const head = first ? [header] : [];
    const tail = first ? [] : [labels.back];
    const taken: string[] = [];
    while (i < lines.length) {
      const line = lines[i] as string;
      const isLast = i === lines.length - 1;
      const candidate = [...head, ...taken, line, ...tail, ...(isLast ? [] : [labels.more])];
      if (taken.length > 0 && septetLength(candidate.join('\n')) > budget) break;
      taken.push(line);
      i++;
    }
    pages.push([...head, ...taken, ...tail, ...(i < lines.length ? [labels.more] : [])].join('\n'));
  }
  return pages;
}
