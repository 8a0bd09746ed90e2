import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RULES_DOC, renderRulesDoc } from '../../../scripts/gen-rule-docs';
import { lintText, rules } from '../../../src/core/lint';
import { config, tempDir } from './helpers';

describe('rule docs', () => {
  it('docs/rules.md matches the rule files (run `npx tsx scripts/gen-rule-docs.ts` when this fails)', () => {
    assert.equal(fs.readFileSync(RULES_DOC, 'utf8'), renderRulesDoc());
  });

  it('rule codes and names are unique', () => {
    assert.equal(new Set(rules.map((r) => r.code)).size, rules.length);
    assert.equal(new Set(rules.map((r) => r.name)).size, rules.length);
  });

  for (const rule of rules) {
    describe(`${rule.code} ${rule.name}`, () => {
      it('has every docs section filled in', () => {
        const d = rule.docs;
        for (const [k, v] of Object.entries({ what: d.what, why: d.why, example: d.example, instead: d.instead })) assert.ok(v.trim().length > 10, `${k} is empty`);
        assert.ok(d.references.length > 0 && d.references.every((u) => /^https:\/\//.test(u)));
        assert.match(rule.code, /^MLO\d{3}$/);
        assert.match(rule.name, /^[a-z]+(?:-[a-z]+)*$/);
      });
      if (rule.scope !== 'file') return;
      const file = rule.docs.exampleFile ?? 'train.py';
      it('is triggered by its example', async () => {
        const dir = tempDir();
        const found = await lintText(path.join(dir, file), rule.docs.example, config(dir));
        assert.ok(found.some((f) => f.code === rule.code), JSON.stringify(found));
      });
      it('is not triggered by its "use instead" code', async () => {
        const dir = tempDir();
        const found = await lintText(path.join(dir, file), rule.docs.instead, config(dir));
        assert.deepEqual(found.filter((f) => f.code === rule.code), []);
      });
    });
  }
});
