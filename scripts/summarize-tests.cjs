// Reads the stages test-all.sh recorded (name, exit status, jest JSON file or "-", seconds),
// prints one line per stage, then, as the very last line, "N passed, N failed".
// Lint and the type check count as one check each; jest stages count their tests, plus one
// failure for each suite that could not run or a run that produced no report.
// Exit status: 0 only when nothing failed.
'use strict';
const fs = require('node:fs');

const [stagesFile, totalSeconds] = process.argv.slice(2);
const rows = fs
  .readFileSync(stagesFile, 'utf8')
  .split('\n')
  .filter(Boolean)
  .map(line => {
    const [name, status, json, seconds] = line.split('\t');
    return { name, status: Number(status), json, seconds: Number(seconds) };
  });

let passed = 0;
let failed = 0;
for (const row of rows) {
  let stagePassed = 0;
  let stageFailed = 0;
  let note = '';
  if (row.json === '-') {
    if (row.status === 0) stagePassed = 1;
    else stageFailed = 1;
  } else {
    let report;
    try {
      report = JSON.parse(fs.readFileSync(row.json, 'utf8'));
    } catch {
      report = undefined;
    }
    if (!report) {
      stageFailed = 1;
      note = ' (jest wrote no report)';
    } else {
      stagePassed = report.numPassedTests;
      stageFailed = report.numFailedTests + report.numRuntimeErrorTestSuites;
      if (report.numRuntimeErrorTestSuites > 0) {
        note = ` (${report.numRuntimeErrorTestSuites} suite(s) failed to run)`;
      }
      if (row.status !== 0 && stageFailed === 0) {
        // e.g. "no tests found", an open-handle abort: jest failed without a failing test.
        stageFailed = 1;
        note = ` (jest exited ${row.status})`;
      }
    }
  }
  passed += stagePassed;
  failed += stageFailed;
  console.log(
    `${row.name.padEnd(10)} ${String(stagePassed).padStart(4)} passed ${String(stageFailed).padStart(4)} failed  ${row.seconds}s${note}`
  );
}
if (totalSeconds) {
  console.log(
    `total time ${Math.floor(totalSeconds / 60)}m${String(totalSeconds % 60).padStart(2, '0')}s`
  );
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
