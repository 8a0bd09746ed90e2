import { main } from './main';

// Exit only once stdout has drained: a pipe on macOS is asynchronous and a large --json answer would be cut off.
const exit = (code: number) => process.stdout.write('', () => process.exit(code));

main(process.argv.slice(2)).then(exit, (err: unknown) => {
  process.stderr.write(`mlops-lens: internal error: ${String(err)}\n`);
  exit(2);
});
