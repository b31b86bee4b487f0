#!/usr/bin/env node
// The package's command line (npx oc-oauth-provider <command>): one command today.
const commands = {
  'migrate-check': () => import('./migrate-check.mjs'),
};

const [name, ...args] = process.argv.slice(2);
if (!commands[name]) {
  process.stderr.write(`usage: oc-oauth-provider <command> [options]\n\ncommands:\n  migrate-check   what switching a 0.10.x namespace to 1.x does to its sessions (--help)\n`);
  process.exit(name === undefined || name === '--help' || name === '-h' ? 0 : 3);
}
const { main } = await commands[name]();
process.exitCode = await main(args);
