import { septetLength } from './gsm7.js';
import { splitWords } from './split-words.js';

export interface PageLabels {
  /** `98. More`, closing every page but the last. */
  more: string;
  /** `0. Back` (the previous-page key), offered on every page but the first. */
  back: string;
}

/**
 * Splits a header and its numbered lines into pages of at most `budget` septets. A header too
 * long to open a page with the first line (an article, terms) is split at word boundaries into
 * pages of its own first, and the lines follow its last part. Lines are never split; every page
 * of lines holds at least one. `final`: the last page ends the session (an end screen's END), so
 * it offers no way back.
 */
export function paginate(header: string, lines: readonly string[], budget: number, labels: PageLabels, final = false): string[] {
  const whole = [header, ...lines].join('\n');
  if (septetLength(whole) <= budget) return [whole];
  const { pages, rest } = textPages(header, lines, budget, labels, final);
  if (lines.length === 0) return rest === undefined ? pages : [...pages, [rest, ...(final ? [] : [labels.back])].join('\n')];
  return [...pages, ...linePages(rest, lines, budget, labels, pages.length > 0)];
}

/**
 * The header's own pages, each closed by More, until what is left of it fits with what follows
 * it on one page (the first line, Back, and More when more lines follow; or every line and Back). `rest` is that part, or
 * undefined when the header ended on a page of its own (the lines then open a fresh page).
 */
function textPages(header: string, lines: readonly string[], budget: number, labels: PageLabels, final: boolean): { pages: string[]; rest?: string } {
  const pages: string[] = [];
  let rest = header;
  for (;;) {
    const back = pages.length > 0 ? [labels.back] : [];
    const [first] = lines;
    const follows = first === undefined ? (final ? [] : back) : [first, ...back, ...(lines.length > 1 ? [labels.more] : [])];
    if (septetLength([rest, ...follows].join('\n')) <= budget || septetLength([rest, ...lines, ...back].join('\n')) <= budget) return { pages, rest };
    const closing = [...back, labels.more];
    // A first line no page can hold gains nothing from a page of text before it: it opens the page as ever (the length check reports it).
    if (septetLength(follows.join('\n')) >= budget && septetLength([rest, ...closing].join('\n')) <= budget) return { pages, rest };
    const [head, after] = splitWords(rest, budget - septetLength(closing.join('\n')) - 1);
    // Only blanks left after the cut (a text padded with spaces): this page is the text's last.
    if (after === '' && lines.length === 0) return { pages: [...pages, [head, ...(final ? [] : back)].join('\n')] };
    pages.push([head, ...closing].join('\n'));
    if (after === '') return { pages };
    rest = after;
  }
}

/** Pages of numbered lines, the first headed by `header` (when there is one); `backFirst`: the first page follows earlier pages. */
function linePages(header: string | undefined, lines: readonly string[], budget: number, labels: PageLabels, backFirst: boolean): string[] {
  const pages: string[] = [];
  let i = 0;
  while (i < lines.length) {
    const first = pages.length === 0;
    const head = first && header !== undefined ? [header] : [];
    const tail = first && !backFirst ? [] : [labels.back];
    // The lines left may all fit without More, even where adding More after one of them would not.
    const left = lines.slice(i);
    if (septetLength([...head, ...left, ...tail].join('\n')) <= budget) {
      pages.push([...head, ...left, ...tail].join('\n'));
      break;
    }
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
