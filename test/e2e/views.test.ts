import * as assert from 'node:assert/strict';
import { readMlflowStore } from '../editor/sample-mlflow';
import { e2eContext } from './harness';
import { Workbench } from './workbench';

describe('the MLOps Lens container', () => {
  it('shows the Experiments, Models and Maturity views from the activity bar', async () => {
    const wb = await Workbench.open(e2eContext().workspaces.sample);
    const container = await wb.openContainer();
    const headers = await container.locator('.pane-header .title').allInnerTexts();
    assert.deepEqual(headers.map((h) => h.trim().toUpperCase()), ['EXPERIMENTS', 'MODELS', 'MATURITY']);
  });

  it('lists the runs of the sample MLflow store in the Experiments view', async () => {
    const { sample } = e2eContext().workspaces;
    const wb = await Workbench.open(sample);
    await wb.openContainer();
    for (const exp of readMlflowStore(sample)) {
      await wb.treeRow('Experiments', exp.name).waitFor();
      for (const run of exp.runs) await wb.treeRow('Experiments', run.name).waitFor();
    }
  });

  it('expands a run down to its last metric values', async () => {
    const { sample } = e2eContext().workspaces;
    const run = readMlflowStore(sample)[0]!.runs[0]!;
    const wb = await Workbench.open(sample);
    await wb.openContainer();
    await wb.treeRow('Experiments', run.name).click();
    await wb.treeRow('Experiments', 'Metrics').click();
    for (const [key, { step, value }] of Object.entries(run.lastMetrics)) {
      await wb.treeRow('Experiments', key).filter({ hasText: `${Number(value)} @ step ${step}` }).waitFor();
    }
  });

  it('shows the welcome content of all three views on an empty workspace', async () => {
    const wb = await Workbench.open(e2eContext().workspaces.empty);
    await wb.openContainer();
    for (const [view, text] of [['Experiments', 'No runs in this workspace yet.'], ['Models', 'No registered models yet.'], ['Maturity', 'No maturity assessment yet.']]) {
      await wb.view(view!).locator('.welcome-view-content', { hasText: text! }).waitFor();
    }
  });
});
