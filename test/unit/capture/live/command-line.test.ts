import * as assert from 'node:assert/strict';
import { argumentsOf, commandsOf, isTrainingCommand, parseArgs, parseCommandArgs, scriptCommandLine, tokenize } from '../../../../src/core/capture/command-line';

const words = (line: string) => tokenize(line, { backslashEscapes: true }).map((t) => (t.kind === 'op' ? `<${t.text}>` : t.text));

describe('command line reading', () => {
  describe('tokenize', () => {
    const cases: [string, string[]][] = [
      ['python train.py --lr 0.1', ['python', 'train.py', '--lr', '0.1']],
      ['  python   train.py\t--lr=0.1  ', ['python', 'train.py', '--lr=0.1']],
      [`python train.py --name 'my run' --note "a \\"quoted\\" word"`, ['python', 'train.py', '--name', 'my run', '--note', 'a "quoted" word']],
      [`echo 'single \\ stays' "double \\n stays"`, ['echo', 'single \\ stays', 'double \\n stays']],
      ['python train.py --out my\\ dir', ['python', 'train.py', '--out', 'my dir']],
      ['a=1"b c"d', ['a=1b cd']],
      ["--tag ''", ['--tag', '']],
      ['cd src && python train.py; echo done', ['cd', 'src', '<&&>', 'python', 'train.py', '<;>', 'echo', 'done']],
      ['python train.py | tee log.txt', ['python', 'train.py', '<|>', 'tee', 'log.txt']],
      ['python train.py # lr sweep', ['python', 'train.py']],
      ['python a#b.py', ['python', 'a#b.py']],
      ['python train.py \\\n  --lr 1', ['python', 'train.py', '--lr', '1']],
      [`python train.py --name 'unterminated`, ['python', 'train.py', '--name', 'unterminated']],
      ['python train.py --lr $LR', ['python', 'train.py', '--lr', '$LR']],
    ];
    for (const [line, expected] of cases) {
      it(`splits ${JSON.stringify(line)}`, () => assert.deepEqual(words(line), expected));
    }

    it('keeps backslashes of Windows paths when escapes are off', () => {
      assert.deepEqual(tokenize('python C:\\work\\train.py --data "D:\\d.csv"', { backslashEscapes: false }).map((t) => t.text),
        ['python', 'C:\\work\\train.py', '--data', 'D:\\d.csv']);
    });
  });

  describe('isTrainingCommand with the default patterns', () => {
    const yes = [
      'python train.py',
      'python3 src/train_model.py --epochs 3',
      '/usr/bin/python3.11 -u scripts/train.py',
      '.venv/bin/python -W ignore train.py',
      'CUDA_VISIBLE_DEVICES=0,1 python train.py',
      'nohup python train.py > log.txt',
      'uv run python train.py',
      'poetry run python -m mypkg.train',
      'conda run -n torch python finetune_train.py',
      'cd experiments && python train.py',
      'python -m src.fit --cfg a.yaml',
      'python -mpackage.main',
      'accelerate launch --num_processes 2 run_clm.py',
      'torchrun --nproc_per_node=4 main.py',
      'deepspeed --num_gpus 8 pretrain.py --deepspeed ds.json',
      'yolo train data=coco8.yaml model=yolov8n.pt epochs=3',
      'yolo detect train data=coco8.yaml',
      'yolo task=detect mode=train data=coco8.yaml',
      'dvc exp run -S lr=0.1',
      './train.py --lr 1',
      'time python train.py',
      'nice -n 10 python train.py',
      'env -u DISPLAY WANDB_MODE=offline python train.py',
    ];
    const no = [
      'python',
      'python serve.py --model trained.pt',
      'python -m pip install torch',
      'python -m pytest tests/',
      'python -m venv .venv',
      'python -m http.server 8000',
      'pip install train',
      'ls train/',
      'git commit -m "train model"',
      'yolo predict model=best.pt',
      'dvc repro',
      'cat train.py',
      'echo python train.py',
      '',
    ];
    for (const line of yes) it(`takes ${JSON.stringify(line)} as training`, () => assert.equal(isTrainingCommand(line), true));
    for (const line of no) it(`does not take ${JSON.stringify(line)} as training`, () => assert.equal(isTrainingCommand(line), false));

    it('uses patterns given instead of the defaults', () => {
      assert.equal(isTrainingCommand('make fit', [/^make fit$/]), true);
      assert.equal(isTrainingCommand('python train.py', [/^make fit$/]), false);
    });
  });

  describe('parseArgs', () => {
    const cases: [string[], Record<string, string>][] = [
      [['--lr', '0.1', '--epochs', '3'], { lr: '0.1', epochs: '3' }],
      [['--lr=0.1', '--name=a=b'], { lr: '0.1', name: 'a=b' }],
      [['--fp16', '--lr', '1e-3'], { fp16: 'true', lr: '1e-3' }],
      [['--lr', '1e-3', '--fp16'], { lr: '1e-3', fp16: 'true' }],
      [['--shift', '-1', '--scale', '-0.5', '--eps', '-1e-8'], { shift: '-1', scale: '-0.5', eps: '-1e-8' }],
      [['-e', '10', '-v'], { e: '10', v: 'true' }],
      [['trainer.max_epochs=10', 'model=resnet', '+extra.flag=1', '++opt.lr=0.1'], { 'trainer.max_epochs': '10', model: 'resnet', 'extra.flag': '1', 'opt.lr': '0.1' }],
      [['data/train.csv', 'out'], {}],
      [['--lr', '0.1', '--lr', '0.2'], { lr: '0.2' }],
      [['--', '--not-an-option', 'k=v'], { k: 'v' }],
      [['-S', 'lr=0.1', '--set-param', 'train.epochs=5'], { lr: '0.1', 'train.epochs': '5' }],
      [['--name', 'my run', '--empty', ''], { name: 'my run', empty: '' }],
      [['--output_dir', '-'], { output_dir: '-' }],
    ];
    for (const [args, expected] of cases) it(`reads ${JSON.stringify(args)}`, () => assert.deepEqual(parseArgs(args), expected));
  });

  describe('argumentsOf', () => {
    const cases: [string, string | null, string[]][] = [
      ['python -u train.py --lr 1', 'train.py', ['--lr', '1']],
      ['torchrun --nproc_per_node=4 train.py --lr 1', 'train.py', ['--lr', '1']],
      ['accelerate launch --mixed_precision fp16 run.py x=1', 'run.py', ['x=1']],
      ['python -m pkg.train --lr 1', 'pkg.train', ['--lr', '1']],
      ['yolo detect train data=coco8.yaml', 'yolo detect train', ['data=coco8.yaml']],
      ['dvc exp run -S lr=0.1', 'dvc exp run', ['-S', 'lr=0.1']],
      ['CUDA_VISIBLE_DEVICES=1 uv run python train.py --a 1', 'train.py', ['--a', '1']],
    ];
    for (const [line, entry, args] of cases) {
      it(`finds the program's arguments in ${JSON.stringify(line)}`, () => {
        assert.deepEqual(argumentsOf(commandsOf(line)[0]!), { entry, args });
      });
    }
  });

  it('reads the params of the training command in a compound line', () => {
    assert.deepEqual(parseCommandArgs('cd src && CUDA_VISIBLE_DEVICES=0 python train.py --lr 0.01 trainer.max_epochs=5 --amp | tee log'),
      { lr: '0.01', 'trainer.max_epochs': '5', amp: 'true' });
  });

  it('does not take the launcher\'s own options as params', () => {
    assert.deepEqual(parseCommandArgs('torchrun --nproc_per_node=4 train.py --batch 64'), { batch: '64' });
  });

  describe('scriptCommandLine', () => {
    it('leaves plain words unquoted', () => assert.equal(scriptCommandLine('python3', '/w/src/train.py', 'posix'), 'python3 /w/src/train.py'));

    it('quotes a POSIX path with spaces and quotes so the shell splits it back into one word', () => {
      const file = "/w/my proj/it's train.py";
      const line = scriptCommandLine('/opt/py 3/bin/python', file, 'posix');
      assert.deepEqual(tokenize(line, { backslashEscapes: true }).map((t) => t.text), ['/opt/py 3/bin/python', file]);
    });

    it('quotes for PowerShell with the call operator before a quoted program', () => {
      assert.equal(scriptCommandLine('C:\\Program Files\\Python\\python.exe', "C:\\w\\it's.py", 'powershell'),
        "& 'C:\\Program Files\\Python\\python.exe' 'C:\\w\\it''s.py'");
      assert.equal(scriptCommandLine('python', 'C:\\w\\train.py', 'powershell'), 'python C:\\w\\train.py');
    });

    it('quotes for cmd with double quotes', () => {
      assert.equal(scriptCommandLine('python', 'C:\\my dir\\train.py', 'cmd'), 'python "C:\\my dir\\train.py"');
    });
  });
});
