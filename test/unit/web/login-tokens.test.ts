import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LINK_LIFETIME_MS, LoginTokens, MAX_OUTSTANDING_LINKS } from '../../../app/web/login-tokens.js';

/** Tokens on a clock that moves only when the test says so. */
function tokensAt(start = 1_700_000_000_000): { tokens: LoginTokens; advance(ms: number): void } {
  let now = start;
  return { tokens: new LoginTokens(() => now), advance: (ms) => (now += ms) };
}

test('each token works once: the start-up one and every minted one; a second use is "already used"', () => {
  const { tokens } = tokensAt();
  const minted = [tokens.mint(), tokens.mint()];
  assert.equal(new Set([tokens.first, ...minted]).size, 3, 'every token is new');
  for (const token of [minted[1]!, tokens.first, minted[0]!]) {
    assert.match(token, /^[A-Za-z0-9_-]{43}$/);
    assert.equal(tokens.use(token), 'accepted');
    assert.equal(tokens.use(token), 'already-used');
  }
  assert.equal(tokens.outstandingCount, 0);
});

test('a token never made is "wrong", and so are empty and missing ones; none of them spends anything', () => {
  const { tokens } = tokensAt();
  const minted = tokens.mint();
  for (const candidate of ['wrong', '', null, minted.slice(0, -1), `${minted}x`, tokens.first.toUpperCase()]) assert.equal(tokens.use(candidate), 'wrong', String(candidate));
  assert.equal(tokens.outstandingCount, 2);
  assert.equal(tokens.use(minted), 'accepted');
});

test(`a minted token expires after ${LINK_LIFETIME_MS / 60_000} minutes; the start-up token does not`, () => {
  const { tokens, advance } = tokensAt();
  const early = tokens.mint();
  advance(LINK_LIFETIME_MS - 1);
  const late = tokens.mint();
  assert.equal(tokens.use(early), 'accepted', 'still good a moment before its lifetime ends');
  advance(1);
  const stale = tokens.mint();
  advance(LINK_LIFETIME_MS);
  assert.equal(tokens.use(stale), 'expired', 'at its lifetime it is gone');
  assert.equal(tokens.use(late), 'expired');
  assert.equal(tokens.use(early), 'already-used', 'a used one stays "used"');
  advance(24 * 60 * 60_000);
  assert.equal(tokens.use(tokens.first), 'accepted', 'the printed start-up URL still works a day later, once');
});

test(`at most ${MAX_OUTSTANDING_LINKS} minted tokens are outstanding: a new one replaces the oldest unused`, () => {
  const { tokens } = tokensAt();
  const minted = Array.from({ length: MAX_OUTSTANDING_LINKS + 2 }, () => tokens.mint());
  assert.equal(tokens.outstandingCount, MAX_OUTSTANDING_LINKS + 1, 'the newest few, plus the start-up token');
  assert.equal(tokens.use(minted[0]!), 'expired');
  assert.equal(tokens.use(minted[1]!), 'expired');
  for (const token of minted.slice(2)) assert.equal(tokens.use(token), 'accepted');
  assert.equal(tokens.use(tokens.first), 'accepted', 'minting never pushes out the start-up token');
  // A used one frees its place: five more fit without pushing anything out.
  const more = Array.from({ length: MAX_OUTSTANDING_LINKS }, () => tokens.mint());
  for (const token of more) assert.equal(tokens.use(token), 'accepted');
});

test('spent tokens are remembered only for a while: long after, one is just "wrong"', () => {
  const { tokens } = tokensAt();
  const old = tokens.mint();
  assert.equal(tokens.use(old), 'accepted');
  for (let i = 0; i < 40; i++) assert.equal(tokens.use(tokens.mint()), 'accepted');
  assert.equal(tokens.use(old), 'wrong', 'forgotten, and still refused');
});
