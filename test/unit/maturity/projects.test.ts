import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { registerModel } from '../../../src/core/models';
import { Registry } from '../../../src/core/registry';
import { Assessor, assess, type LevelResult, type ProjectScore, type Scorecard, type Status } from '../../../src/core/maturity';
import { folderReference } from '../../../src/core/maturity/projects';
import { fixture, workspace } from './helpers';

function statuses(levels: LevelResult[]): Record<string, Status> {
  return Object.fromEntries(levels.flatMap((l) => l.checks.map((c) => [c.id, c.status])));
}

function check(levels: LevelResult[], id: string) {
  return levels.flatMap((l) => l.checks).find((c) => c.id === id)!;
}

function project(card: Scorecard, root: string): ProjectScore {
  const p = card.projectScores?.find((x) => x.root === root);
  assert.ok(p, `no score for ${root} in ${JSON.stringify(card.projectScores?.map((x) => x.root))}`);
  return p;
}

/** Only the checks named pass (or have the status given); every other check fails. */
function only(over: Record<string, Status>, all: Record<string, Status>): Record<string, Status> {
  return Object.fromEntries(Object.keys(all).map((id) => [id, over[id] ?? 'fail']));
}

const TRAIN = 'from sklearn.linear_model import LogisticRegression\nmodel = LogisticRegression(random_state=0)\nmodel.fit(X, y)\n';
const PYTEST_CI = 'on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: python -m pytest\n';

