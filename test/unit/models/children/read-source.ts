/** Checks one model file as a registration would and prints `ok <sha256>` or `error <message>`. */
import { describeError } from '../../../../src/core/errors';
import { readSource } from '../../../../src/core/models/store';

readSource(process.argv[2]!).then(
  (s) => process.stdout.write(`ok ${s.sha256}\n`),
  (err: unknown) => process.stdout.write(`error ${describeError(err)}\n`),
);
