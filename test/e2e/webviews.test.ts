import { e2eContext } from './harness';
import { Workbench } from './workbench';

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

  it('lists the maturity levels and checks in the Maturity view', async () => {
    const wb = await Workbench.open(e2eContext().workspaces.sample);
    await wb.openContainer();
    await wb.treeRow('Maturity', 'Level 1 · Manual process').waitFor({ timeout: 60000 });
    await wb.treeRow('Maturity', 'Level 2 · ML pipeline automation').waitFor();
  });
});
