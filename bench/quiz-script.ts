/** The benchmark's scenario: one whole Math quiz of the shipped menu, answered 3/3. */
export const QUIZ_HOPS: readonly { text: string; prefix: 'CON' | 'END'; key: string }[] = [
  { text: '', prefix: 'CON', key: 'Welcome to Eneza. Choose option:' },
  { text: '1', prefix: 'CON', key: 'Select subject:' },
  { text: '1*1', prefix: 'CON', key: 'Q1: 7 x 8 = ?' },
  { text: '1*1*2', prefix: 'CON', key: 'Q2: 81 / 9 = ?' },
  { text: '1*1*2*1', prefix: 'CON', key: 'Q3: 15 + 27 = ?' },
  { text: '1*1*2*1*3', prefix: 'END', key: 'You scored 3/3 in Math.' },
];

/** An Africa's Talking callback body, built by hand (the generator must cost less than the server). */
export function atBody(sessionId: string, phone: string, text: string): string {
  return `sessionId=${sessionId}&serviceCode=%2A384%23&phoneNumber=%2B${phone}&networkCode=63902&text=${text.replace(/\*/g, '%2A')}`;
}

/** What is wrong with a reply to hop `i`, or undefined when it is right. `strict` also checks the text. */
export function checkReply(i: number, status: number, body: string, strict: boolean): string | undefined {
  const hop = QUIZ_HOPS[i];
  if (!hop) return 'no-such-hop';
  if (status !== 200) return `http-${status}`;
  if (!body.startsWith(`${hop.prefix} `)) return `prefix (hop ${i + 1}: ${JSON.stringify(body.slice(0, 40))})`;
  if (strict && !body.includes(hop.key)) return `text (hop ${i + 1}: ${JSON.stringify(body.slice(0, 40))})`;
  return undefined;
}
