import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readMlflowStore } from '../editor/sample-mlflow';
import { e2eContext } from './harness';
import { Workbench } from './workbench';

/** What the test reads of a canvas in the page (the tests are compiled without the DOM library). */
interface Canvas {
  width: number;
  height: number;
  getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } | null;
}

describe('MLOps webviews', () => {
  it('opens the maturity scorecard with the level ladder and the roadmap', async () => {
    const wb = await Workbench.open(e2eContext().workspaces.sample);
    await wb.openContainer();
    await wb.runCommand('MLOps: Open Maturity Scorecard');
    const card = wb.webview();
    await card.getByRole('heading', { name: 'MLOps maturity' }).waitFor({ timeout: 60000 });
    // The sample workspace is built to stand at level 1 (see examples/README.md).
    await card.locator('.summary', { hasText: 'Level 1' }).waitFor({ timeout: 60000 });
    await card.locator('.ladder .rung', { hasText: 'ML pipeline automation' }).waitFor();
    await card.getByRole('heading', { name: 'Roadmap' }).waitFor();
    await wb.page.locator('.statusbar-item', { hasText: 'MLOps L1' }).first().waitFor({ timeout: 60000 });
  });

  it('compares two runs picked from the palette: a curve per run in each shared metric, and the params that differ', async () => {
    const { sample } = e2eContext().workspaces;
    const [a, b] = readMlflowStore(sample).flatMap((e) => e.runs);
    assert.ok(a && b, 'the sample MLflow store holds two runs');
    const wb = await Workbench.open(sample);
    await wb.openContainer();
    await wb.treeRow('Experiments', a.name).waitFor({ timeout: 60000 });
    await wb.startCommand('MLOps: Compare Runs');
    await wb.pickRow(a.name).click();
    await wb.pickRow(b.name).click();
    await wb.page.keyboard.press('Enter');
    const view = wb.webview();
    await view.getByRole('heading', { name: 'Run compare · 2 runs' }).waitFor({ timeout: 60000 });
    const differing = Object.keys(a.params).filter((k) => a.params[k] !== b.params[k]);
    assert.ok(differing.length > 0, 'the two sample runs differ in some param');
    for (const k of differing) {
      await view.locator('table.params tr', { has: view.locator('td', { hasText: k }) }).filter({ hasText: a.params[k]! }).filter({ hasText: b.params[k]! }).waitFor();
    }
    const shared = Object.keys(a.lastMetrics).filter((k) => k in b.lastMetrics);
    assert.ok(shared.length > 0, 'the two sample runs share a metric');
    for (const key of shared) {
      const chart = view.locator('.chart', { has: view.locator('h3', { hasText: key }) });
      for (const run of [a, b]) await chart.locator('.u-legend .u-series', { hasText: run.name }).waitFor();
      // The first two series colours of the palette (blue, red): each run's curve is drawn on the canvas.
      const drawn = await chart.locator('canvas').evaluate((c: Canvas) => {
        // No nested functions: the test runner's transpiler would wrap them in a helper the page lacks.
        const px = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
        let blue = 0;
        let red = 0;
        for (let i = 0; i < px.length; i += 4) {
          const [r, g, b] = [px[i]!, px[i + 1]!, px[i + 2]!];
          if (Math.abs(r - 0x37) < 40 && Math.abs(g - 0x94) < 40 && Math.abs(b - 0xff) < 40) blue++;
          else if (Math.abs(r - 0xf1) < 40 && Math.abs(g - 0x4c) < 40 && Math.abs(b - 0x4c) < 40) red++;
        }
        return { blue, red };
      });
      assert.ok(drawn.blue > 20 && drawn.red > 20, `${key}: curve pixels ${JSON.stringify(drawn)}`);
    }
  });

  it('checks drift between two datasets picked in file dialogs, with a row per column and a histogram of the chosen one', async () => {
    const { sample } = e2eContext().workspaces;
    const reference = path.join(sample, 'data', 'reference.csv');
    const current = path.join(sample, 'data', 'current.csv');
    const header = fs.readFileSync(reference, 'utf8').split('\n', 1)[0]!.split(',');
    const wb = await Workbench.open(sample);
    await wb.openContainer();
    await wb.startCommand('MLOps: Check Drift…');
    await wb.chooseFile('Reference dataset', reference, 'Reference');
    await wb.chooseFile('Current dataset', current, 'Current');
    await wb.pickRow('Data drift only').click();
    const view = wb.webview();
    await view.locator('.verdict').waitFor({ timeout: 60000 });
    for (const name of header) await view.locator('table.columns tbody tr', { has: view.locator('td', { hasText: new RegExp(`^${name}$`) }) }).waitFor();
    assert.ok(await view.locator('table.columns tbody tr.drifted').count() > 0, 'the sample current data drifts in some column');
    const numeric = header.find((n) => n === 'monthly_charges')!;
    await view.locator('table.columns tbody tr', { has: view.locator('td', { hasText: new RegExp(`^${numeric}$`) }) }).click();
    await view.getByRole('heading', { name: `${numeric}: reference vs current` }).waitFor();
    const bars = await view.locator('canvas.histogram').evaluate((c: Canvas) => {
      // No nested functions: the test runner's transpiler would wrap them in a helper the page lacks.
      const px = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let blue = 0;
      let red = 0;
      for (let i = 0; i < px.length; i += 4) {
        if (px[i + 2]! > px[i]! + 40) blue++;
        else if (px[i]! > px[i + 2]! + 40) red++;
      }
      return { blue, red };
    });
    assert.ok(bars.blue > 100 && bars.red > 100, `histogram pixels ${JSON.stringify(bars)}`);
  });

  it('lists the maturity levels and checks in the Maturity view', async () => {
    const wb = await Workbench.open(e2eContext().workspaces.sample);
    await wb.openContainer();
    await wb.treeRow('Maturity', 'Level 1 · Manual process').waitFor({ timeout: 60000 });
    await wb.treeRow('Maturity', 'Level 2 · ML pipeline automation').waitFor();
  });
});