describe('maturity per project', function () {
  this.timeout(60_000);

  // The monorepo fixture: projects/churn is the level-3 fixture moved down a folder, its CI at the workspace root
  // naming it (a paths filter and `working-directory`, and `cd projects/churn` in the retraining workflow);
  // projects/notebook is one notebook and an unpinned requirements.txt; stale.yml is on a schedule and names
  // neither project.
  describe('the monorepo fixture', () => {
    let card: Scorecard;
    before(async () => (card = await assess(fixture('monorepo'))));

    it('finds both roots and scores each of them', () => {
      assert.deepEqual(card.projects, ['projects/churn', 'projects/notebook']);
      assert.deepEqual(card.projectScores!.map((p) => p.root), ['projects/churn', 'projects/notebook']);
    });

    it('puts projects/churn at level 3, as its files alone (the level-3 fixture) are', () => {
      const p = project(card, 'projects/churn');
      assert.equal(p.level, 3);
      // Nothing of level 4 passes: no drift, alerts, canary or SLA in the project.
      assert.equal(p.progressToNext, 0);
      const want: Record<string, Status> = { 'L1.ml-code': 'pass', 'L1.dependencies': 'pass', 'L2.tracking': 'pass', 'L2.pipeline': 'pass', 'L2.retraining': 'pass',
        'L2.model-registry': 'pass', 'L2.reproducibility': 'pass', 'L2.feature-modules': 'pass', 'L3.ci-tests': 'pass', 'L3.quality-gates': 'pass',
        'L3.promotion': 'partial', 'L3.feature-store': 'pass', 'L3.slices': 'pass', 'L3.serving': 'pass' };
      assert.deepEqual(statuses(p.levels), only(want, statuses(p.levels)));
    });

    it('credits projects/churn with the two workflows that name its folder, at the lines that name it, and not with stale.yml', () => {
      assert.deepEqual(project(card, 'projects/churn').shared, [
        { file: '.github/workflows/churn-ci.yml', line: 5, detail: 'shared CI names projects/churn: paths: ["projects/churn/**"]' },
        { file: '.github/workflows/churn-retrain.yml', line: 10, detail: 'shared CI names projects/churn: - run: cd projects/churn && pip install -r requirements.txt && dvc repro' },
      ]);
    });

    it('shows the shared workflow lines as projects/churn\'s CI evidence, paths relative to the workspace', () => {
      const p = project(card, 'projects/churn');
      assert.deepEqual(check(p.levels, 'L3.ci-tests').evidence, [{ file: '.github/workflows/churn-ci.yml', line: 17, detail: 'CI runs tests: - run: python -m pytest' }]);
      assert.deepEqual(check(p.levels, 'L2.retraining').evidence, [{ file: '.github/workflows/churn-retrain.yml', line: 3, detail: 'scheduled workflow trains: - run: cd projects/churn && pip install -r requirements.txt && dvc repro' }]);
      assert.deepEqual(check(p.levels, 'L1.dependencies').evidence, [
        { file: 'projects/churn/pyproject.toml', line: null, detail: 'declares dependencies' },
        { file: 'projects/churn/requirements.txt', line: null, detail: 'declares dependencies' },
      ]);
      assert.deepEqual(check(p.levels, 'L3.quality-gates').evidence.at(-1), { file: 'projects/churn/pyproject.toml', line: null, detail: 'gates configured for production' });
    });

    it('puts projects/notebook at level 1 with nothing of level 2, the stale.yml schedule not counting for it', () => {
      const p = project(card, 'projects/notebook');
      assert.equal(p.level, 1);
      assert.equal(p.progressToNext, 0);
      assert.deepEqual(statuses(p.levels), only({ 'L1.ml-code': 'pass', 'L1.dependencies': 'pass' }, statuses(p.levels)));
      assert.deepEqual(p.shared, []);
      assert.equal(check(p.levels, 'L2.retraining').why, 'no schedule or trigger starts training');
      assert.equal(check(p.levels, 'L3.ci-tests').why, 'no CI configuration');
    });

    it('shows the notebook line that trains, and its own lint findings only', () => {
      const p = project(card, 'projects/notebook');
      assert.deepEqual(check(p.levels, 'L1.ml-code').evidence, [{ file: 'projects/notebook/explore.ipynb', line: 16, detail: 'trains a model: "model.fit(X_tr, y_tr)\\n",' }]);
      // train_test_split without random_state and RandomForestClassifier() (MLO104); pandas and scikit-learn unpinned (MLO106).
      assert.equal(check(p.levels, 'L2.reproducibility').why, 'missing: 2 unseeded calls (MLO104); 2 unpinned dependencies (MLO106); data not versioned');
      assert.equal(check(project(card, 'projects/churn').levels, 'L2.reproducibility').status, 'pass');
    });

    it('starts projects/notebook\'s roadmap at level 2 with its heaviest check', () => {
      const p = project(card, 'projects/notebook');
      assert.deepEqual(p.roadmap.slice(0, 3).map((s) => [s.level, s.checkId]), [[2, 'L2.tracking'], [2, 'L2.pipeline'], [2, 'L2.reproducibility']]);
    });

    it('keeps the pooled workspace level (3), which hides the notebook project at level 1', () => {
      assert.equal(card.level, 3);
      // The notebook's findings reach the pooled card: reproducibility is partial there, pass in projects/churn.
      assert.equal(check(card.levels, 'L2.reproducibility').status, 'partial');
    });
  });

  describe('in a git repository', () => {
    let card: Scorecard;
    before(async () => {
      const dir = fixture('monorepo');
      const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'commit.gpgsign=false', '-c', 'tag.gpgsign=false', ...args], { cwd: dir, stdio: 'pipe' });
      git('init', '-q');
      git('commit', '-q', '--allow-empty', '-m', 'start');
      git('tag', 'churn@v1.0.0');
      git('tag', 'churn#prod#1');
      card = await assess(dir);
    });

    it('lists the git root but does not score it: it owns no Python code, only the shared CI', () => {
      assert.deepEqual(card.projects, ['.', 'projects/churn', 'projects/notebook']);
      assert.deepEqual(card.projectScores!.map((p) => p.root), ['projects/churn', 'projects/notebook']);
    });

    it('counts the GTO tags for the workspace, but for neither project: tags name models, not folders', () => {
      assert.equal(check(card.levels, 'L3.promotion').status, 'pass');
      assert.ok(check(card.levels, 'L2.model-registry').evidence.some((e) => e.detail.startsWith('git tags: 1 GTO registration')));
      assert.equal(check(project(card, 'projects/churn').levels, 'L3.promotion').status, 'partial');
      assert.equal(check(project(card, 'projects/notebook').levels, 'L2.model-registry').status, 'fail');
    });
  });

  describe('the registry', () => {
    it('counts each run, model version and drift report for the project whose folder it came from', async () => {
      const dir = workspace({
        'a/requirements.txt': 'numpy==2.1.0\n', 'a/train.py': TRAIN, 'b/requirements.txt': 'numpy==2.1.0\n', 'b/train.py': TRAIN,
        'b/out/model.pkl': Buffer.from([0x80, 0x04, 0x4e, 0x2e]),
      });
      const reg = Registry.open(path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-maturity-reg-')), 'registry.db'));
      try {
        // A command run in a's folder; one run from the root on b's script; an import of a's logger output;
        // and a run with no folder at all, which only the workspace counts (no project sits at its root).
        reg.startRun({ experiment: 'e', sourceKind: 'terminal', cwd: path.join(dir, 'a'), command: 'python train.py --lr 0.1' });
        // A script from outside the workspace, run in b's folder: b's run.
        reg.startRun({ experiment: 'e', sourceKind: 'terminal', cwd: path.join(dir, 'b'), command: 'python /opt/tools/finetune.py' });
        const fromRoot = reg.startRun({ experiment: 'e', sourceKind: 'terminal', cwd: dir, command: 'uv run python b/train.py' });
        reg.startRun({ experiment: 'e', sourceKind: 'import', importer: 'mlflow', sourcePath: 'a/mlruns/0/abc' });
        reg.startRun({ experiment: 'e', sourceKind: 'cli' });
        await registerModel(reg, { name: 'churn', file: path.join(dir, 'b/out/model.pkl'), run: fromRoot });
        const ref = reg.addDataset({ path: 'a/data/reference.csv', sha256: 'a'.repeat(64) });
        reg.db.prepare('INSERT INTO drift_reports (reference_id, current_id, model_version_id, report_json, at) VALUES (?, NULL, NULL, ?, 0)').run(ref, '{}');
        const card = await assess(dir, { registry: reg });
        const detail = (levels: LevelResult[], id: string) => check(levels, id).evidence.filter((e) => e.detail.startsWith('registry:')).map((e) => e.detail);
        assert.deepEqual(detail(card.levels, 'L2.tracking'), ['registry: 5 runs, 0 linked to a clean commit']);
        assert.deepEqual(detail(project(card, 'a').levels, 'L2.tracking'), ['registry: 2 runs, 0 linked to a clean commit']);
        assert.deepEqual(detail(project(card, 'b').levels, 'L2.tracking'), ['registry: 2 runs, 0 linked to a clean commit']);
        assert.deepEqual(detail(project(card, 'b').levels, 'L2.model-registry'), ['registry: 1 model version of 1 model']);
        assert.deepEqual(detail(project(card, 'a').levels, 'L2.model-registry'), []);
        assert.deepEqual(detail(project(card, 'a').levels, 'L4.data-drift'), ['registry: 1 drift report']);
        assert.deepEqual(detail(project(card, 'b').levels, 'L4.data-drift'), []);
      } finally {
        reg.close();
      }
    });
  });

  describe('the registry on a re-score', () => {
    it('is read again when it changed, through the same handle or another connection, and only then', async () => {
      const dir = workspace({ 'requirements.txt': 'numpy==2.1.0\n', 'train.py': TRAIN });
      const reg = Registry.open(path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-maturity-reg-')), 'registry.db'));
      const other = Registry.open(reg.file);
      try {
        const assessor = new Assessor(dir);
        const runs = async () => check((await assessor.assess({ registry: reg, findings: [] })).levels, 'L2.tracking').evidence
          .filter((e) => e.detail.startsWith('registry:')).map((e) => e.detail);
        assert.deepEqual(await runs(), []);
        reg.startRun({ experiment: 'e', sourceKind: 'cli' });
        assert.deepEqual(await runs(), ['registry: 1 run, 0 linked to a clean commit']);
        other.startRun({ experiment: 'e', sourceKind: 'cli', git: { commit: 'a'.repeat(40), branch: 'main', dirty: false } });
        assert.deepEqual(await runs(), ['registry: 2 runs, 1 linked to a clean commit']);
        assert.deepEqual(await runs(), ['registry: 2 runs, 1 linked to a clean commit']);
      } finally {
        reg.close();
        other.close();
      }
    });
  });

  describe('the sharing rule', () => {
    it('shares CI that names no folder with the only project below it, and the registry and tags too', async () => {
      const card = await assess(workspace({
        'requirements.txt': 'numpy==2.1.0\n', 'train.py': TRAIN, 'sub/requirements.txt': 'numpy==2.1.0\n', 'sub/train.py': TRAIN, '.github/workflows/ci.yml': PYTEST_CI,
      }));
      assert.deepEqual(card.projectScores!.map((p) => p.root), ['.', 'sub']);
      assert.deepEqual(project(card, 'sub').shared, [
        { file: '.github/workflows/ci.yml', line: null, detail: 'shared CI of ., the only project below it' },
        { file: null, line: null, detail: 'git tags, and registry items from no project folder: the only project below the workspace root' },
      ]);
      // Partial, not pass: no test imports the training code (MLO203).
      const ci = { file: '.github/workflows/ci.yml', line: 6, detail: 'CI runs tests: - run: python -m pytest' };
      assert.equal(check(project(card, 'sub').levels, 'L3.ci-tests').status, 'partial');
      assert.deepEqual(check(project(card, 'sub').levels, 'L3.ci-tests').evidence[0], ci);
      // The workflow is the root project's own file.
      assert.deepEqual(project(card, '.').shared, []);
      assert.deepEqual(check(project(card, '.').levels, 'L3.ci-tests').evidence[0], ci);
    });

    it('shares CI that names no folder with none of two projects below it', async () => {
      const card = await assess(workspace({ 'a/requirements.txt': 'numpy==2.1.0\n', 'a/train.py': TRAIN, 'b/requirements.txt': 'numpy==2.1.0\n', 'b/train.py': TRAIN, '.github/workflows/ci.yml': PYTEST_CI }));
      for (const root of ['a', 'b']) {
        assert.equal(check(project(card, root).levels, 'L3.ci-tests').why, 'no CI configuration', root);
      }
      assert.deepEqual(check(card.levels, 'L3.ci-tests').evidence[0], { file: '.github/workflows/ci.yml', line: 6, detail: 'CI runs tests: - run: python -m pytest' });
    });

    it('gives a path into a nested project to that project, not to the one around it', async () => {
      const card = await assess(workspace({
        'a/requirements.txt': 'numpy==2.1.0\n', 'a/train.py': TRAIN, 'a/b/requirements.txt': 'numpy==2.1.0\n', 'a/b/train.py': TRAIN,
        'c/requirements.txt': 'numpy==2.1.0\n', 'c/train.py': TRAIN, '.github/workflows/ci.yml': `${PYTEST_CI}      - run: python -m pytest a/b/tests\n`,
      }));
      assert.deepEqual(project(card, 'a/b').shared.map((s) => s.line), [7]);
      assert.deepEqual(project(card, 'a').shared, []);
      assert.deepEqual(project(card, 'c').shared, []);
    });

    it('makes a project\'s CI checks unknown when a workflow naming it cannot be parsed', async () => {
      const card = await assess(workspace({
        'a/requirements.txt': 'numpy==2.1.0\n', 'a/train.py': TRAIN, 'b/requirements.txt': 'numpy==2.1.0\n', 'b/train.py': TRAIN,
        '.github/workflows/a.yml': 'jobs:\n  test:\n    defaults: {run: {working-directory: a}}\n    steps: [\n',
      }));
      assert.equal(check(project(card, 'a').levels, 'L3.ci-tests').status, 'unknown');
      assert.match(check(project(card, 'a').levels, 'L3.ci-tests').why!, /^cannot read \.github\/workflows\/a\.yml: invalid YAML/);
      assert.equal(check(project(card, 'b').levels, 'L3.ci-tests').why, 'no CI configuration');
    });
  });

  describe('a single project', () => {
    it('adds no per-project scores to a one-project workspace (the fixtures\' JSON is unchanged)', async () => {
      const card = await assess(fixture('level-2'));
      assert.deepEqual(card.projects, ['.']);
      assert.equal('projectScores' in card, false);
    });

    it('adds none when the other root owns no Python code (a settings or docs folder)', async () => {
      const card = await assess(workspace({ 'requirements.txt': 'mkdocs==1.6.0\n', 'ml/requirements.txt': 'numpy==2.1.0\n', 'ml/train.py': TRAIN }));
      assert.deepEqual(card.projects, ['.', 'ml']);
      assert.equal('projectScores' in card, false);
    });
  });
});

