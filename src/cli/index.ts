import { main } from './main';

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`mlops-lens: internal error: ${String(err)}\n`);
    process.exit(2);
  },
);
