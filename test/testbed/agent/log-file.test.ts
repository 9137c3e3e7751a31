// CRI log files: what the agent writes is what the log endpoint parses back.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { LogWriter, formatRecord, parseLogRecords, tail } from '../../../testbed/agent/log-file.ts';

describe('CRI log files', () => {
  test('lines written in arbitrary chunks read back exactly, partial tail flushed on close', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: fc.constantFrom('a', 'b', ' ', '\n', 'é') }), { maxLength: 20 }), (chunks) => {
        const path = join(mkdtempSync(join(tmpdir(), 'netpart-log-')), 'c.log');
        const writer = new LogWriter(path);
        for (const chunk of chunks) writer.write('stdout', chunk);
        writer.close();
        const { records, rest } = parseLogRecords(readFileSync(path, 'utf8'));
        assert.equal(rest, '');
        assert.equal(records.map((r) => formatRecord(r, false)).join(''), chunks.join(''));
      }),
      { numRuns: 50 },
    );
  });

  test('streams stay apart and timestamps prefix each line', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'netpart-log-')), 'c.log');
    const writer = new LogWriter(path);
    writer.write('stdout', 'out1\nout');
    writer.write('stderr', 'err1\n');
    writer.write('stdout', '2\n');
    writer.close();
    const { records } = parseLogRecords(readFileSync(path, 'utf8'));
    assert.deepEqual(
      records.map((r) => [r.stream, r.text]),
      [
        ['stdout', 'out1'],
        ['stderr', 'err1'],
        ['stdout', 'out2'],
      ],
    );
    assert.match(formatRecord(records[0]!, true), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z out1\n$/);
  });

  test('tail keeps the last n records; 0 keeps none; undefined keeps all', () => {
    const records = parseLogRecords('t stdout F a\nt stdout F b\nt stdout F c\n').records;
    assert.deepEqual(
      tail(records, 2).map((r) => r.text),
      ['b', 'c'],
    );
    assert.deepEqual(tail(records, 0), []);
    assert.equal(tail(records, undefined).length, 3);
  });
});
