#!/usr/bin/env node
// Entry point of the `runtime` command: the compiled CLI lives in dist/ (built by `npm ci` through `prepare`).
import { main } from '../dist/cli/main.js';

const code = await main(process.argv.slice(2));
process.exitCode = code;
// Commands close what they open; a library's idle keep-alive socket must not hold the exit back.
setTimeout(() => process.exit(code), 1000).unref();
