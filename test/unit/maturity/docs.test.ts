import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { MATURITY_DOC, renderMaturityDoc } from '../../../scripts/gen-maturity-docs';
import { checks } from '../../../src/core/maturity';

describe('maturity docs', () => {
  it('docs/maturity.md matches the check files (run `npx tsx scripts/gen-maturity-docs.ts` when this fails)', () => {
    assert.equal(fs.readFileSync(MATURITY_DOC, 'utf8'), renderMaturityDoc());
  });

  it('check ids are unique and name their level', () => {
    assert.equal(new Set(checks.map((c) => c.id)).size, checks.length);
    for (const c of checks) assert.match(c.id, new RegExp(`^L${c.level}\\.[a-z]+(?:-[a-z]+)*$`));
  });

  for (const c of checks) {
    it(`${c.id} has every docs section filled in and https references`, () => {
      for (const v of [c.docs.what, c.docs.why, c.docs.pass, c.fix.text]) assert.ok(v.trim().length > 10);
      assert.ok(c.docs.references.length > 0 && c.docs.references.every((u) => u.startsWith('https://')));
    });
  }
});
