import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parse } from 'csv-parse/sync';
import { checklistCsv, csvColumns, csvField, toCsv } from '../../../src/lib/checklist/csv.ts';
import { items, origin } from './fixtures.ts';

describe('CSV fields', () => {
  it('quote commas, quotes, line breaks and outer spaces, doubling quotes inside', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(' padded ')).toBe('" padded "');
    expect(csvField(undefined)).toBe('');
    expect(csvField(2)).toBe('2');
  });

  it('never start with a character a spreadsheet would run as a formula', () => {
    expect(csvField('=HYPERLINK("http://x")')).toBe('"\'=HYPERLINK(""http://x"")"');
    for (const start of ['+', '-', '@', '\t']) expect(csvField(`${start}1`).replace(/^"/, '')).toMatch(/^'/);
  });

  it('come back unchanged through a real CSV parser, as a property', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.string({ unit: 'grapheme' }), { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 5 }), (rows) => {
        const width = rows[0]!.length;
        const even = rows.map((r) => Array.from({ length: width }, (_, i) => r[i] ?? ''));
        const back = parse(toCsv(even), { relax_column_count: false }) as string[][];
        const formula = /^[=+\-@\t\r]/;
        expect(back).toEqual(even.map((r) => r.map((cell) => (formula.test(cell) ? `'${cell}` : cell))));
      }),
    );
  });
});

describe('the checklist as CSV', () => {
  const records = {
    'ss-owner-named': { owner: 'Ana, the lead', due: '2026-11-01', notes: 'Asked twice.\nStill waiting, "soon".' },
    'ss-scan-in-ci': { done: '2026-08-01' },
  };
  const text = checklistCsv(items, records, '2026-11-30', origin);
  const rows = parse(text, { columns: true }) as Record<string, string>[];

  it('has the promised columns, CRLF line ends and one row per item', () => {
    expect(Object.keys(rows[0]!)).toEqual([...csvColumns]);
    expect(text.split('\r\n')).toHaveLength(items.length + 2);
    expect(rows.map((r) => r.id)).toEqual(items.map((i) => i.id));
  });

  it('parses with a real CSV parser into the same owners, dates, statuses and notes', () => {
    expect(rows[0]).toEqual({
      id: 'ss-owner-named',
      practice: 'Start somewhere',
      level: '1',
      title: items[0]!.title,
      status: 'Overdue',
      owner: 'Ana, the lead',
      due: '2026-11-01',
      'done on': '',
      'next re-check': '',
      notes: 'Asked twice.\nStill waiting, "soon".',
      'guide URL': 'https://plainsec.dev/guides/start-somewhere/first-week/',
      // An item that maps to no framework leaves those columns empty (tests/unit/frameworks/checklist-ids.test.ts fills them).
      'CIS Controls': '',
      'NIST CSF': '',
      'CIS AWS Foundations': '',
      'Security Hub': '',
      'MITRE ATT&CK': '',
    });
    expect(rows[2]).toMatchObject({ status: 'Due for a re-check', 'done on': '2026-08-01', 'next re-check': '2026-10-30', 'guide URL': '' });
  });
});
