import * as assert from 'node:assert/strict';
import { assess, type Scorecard, type Status } from '../../../src/core/maturity';
import { fixture } from './helpers';

function statuses(card: Scorecard): Record<string, Status> {
  return Object.fromEntries(card.levels.flatMap((l) => l.checks.map((c) => [c.id, c.status])));
}

function check(card: Scorecard, id: string) {
  return card.levels.flatMap((l) => l.checks).find((c) => c.id === id)!;
}

/** Every check not named is expected to fail. */
function expected(over: Record<string, Status>): Record<string, Status> {
  const all = ['L1.ml-code', 'L1.dependencies', 'L2.tracking', 'L2.pipeline', 'L2.retraining', 'L2.model-registry', 'L2.reproducibility', 'L2.feature-modules',
    'L3.ci-tests', 'L3.quality-gates', 'L3.promotion', 'L3.feature-store', 'L3.slices', 'L3.serving',
    'L4.data-drift', 'L4.prediction-drift', 'L4.ground-truth', 'L4.sla', 'L4.quality-alerts', 'L4.retrain-trigger', 'L4.canary',
    'L5.hpo', 'L5.feature-discovery', 'L5.self-healing'];
  return Object.fromEntries(all.map((id) => [id, over[id] ?? 'fail']));
}

const L2: Record<string, Status> = { 'L1.ml-code': 'pass', 'L1.dependencies': 'pass', 'L2.tracking': 'pass', 'L2.pipeline': 'pass', 'L2.retraining': 'pass', 'L2.model-registry': 'pass', 'L2.reproducibility': 'pass', 'L2.feature-modules': 'pass' };
const L3: Record<string, Status> = { ...L2, 'L3.ci-tests': 'pass', 'L3.quality-gates': 'pass', 'L3.promotion': 'partial', 'L3.feature-store': 'pass', 'L3.slices': 'pass', 'L3.serving': 'pass' };
const L4: Record<string, Status> = { ...L3, 'L4.data-drift': 'pass', 'L4.prediction-drift': 'pass', 'L4.ground-truth': 'pass', 'L4.sla': 'pass', 'L4.quality-alerts': 'pass', 'L4.retrain-trigger': 'pass', 'L4.canary': 'pass' };

