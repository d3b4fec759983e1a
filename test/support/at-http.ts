/** One Africa's Talking hop over real HTTP to a spawned service; resolves with the reply body. */
export async function atHop(url: string, sessionId: string, phoneNumber: string, text: string): Promise<string> {
  const res = await fetch(`${url}/ussd/africastalking`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ sessionId, serviceCode: '*384#', phoneNumber, networkCode: '63902', text }),
  });
  return res.text();
}

/** Plays the Math quiz (3/3) up to, not including, its last answer. */
export async function answerAllButLast(url: string, sessionId: string, phoneNumber: string): Promise<void> {
  for (const text of ['', '1', '1*1', '1*1*2', '1*1*2*1']) await atHop(url, sessionId, phoneNumber, text);
}

export const LAST_ANSWER = '1*1*2*1*3';
