import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { registerModel } from '../../../src/core/models';
import { cleanup, FIXTURES, rejectsWith, runTsAs, tempDir, workspace } from './helpers';

const CHILD = path.join(__dirname, 'children', 'read-source.ts');

describe('models: bad input to registration', () => {
  afterEach(cleanup);

  it('refuses a missing file, naming it', async () => {
    const ws = workspace();
    const missing = path.join(ws.dir, 'nope.onnx');
    await rejectsWith(registerModel(ws.reg, { name: 'm', file: missing }), new RegExp(`cannot register model: ${missing}: the file does not exist`));
    ws.reg.close();
  });

  it('refuses a directory', async () => {
    const ws = workspace();
    fs.mkdirSync(path.join(ws.dir, 'saved_model.onnx'));
    await rejectsWith(registerModel(ws.reg, { name: 'm', file: path.join(ws.dir, 'saved_model.onnx') }), /this is a folder; register one model file/);
    ws.reg.close();
  });

  it('refuses an empty file', async () => {
    const ws = workspace();
    fs.writeFileSync(path.join(ws.dir, 'empty.onnx'), '');
    await rejectsWith(registerModel(ws.reg, { name: 'm', file: path.join(ws.dir, 'empty.onnx') }), /the file is empty \(zero bytes\)/);
    ws.reg.close();
  });

  it('refuses a symlink loop', async () => {
    const ws = workspace();
    fs.symlinkSync(path.join(ws.dir, 'b.onnx'), path.join(ws.dir, 'a.onnx'));
    fs.symlinkSync(path.join(ws.dir, 'a.onnx'), path.join(ws.dir, 'b.onnx'));
    await rejectsWith(registerModel(ws.reg, { name: 'm', file: path.join(ws.dir, 'a.onnx') }), /symlink loop/);
    ws.reg.close();
  });

  it('refuses a file the user cannot read', async () => {
    const dir = tempDir();
    fs.chmodSync(dir, 0o755);
    const file = path.join(dir, 'secret.onnx');
    fs.copyFileSync(path.join(FIXTURES, 'linear.onnx'), file);
    fs.chmodSync(file, 0o000);
    // Root reads any file, so the check runs as an unprivileged user when the tests run as root.
    const asNobody = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
    const out = await runTsAs(CHILD, [file], asNobody);
    assert.equal(out.stdout.trim(), `error cannot register model: ${file}: permission denied`, out.stderr);
  });

  for (const name of ['../evil', 'a/b', 'a\\b', '..', '.hidden', '', 'x'.repeat(200)]) {
    it(`refuses the model name ${JSON.stringify(name.length > 20 ? name.slice(0, 10) + '…' : name)}`, async () => {
      const ws = workspace();
      await rejectsWith(registerModel(ws.reg, { name, file: ws.file('linear.onnx') }), /invalid model name/);
      const stored = fs.existsSync(path.join(ws.dir, '.mlops', 'models'));
      ws.reg.close();
      assert.equal(stored, false);
    });
  }

  it('refuses an extension that is not a model format, listing the supported ones', async () => {
    const ws = workspace();
    await rejectsWith(registerModel(ws.reg, { name: 'm', file: ws.file('notes.txt') }), /unsupported model format: .*notes\.txt: expected one of \.onnx .* \(got \.txt\)/);
    ws.reg.close();
  });

  const MISMATCHES: [string, RegExp][] = [
    ['html.pt', /not a valid PyTorch file: .*html\.pt: expected a ZIP archive .* found bytes 3c 68 74 6d/],
    ['text.pkl', /not a valid pickle file: .*expected a pickle stream of protocol 2 or later/],
    ['zip.h5', /not a valid HDF5 file: .*expected the HDF5 signature/],
    ['pickle.keras', /not a valid Keras file: .*expected a ZIP archive/],
    ['huge_header.safetensors', /not a valid safetensors file: .*header length 10000 does not fit a 10-byte file/],
    ['not_json.safetensors', /not a valid safetensors file: .*header is not JSON/],
    ['array_header.safetensors', /not a valid safetensors file: .*the header is not a JSON object/],
  ];
  for (const [file, message] of MISMATCHES) {
    it(`refuses ${file}, whose bytes contradict its extension`, async () => {
      const ws = workspace();
      await rejectsWith(registerModel(ws.reg, { name: 'm', file: ws.file(file) }), message);
      ws.reg.close();
    });
  }

  it('leaves earlier versions and the store intact after a refused file', async () => {
    const ws = workspace();
    const good = await registerModel(ws.reg, { name: 'm', file: ws.file('linear.onnx') });
    await rejectsWith(registerModel(ws.reg, { name: 'm', file: ws.file('html.pt') }), /not a valid PyTorch file/);
    const versions = ws.reg.listModelVersions().map((v) => v.version);
    ws.reg.close();
    assert.deepEqual(versions, [1]);
    assert.deepEqual(fs.readdirSync(path.dirname(path.dirname(good.path))), ['1']);
  });

  it('refuses a --run that matches no run, before copying anything', async () => {
    const ws = workspace();
    await rejectsWith(registerModel(ws.reg, { name: 'm', file: ws.file('linear.onnx'), run: 'deadbeef' }), /no such run: deadbeef/);
    const stored = fs.existsSync(path.join(ws.dir, '.mlops', 'models'));
    ws.reg.close();
    assert.equal(stored, false);
  });
});
