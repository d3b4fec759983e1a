import { appOnMenusDir, atCaller } from '../support/app';

// A menu of free-text notes: each note a whole USSD message (182 characters), until "done".
const NOTES = `
id: notes
serviceCodes: ["*611#"]
start: note
screens:
  note:
    type: input
    text: "Note (done to stop):"
    save: said
    goto: check
  check:
    type: branch
    cases:
      - { when: 'said == "done"', goto: bye }
    otherwise: note
  bye:
    type: end
    text: "Saved."
`;

const app = appOnMenusDir({ 'notes.menu.yaml': NOTES });

describe("Africa's Talking's text: the whole chain of a session's inputs", () => {
  it("when a session's inputs add up past 1,024 characters (six full USSD messages), then every hop is still answered", async () => {
    const at = atCaller(app.app, { serviceCode: '*611#' });
    const chain: string[] = [];
    expect(await at.hop('')).toBe('CON Note (done to stop):');
    for (let i = 0; i < 6; i++) {
      chain.push(`${i}`.repeat(182));
      expect(await at.hop(chain.join('*'))).toBe('CON Note (done to stop):');
    }
    chain.push('done');
    expect(await at.hop(chain.join('*'))).toBe('END Saved.');
  });
});
