import { readMlflowStore } from '../editor/sample-mlflow';
import { e2eContext } from './harness';
import { Workbench } from './workbench';

describe('MLOps commands from the palette', () => {
  it('opens the Overview webview showing the backend ready and the latest runs', async () => {
    const { sample } = e2eContext().workspaces;
    const wb = await Workbench.open(sample);
    await wb.openContainer();
    await wb.runCommand('MLOps: Open Overview');
    const overview = wb.webview();
    await overview.getByRole('heading', { name: 'Backend ready' }).waitFor();
    await overview.locator('.count', { hasText: 'Runs' }).waitFor();
    await overview.getByRole('heading', { name: 'Latest runs' }).waitFor();
    await overview.getByText(readMlflowStore(sample)[0]!.runs[0]!.name, { exact: true }).first().waitFor();
  });

  it('shows the backend status in a notification', async () => {
    const wb = await Workbench.open(e2eContext().workspaces.sample);
    await wb.openContainer();
    await wb.runCommand('MLOps: Show Backend Status');
    await wb.page.locator('.notification-toast', { hasText: 'backend ready' }).first().waitFor();
  });
});
