import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { unifiedDiff } from '../../../app/core/agents/engine/line-diff.js';

/** Rebuilds both sides from a full-context diff: ' ' and '-' lines are the old text, ' ' and '+' the new. */
function sides(diff: string): { before: string[]; after: string[] } {
  const lines = diff.split('\n').slice(2, -1).filter((l) => !l.startsWith('@@'));
  return {
    before: lines.filter((l) => l[0] !== '+').map((l) => l.slice(1)),
    after: lines.filter((l) => l[0] !== '-').map((l) => l.slice(1)),
  };
}

test('a full-context diff holds exactly both texts', () => {
  const text = fc.array(fc.constantFrom('a', 'b', 'c', 'd', ''), { maxLength: 12 }).map((l) => (l.length ? `${l.join('\n')}\n` : ''));
  fc.assert(
    fc.property(text, text, (a, b) => {
      const diff = unifiedDiff(a, b, 'f', 1e9);
      if (a === b) return diff === '';
      const { before, after } = sides(diff);
      assert.deepEqual(before.join('\n') + (before.length ? '\n' : ''), a);
      assert.deepEqual(after.join('\n') + (after.length ? '\n' : ''), b);
      return true;
    }),
    { numRuns: 300 },
  );
});

test('hunk headers count lines like diff -u', () => {
  const diff = unifiedDiff('1\n2\n3\n4\n5\n6\n7\n8\n9\n', '1\n2\n3\n4\nfive\n6\n7\n8\n9\n', '/home/u/x.txt');
  assert.equal(diff, '--- a/home/u/x.txt\n+++ b/home/u/x.txt\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n');
  assert.match(unifiedDiff('', 'new\n', 'n'), /^--- \/dev\/null\n\+\+\+ b\/n\n@@ -0,0 \+1,1 @@\n\+new\n$/);
});
