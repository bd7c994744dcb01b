#!/usr/bin/env node
// Reads the output of `npm test` and prints each suite's passing / failing counts, then the total
// as "N passed, N failed" (the plain closing line CI reads). Suites are told apart by the headers
// the runners print: the unit tests first, then "=== Client suite under …" and
// "=== Integration suite "name" …". A suite that printed no count is named as such.
// Usage: node scripts/suiteCounts.mjs <log file>
import { readFileSync } from 'node:fs';

const lines = readFileSync(process.argv[2], 'utf8').split('\n');
const suites = [];
let current = { name: 'unit', passed: undefined, failed: 0, pending: 0 };
const start = (name) => {
  suites.push(current);
  current = { name, passed: undefined, failed: 0, pending: 0 };
};
for (const line of lines) {
  const client = /^=== Client suite under (\S+) ===/.exec(line);
  const integration = /^=== Integration suite "([^"]+)"/.exec(line);
  if (client) start(`client (Node ${client[1]})`);
  else if (integration) start(`integration ${integration[1]}`);
  const passing = /^\s+(\d+) passing\b/.exec(line);
  const failing = /^\s+(\d+) failing\b/.exec(line);
  const pending = /^\s+(\d+) pending\b/.exec(line);
  if (passing) current.passed = (current.passed ?? 0) + Number(passing[1]);
  if (failing) current.failed += Number(failing[1]);
  if (pending) current.pending += Number(pending[1]);
}
suites.push(current);

let passed = 0;
let failed = 0;
console.log('\n=== Tests per suite ===');
for (const suite of suites) {
  if (suite.passed === undefined && suite.failed === 0) {
    if (suite.name !== 'unit' || suites.length > 1) console.log(`${suite.name}: no count reported (it did not run, or stopped before its summary)`);
    continue;
  }
  passed += suite.passed ?? 0;
  failed += suite.failed;
  console.log(`${suite.name}: ${suite.passed ?? 0} passed, ${suite.failed} failed${suite.pending ? `, ${suite.pending} pending` : ''}`);
}
console.log(`total: ${passed} passed, ${failed} failed`);