describe('fixture workspaces', function () {
  this.timeout(60_000);

  describe('level-1', () => {
    let card: Scorecard;
    before(async () => (card = await assess(fixture('level-1'))));
    it('is level 1, 9% of the way to level 2 (1 of 14 weight points of level 2 pass: 1/14/0.75 = 9.5%)', () => {
      assert.equal(card.level, 1);
      assert.equal(card.progressToNext, 9);
    });
    it('has exactly the statuses it was built for', () => {
      assert.deepEqual(statuses(card), expected({ 'L1.ml-code': 'pass', 'L1.dependencies': 'pass', 'L2.feature-modules': 'pass' }));
    });
    it('shows train.py line 8 as the training evidence and requirements.txt as the dependency file', () => {
      assert.deepEqual(check(card, 'L1.ml-code').evidence, [{ file: 'train.py', line: 8, detail: 'trains a model: model.fit(X_tr, y_tr)' }]);
      assert.deepEqual(check(card, 'L1.dependencies').evidence, [{ file: 'requirements.txt', line: null, detail: 'declares dependencies' }]);
    });
    it('says reproducibility fails on the unseeded split and both unpinned requirements', () => {
      assert.equal(check(card, 'L2.reproducibility').why, 'missing: 1 unseeded call (MLO104); 2 unpinned dependencies (MLO106); data not versioned');
    });
    it('puts the level 2 checks first on the roadmap, with the 1→2 timeline', () => {
      assert.deepEqual(card.roadmap.filter((s) => s.level === 2).map((s) => [s.checkId, s.timeline]), [
        ['L2.tracking', '1→2: 4–8 weeks'], ['L2.pipeline', '1→2: 4–8 weeks'], ['L2.reproducibility', '1→2: 4–8 weeks'], ['L2.retraining', '1→2: 4–8 weeks'], ['L2.model-registry', '1→2: 4–8 weeks'],
      ]);
    });
  });

  describe('level-2', () => {
    let card: Scorecard;
    before(async () => (card = await assess(fixture('level-2'))));
    it('is level 2 with nothing of level 3 passing', () => {
      assert.equal(card.level, 2);
      assert.equal(card.progressToNext, 0);
      assert.deepEqual(statuses(card), expected(L2));
    });
    it('finds the pipeline in dvc.yaml line 3 and the scheduled retraining in the workflow lines 3 and 11', () => {
      assert.deepEqual(check(card, 'L2.pipeline').evidence.slice(0, 2), [
        { file: 'dvc.yaml', line: 3, detail: 'dvc.yaml stage: cmd: python -m src.train' },
        { file: '.github/workflows/retrain.yml', line: 11, detail: 'CI job trains: - run: dvc repro' },
      ]);
      assert.deepEqual(check(card, 'L2.retraining').evidence, [{ file: '.github/workflows/retrain.yml', line: 3, detail: 'scheduled workflow trains: - run: dvc repro' }]);
    });
    it('finds the registration on src/train.py line 17 and the DVC-tracked data', () => {
      assert.deepEqual(check(card, 'L2.model-registry').evidence, [{ file: 'src/train.py', line: 17, detail: 'registers a model: mlflow.sklearn.log_model(model, "model", registered_model_name="churn")' }]);
      assert.ok(check(card, 'L2.reproducibility').evidence.some((e) => e.file === 'data/churn.csv.dvc'));
    });
    it('counts the CI without tests as deployment as an afterthought (MLO203)', () => {
      assert.deepEqual(card.antiPatterns.map((a) => a.findings), [0, 1, 0, 0, 0]);
      assert.equal(card.antiPatterns[1]!.locations[0]!.code, 'MLO203');
    });
  });

  describe('level-3', () => {
    let card: Scorecard;
    before(async () => (card = await assess(fixture('level-3'))));
    it('is level 3: 11 of 12 weight points (promotion partial) = 92%', () => {
      assert.equal(card.level, 3);
      assert.equal(card.levels[2]!.score, 0.917);
      assert.deepEqual(statuses(card), expected(L3));
    });
    it('shows the CI test run and the gate as evidence', () => {
      assert.deepEqual(check(card, 'L3.ci-tests').evidence, [{ file: '.github/workflows/ci.yml', line: 12, detail: 'CI runs tests: - run: python -m pytest' }]);
      assert.deepEqual(check(card, 'L3.quality-gates').evidence, [
        { file: '.github/workflows/ci.yml', line: 18, detail: 'CI quality check: - run: npx mlops-lens gate --to production' },
        { file: 'pyproject.toml', line: null, detail: 'gates configured for production' },
      ]);
    });
    it('passes the feature path on the FastAPI service that imports the training features', () => {
      assert.equal(check(card, 'L3.feature-store').why, 'serving code shares the feature path (no MLO301 findings)');
      assert.deepEqual(check(card, 'L3.feature-store').evidence[0], { file: 'serve/app.py', line: 7, detail: 'serving code: app = FastAPI()' });
    });
    it('has no anti-pattern findings', () => {
      assert.deepEqual(card.antiPatterns.map((a) => a.findings), [0, 0, 0, 0, 0]);
    });
  });

  describe('level-4', () => {
    let card: Scorecard;
    before(async () => (card = await assess(fixture('level-4'))));
    it('is level 4 with every level-4 check passing and nothing of level 5', () => {
      assert.equal(card.level, 4);
      assert.equal(card.progressToNext, 0);
      assert.deepEqual(statuses(card), expected(L4));
    });
    it('points at the drift alert rule and the canary split', () => {
      assert.deepEqual(check(card, 'L4.quality-alerts').evidence, [{ file: 'monitoring/alerts.yml', line: 5, detail: 'model-quality alert: expr: churn_max_psi > 0.2' }]);
      assert.deepEqual(check(card, 'L4.canary').evidence, [{ file: 'k8s/inference-service.yaml', line: 7, detail: 'rollout split: canaryTrafficPercent: 10' }]);
    });
    it('finds the drift job and the retraining that needs it in one workflow', () => {
      assert.deepEqual(check(card, 'L4.retrain-trigger').evidence, [{ file: '.github/workflows/monitor.yml', line: 10, detail: 'monitoring starts training' }]);
    });
  });

  describe('anti-patterns', () => {
    let card: Scorecard;
    before(async () => (card = await assess(fixture('anti-patterns'))));
    it('counts each anti-pattern from its lint rules', () => {
      const counts = Object.fromEntries(card.antiPatterns.map((a) => [a.name, a.findings]));
      assert.deepEqual(counts, { 'Heroic data science': 0, 'Deployment as an afterthought': 3, 'Monitoring only infrastructure': 1, 'Set-and-forget retraining': 1, 'Tool overload': 1 });
    });
    it('finds the ungated S3 upload, the CI without tests and the duplicated features', () => {
      const codes = card.antiPatterns[1]!.locations.map((l) => `${l.code} ${l.file}:${l.line}`).sort();
      assert.deepEqual(codes, ['MLO202 .github/workflows/deploy.yml:10', 'MLO203 .github/workflows/deploy.yml:5', 'MLO301 serve/app.py:7']);
    });
    it('fails the feature path and the quality alerts because of MLO301 and MLO204', () => {
      assert.equal(check(card, 'L3.feature-store').why, 'features are computed twice (MLO301)');
      assert.equal(check(card, 'L4.quality-alerts').why, 'monitoring watches only infrastructure (MLO204)');
    });
  });
});
