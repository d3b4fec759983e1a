/**
 * The menus the product tests serve and pin (a frozen copy of the shipped quiz): tests never read
 * menus/, whose files a content author may change; those are covered by tests generated from them.
 */
export const FIXTURE_MENUS_DIR = 'test/fixtures/app-menus';
