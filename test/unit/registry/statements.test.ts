import * as assert from 'node:assert/strict';
import { cleanup, openFresh, start } from './helpers';

describe('registry statements', () => {
  afterEach(cleanup);

  it('keeps each result mode to its own copy of a statement, so one caller\'s mode never reaches another', () => {
    const reg = openFresh();
    try {
      start(reg, { experiment: 'churn' });
      const sql = 'SELECT name FROM experiments ORDER BY name';
      assert.deepEqual(reg.statements.pluck(sql).all(), ['churn']);
      assert.deepEqual(reg.statements.get(sql).all(), [{ name: 'churn' }]);
      assert.deepEqual(reg.statements.raw(sql).all(), [['churn']]);
      assert.deepEqual(reg.statements.get(sql).all(), [{ name: 'churn' }]);
      assert.deepEqual(reg.statements.pluck(sql).all(), ['churn']);
    } finally {
      reg.close();
    }
  });
});
