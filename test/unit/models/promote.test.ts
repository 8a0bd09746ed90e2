import * as assert from 'node:assert/strict';
import {
  commitPromotion, listModels, parseGate, planPromotion, promote, promotionsOfVersion, registerModel, rollback, type GatesConfig,
} from '../../../src/core/models';
import type { Registry } from '../../../src/core/registry';
import { findVersion } from '../../../src/core/registry/models';
import { cleanup, makeRun, rejectsWith, workspace } from './helpers';

function gates(byTarget: Record<string, string[]>): GatesConfig {
  return { targets: new Map(Object.entries(byTarget).map(([k, v]) => [k, v.map(parseGate)])), reference: null, current: null, file: null };
}

/** Three versions of `m` whose runs logged accuracy 0.80, 0.90 and 0.70. */
async function threeVersions(reg: Registry, file: (n: string) => string): Promise<void> {
  for (const [f, acc] of [['linear.onnx', 0.8], ['linear_v2.onnx', 0.9], ['model.pt', 0.7]] as const) {
    await registerModel(reg, { name: 'm', file: file(f), run: makeRun(reg, { metrics: { accuracy: acc } }) });
  }
}

const holderOf = (reg: Registry, alias: string) => listModels(reg)[0]!.versions.filter((v) => v.aliases.includes(alias)).map((v) => v.version);