describe('a CI file naming a project folder', () => {
  const named = (text: string, folder: string, nested?: string[]) => folderReference(text, folder, nested)?.line ?? null;

  it('finds paths inside the folder: paths filters, file arguments, ./ and checkout variables', () => {
    assert.equal(named('on:\n  push:\n    paths: ["churn/**"]\n', 'churn'), 3);
    assert.equal(named('run: pip install -r churn/requirements.txt', 'churn'), 1);
    assert.equal(named('run: python ./churn/train.py', 'churn'), 1);
    assert.equal(named('run: pytest ${{ github.workspace }}/churn/tests', 'churn'), 1);
    assert.equal(named('script: pytest $CI_PROJECT_DIR/churn/tests', 'churn'), 1);
  });

  it('finds the folder as a working directory', () => {
    assert.equal(named('defaults:\n  run:\n    working-directory: churn\n', 'churn'), 3);
    assert.equal(named('working-directory: ./churn/', 'churn'), 1);
    assert.equal(named('- run: cd churn && pytest', 'churn'), 1);
    assert.equal(named('- run: make -C churn test', 'churn'), 1);
    assert.equal(named('defaults: {run: {working-directory: churn}}', 'churn'), 1);
  });

  it('takes a path of several segments on its own, but not a lone word, which is as often a model name', () => {
    assert.equal(named('- run: pytest projects/churn', 'projects/churn'), 1);
    assert.equal(named('- run: mlops-lens models promote churn latest --to production', 'churn'), null);
  });

  it('ignores other folders that contain the name, and comments', () => {
    assert.equal(named('paths: ["churnx/**", "old/churn/**"]', 'churn'), null);
    assert.equal(named('# churn/ used to live here\nrun: pytest', 'churn'), null);
  });

  it('leaves paths into a nested project to that project', () => {
    assert.equal(named('run: pytest a/b/tests', 'a', ['b']), null);
    assert.equal(named('run: pytest a/b/tests a/tests', 'a', ['b']), 1);
  });
});
