import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Scorecard } from '../../../src/core/maturity';
import * as P from '../../../src/protocol';
import { BackendUnderTest } from './backend-client';

const EXAMPLES = path.resolve(__dirname, '../../../examples');

describe('backend maturity requests (LSP over stdio)', () => {
  let dir: string;
  let backend: BackendUnderTest | undefined;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-maturity-'));
    fs.cpSync(EXAMPLES, dir, { recursive: true, filter: (src) => !src.includes(`${path.sep}.mlops`) });
  });
  afterEach(async () => {
    if (backend) await backend.stop();
    backend = undefined;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('assesses the sample workspace at level 1 with evidence from its files, and stores it for the trend', async () => {
    backend = await BackendUnderTest.start(dir, { trusted: true });
    const card = await backend.connection.sendRequest(P.assess.method, { refresh: true }) as Scorecard;
    assert.equal(card.level, 1);
    assert.equal(card.root, dir);
    const pipeline = card.levels.find((l) => l.level === 2)!.checks.find((c) => c.id === 'L2.pipeline')!;
    assert.equal(pipeline.status, 'pass');
    // The sample's nightly workflow runs `python train.py` on line 16.
    assert.ok(pipeline.evidence.some((e) => e.file === '.github/workflows/retrain.yml' && e.line === 16), JSON.stringify(pipeline.evidence));
    const history = await backend.connection.sendRequest(P.assessmentHistory.method) as P.AssessmentPoint[];
    assert.ok(history.length >= 1);
    assert.equal(history[history.length - 1]!.level, 1);
  });

  it('writes the CI quality-gate scaffold once and refuses to overwrite it', async () => {
    backend = await BackendUnderTest.start(dir, { trusted: true });
    const { file } = await backend.connection.sendRequest(P.scaffoldFix.method, { checkId: 'L3.quality-gates' }) as { file: string };
    const text = fs.readFileSync(file, 'utf8');
    assert.match(text, /mlops-lens lint --format sarif/);
    assert.match(text, /mlops-lens gate/);
    await assert.rejects(backend.connection.sendRequest(P.scaffoldFix.method, { checkId: 'L3.quality-gates' }), /exists/);
    assert.equal(fs.readFileSync(file, 'utf8'), text);
  });

  it('exports the scorecard as Markdown', async () => {
    backend = await BackendUnderTest.start(dir, { trusted: true });
    const md = await backend.connection.sendRequest(P.scorecardMarkdown.method) as string;
    assert.match(md, /^# /m);
    assert.match(md, /Level 1/);
  });

  it('writes no scaffold in an untrusted workspace', async () => {
    backend = await BackendUnderTest.start(dir, { trusted: false });
    await assert.rejects(backend.connection.sendRequest(P.scaffoldFix.method, { checkId: 'L3.quality-gates' }), /trusted/);
  });
});