describe('models: promotion, aliases and rollback', () => {
  afterEach(cleanup);

  it('moves the alias and records each gate result when every gate passes', async () => {
    const ws = workspace();
    await threeVersions(ws.reg, ws.file);
    const r = await promote(ws.reg, { name: 'm', version: 2, to: 'Production', gates: gates({ production: ['accuracy >= 0.85'] }) });
    const holders = holderOf(ws.reg, 'production');
    const stored = ws.reg.db.prepare('SELECT from_stage, to_stage, forced, gate_results_json FROM promotions').all();
    ws.reg.close();
    assert.deepEqual([r.promoted, holders], [true, [2]]);
    assert.deepEqual(stored, [{ from_stage: 'none', to_stage: 'production', forced: 0,
      gate_results_json: JSON.stringify([{ name: 'accuracy >= 0.85', threshold: 0.85, value: 0.9, passed: true, reason: r.gates[0]!.reason }]) }]);
  });

  it('blocks a promotion with a failing gate and changes nothing', async () => {
    const ws = workspace();
    await threeVersions(ws.reg, ws.file);
    const r = await promote(ws.reg, { name: 'm', version: 3, to: 'production', gates: gates({ production: ['accuracy >= 0.85'] }) });
    const rows = ws.reg.db.prepare('SELECT count(*) AS n FROM promotions').get();
    const holders = holderOf(ws.reg, 'production');
    ws.reg.close();
    assert.deepEqual([r.promoted, r.gates.map((g) => g.passed), rows, holders], [false, [false], { n: 0 }, []]);
  });

  it('promotes past a failing gate with force and records it as forced', async () => {
    const ws = workspace();
    await threeVersions(ws.reg, ws.file);
    const r = await promote(ws.reg, { name: 'm', version: 3, to: 'production', gates: gates({ production: ['accuracy >= 0.85'] }), force: true });
    const row = ws.reg.db.prepare('SELECT forced, gate_results_json FROM promotions').get() as { forced: number; gate_results_json: string };
    ws.reg.close();
    assert.deepEqual([r.promoted, r.record?.forced, row.forced, (JSON.parse(row.gate_results_json) as { passed: boolean }[])[0]!.passed], [true, true, 1, false]);
  });

  it('keeps one version per alias: promoting another version moves the alias away from the first', async () => {
    const ws = workspace();
    await threeVersions(ws.reg, ws.file);
    const none = gates({});
    await promote(ws.reg, { name: 'm', version: 1, to: 'champion', gates: none });
    const r = await promote(ws.reg, { name: 'm', version: 2, to: 'champion', gates: none });
    const holders = holderOf(ws.reg, 'champion');
    ws.reg.close();
    assert.deepEqual([holders, r.record?.previous], [[2], 1]);
  });

  it('reports the highest stage alias a version holds as its stage', async () => {
    const ws = workspace();
    await threeVersions(ws.reg, ws.file);
    const none = gates({});
    await promote(ws.reg, { name: 'm', version: 1, to: 'archived', gates: none });
    await promote(ws.reg, { name: 'm', version: 2, to: 'staging', gates: none });
    await promote(ws.reg, { name: 'm', version: 2, to: 'production', gates: none });
    await promote(ws.reg, { name: 'm', version: 3, to: 'challenger', gates: none });
    const stages = listModels(ws.reg)[0]!.versions.map((v) => [v.version, v.stage, v.aliases]);
    ws.reg.close();
    assert.deepEqual(stages, [[1, 'Archived', ['archived']], [2, 'Production', ['production', 'staging']], [3, 'None', ['challenger']]]);
  });

  it('uses the gates of the stage being promoted to: production stricter than staging', async () => {
    const ws = workspace();
    await threeVersions(ws.reg, ws.file);
    const g = gates({ staging: ['accuracy >= 0.75'], production: ['accuracy >= 0.85'] });
    const staging = await promote(ws.reg, { name: 'm', version: 1, to: 'Staging', gates: g });
    const production = await promote(ws.reg, { name: 'm', version: 1, to: 'Production', gates: g });
    ws.reg.close();
    assert.deepEqual([staging.promoted, production.promoted], [true, false]);
  });

  it('records the version\'s previous stage as from_stage', async () => {
    const ws = workspace();
    await threeVersions(ws.reg, ws.file);
    await promote(ws.reg, { name: 'm', version: 2, to: 'staging', gates: gates({}) });
    const r = await promote(ws.reg, { name: 'm', version: 2, to: 'production', gates: gates({}) });
    ws.reg.close();
    assert.equal(r.record?.from, 'staging');
  });

  it('rolls an alias back to the version that held it before the last promotion', async () => {
    const ws = workspace();
    await threeVersions(ws.reg, ws.file);
    await promote(ws.reg, { name: 'm', version: 1, to: 'production', gates: gates({}) });
    await promote(ws.reg, { name: 'm', version: 2, to: 'production', gates: gates({}) });
    const back = rollback(ws.reg, 'm', 'Production');
    const holders = holderOf(ws.reg, 'production');
    ws.reg.close();
    assert.deepEqual([holders, back.kind, back.version, back.previous, back.gates], [[1], 'rollback', 1, 2, []]);
  });

  it('toggles between the last two holders when rolled back twice', async () => {
    const ws = workspace();
    await threeVersions(ws.reg, ws.file);
    await promote(ws.reg, { name: 'm', version: 1, to: 'production', gates: gates({}) });
    await promote(ws.reg, { name: 'm', version: 2, to: 'production', gates: gates({}) });
    rollback(ws.reg, 'm', 'production');
    rollback(ws.reg, 'm', 'production');
    const holders = holderOf(ws.reg, 'production');
    ws.reg.close();
    assert.deepEqual(holders, [2]);
  });

  it('refuses to roll back an alias that had no earlier holder', async () => {
    const ws = workspace();
    await threeVersions(ws.reg, ws.file);
    await promote(ws.reg, { name: 'm', version: 1, to: 'production', gates: gates({}) });
    await rejectsWith(() => rollback(ws.reg, 'm', 'production'), /^nothing to roll back: m@production: no earlier holder of this alias is recorded$/);
    ws.reg.close();
  });

  it('refuses a commit whose alias moved after the gates were evaluated (conflict), leaving the winner in place', async () => {
    const ws = workspace();
    await threeVersions(ws.reg, ws.file);
    const a = await planPromotion(ws.reg, { name: 'm', version: 2, to: 'production', gates: gates({}) });
    const b = await planPromotion(ws.reg, { name: 'm', version: 3, to: 'production', gates: gates({}) });
    commitPromotion(ws.reg, a);
    const err = await rejectsWith(() => commitPromotion(ws.reg, b), /^promotion conflict: m@production: another promotion moved it first \(it was free when the gates ran, it now points at version 2\)/);
    const holders = holderOf(ws.reg, 'production');
    ws.reg.close();
    assert.deepEqual([err.kind, holders], ['check', [2]]);
  });

  it('lists a version\'s promotion history, including the promotion that replaced it', async () => {
    const ws = workspace();
    await threeVersions(ws.reg, ws.file);
    await promote(ws.reg, { name: 'm', version: 1, to: 'production', gates: gates({}) });
    await promote(ws.reg, { name: 'm', version: 2, to: 'production', gates: gates({}) });
    const history = promotionsOfVersion(ws.reg, findVersion(ws.reg.statements, 'm', 1)!.id).map((p) => [p.version, p.to, p.previous]);
    ws.reg.close();
    assert.deepEqual(history, [[1, 'production', null], [2, 'production', 1]]);
  });

  it('refuses stage None, reserved and malformed alias names', async () => {
    const ws = workspace();
    await threeVersions(ws.reg, ws.file);
    for (const [to, why] of [['None', /stage None is the absence/], ['latest', /reserved/], ['my alias', /use a letter then/], ['1st', /use a letter then/]] as const) {
      await rejectsWith(promote(ws.reg, { name: 'm', version: 1, to, gates: gates({}) }), why);
    }
    ws.reg.close();
  });

  it('refuses an unknown model or version', async () => {
    const ws = workspace();
    await threeVersions(ws.reg, ws.file);
    await rejectsWith(promote(ws.reg, { name: 'nope', version: 1, to: 'production', gates: gates({}) }), /^no such model: nope$/);
    await rejectsWith(promote(ws.reg, { name: 'm', version: 9, to: 'production', gates: gates({}) }), /^no such model version: m version 9$/);
    ws.reg.close();
  });
});
