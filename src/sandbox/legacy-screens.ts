/**
 * The legacy sandbox's own USSD service, as an old PHP app would have it: a table from the Africa's
 * Talking `text` chain to the reply. Its quiz is worded as the shadow fixtures under
 * test/fixtures/ are (their runs match it for three screens, then differ); the shipped eneza menu is
 * worded its own way, so a shadow run of eneza against this app differs from the first screen on.
 */
export const LEGACY_SCREENS: Readonly<Record<string, string>> = {
  '': 'CON Welcome to Eneza\n1. Start Quiz\n2. My Score\n3. Old services',
  '1': 'CON Choose a subject:\n1. Math\n2. Science',
  '1*1': 'CON What is 7 x 8?\n1. 54\n2. 56\n3. 58',
  '1*1*2': 'END Correct! Your score: 1. Thank you for learning with Eneza.',
  '1*1*1': 'END Wrong, it is 56. Your score: 0.',
  '1*1*3': 'END Wrong, it is 56. Your score: 0.',
  '1*2': 'END Science questions come next term.',
  '2': 'END Your score is kept by the new service now.',
  '3': 'CON Old services\n1. Airtime\n2. Bundles',
  '3*1': 'CON Airtime\n1. KES 10\n2. KES 20',
  '3*1*1': 'END You bought KES 10 of airtime.',
  '3*1*2': 'END You bought KES 20 of airtime.',
  '3*2': 'END Bundles are sold out.',
};

/** The reply for a chain: a screen, or the old app's END for an input it does not know. */
export function legacyReply(text: string): string {
  return LEGACY_SCREENS[text] ?? 'END Invalid choice. Please dial again.';
}
