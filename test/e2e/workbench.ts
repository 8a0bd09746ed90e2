/** A code-server workbench page and the few gestures the UI tests need, as a person would make them. */
import * as path from 'node:path';
import type { BrowserContext, FrameLocator, Locator, Page } from 'playwright-core';
import { e2eContext, setCurrentWorkbench } from './harness';

const CONTAINER = '[id="workbench.view.extension.mlopsLens"]';

export class Workbench {
  private constructor(private readonly context: BrowserContext, readonly page: Page) {}

  /** Opens `folder` in a fresh browser context and waits for the workbench and the extension's status item. */
  static async open(folder: string): Promise<Workbench> {
    const { browser, server } = e2eContext();
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    const wb = new Workbench(context, await context.newPage());
    setCurrentWorkbench(wb);
    await wb.page.goto(server.folderUrl(folder));
    await wb.page.locator('.monaco-workbench .part.activitybar').waitFor({ timeout: 60000 });
    return wb;
  }

  /** Clicks the MLOps Lens icon in the activity bar and waits for the container's views. */
  async openContainer(): Promise<Locator> {
    await this.page.locator('.part.activitybar [aria-label^="MLOps Lens"]').first().click();
    const container = this.page.locator(CONTAINER);
    await container.locator('.pane-header', { hasText: 'Experiments' }).waitFor();
    // Off the icon, so its hover label does not cover the views in screenshots.
    await this.page.mouse.move(900, 600);
    return container;
  }

  /** The body of one view in the container, by its name. */
  view(name: string): Locator {
    return this.page.locator(`${CONTAINER} .pane`, { has: this.page.locator('.pane-header', { hasText: name }) }).locator('.pane-body');
  }

  /** A row of a view's tree, by its label; clicking it expands or collapses it. */
  treeRow(view: string, label: string): Locator {
    return this.view(view).locator('.monaco-list-row', { has: this.page.locator('.label-name', { hasText: label }) }).first();
  }

  /** Runs a command from the palette (F1), by its title as the palette shows it ("MLOps: ..."). */
  async runCommand(title: string): Promise<void> {
    await this.startCommand(title);
    await this.page.locator('.quick-input-widget input').waitFor({ state: 'hidden' });
  }

  /**
   * Starts a command from the palette without waiting for the palette to close (the command may ask a pick).
   * A command enabled only in a trusted workspace is listed once the workbench has settled trust, which can
   * come after the views have loaded: the palette is asked again until it lists the command.
   */
  async startCommand(title: string): Promise<void> {
    const input = this.page.locator('.quick-input-widget input');
    const row = this.page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
    for (let attempt = 1; ; attempt++) {
      await this.page.keyboard.press('F1');
      await input.waitFor({ state: 'visible' });
      await input.fill(`>${title}`);
      try {
        await row.waitFor({ timeout: 10000 });
        break;
      } catch (err) {
        if (attempt === 6) throw err;
        await this.page.keyboard.press('Escape');
        await input.waitFor({ state: 'hidden' });
      }
    }
    await this.page.keyboard.press('Enter');
  }

  /**
   * Answers an open-file dialog (in the browser, VS Code's simple dialog: a quick input) titled `title` with a
   * full path, once the dialog lists the file, through its accept button (`button`, the dialog's open label).
   * The dialog fills in its own starting folder as it opens, which can overwrite a path typed too early: the
   * path is typed again until the dialog accepts it.
   */
  async chooseFile(title: string, file: string, button: string): Promise<void> {
    const dialog = this.page.locator('.quick-input-widget', { hasText: title });
    const input = dialog.locator('input');
    await dialog.waitFor({ state: 'visible' });
    for (let attempt = 1; ; attempt++) {
      await input.fill(file);
      try {
        // A path the dialog's starting folder was prepended to lists nothing: it is typed again, not waited for.
        await dialog.locator('.quick-input-list .monaco-list-row', { hasText: path.basename(file) }).first().waitFor({ timeout: 5000 });
        if ((await input.inputValue()) !== file) throw new Error(`the dialog shows ${await input.inputValue()}`);
        await dialog.locator('.monaco-button', { hasText: button }).first().click();
        await dialog.waitFor({ state: 'hidden', timeout: 5000 });
        return;
      } catch (err) {
        if (attempt === 5) throw err;
      }
    }
  }

  /** A row of the open quick pick, by its label. */
  pickRow(label: string): Locator {
    return this.page.locator('.quick-input-list .monaco-list-row', { hasText: label }).first();
  }

  /** The document inside the (one) open webview: VS Code nests it in an iframe inside an iframe. */
  webview(): FrameLocator {
    return this.page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
  }

  /** Saves `<screenshots>/<prefix><test name as a file name>.png`. */
  async screenshot(testName: string, prefix = ''): Promise<void> {
    const slug = testName.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
    await this.page.screenshot({ path: path.join(e2eContext().screenshots, `${prefix}${slug}.png`) });
  }

  async close(): Promise<void> {
    await this.context.close();
  }
}
